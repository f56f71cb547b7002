"""A spare child: forked ahead of the next call and warmed up, so the call finds it ready.

The warm-up judges a built-in Dockerfile (WARM_UP, output discarded), says the child is ready, and
then, unless a call is already waiting, a second one holding what most Dockerfiles do
(WARM_UP_MORE). The child that takes the call is in the state of a gate process judging a later
file of a many-file call: BuildKit's parser (Go) loaded, lazily imported modules in, first-use
parsers and patterns built, the code most Dockerfiles run already run once. A many-file call
already relies on one file's judging not changing another's verdict; what else a first call leaves
in a process was audited (module-level state in gate/): pure caches keyed by their whole input
(source lines, suppression comments, ignore patterns, bundled schemas, the bash parser), and two
that are not, reset here: standard input is read once per process (sources.dockerfile_text), and
base images looked up in an engine are cached per process (sources.base_env; the warm-up asks none:
--base-env none, and the cache is cleared anyway). The warm-up reads a file, not standard input;
the standard library's tempfile remembers the temporary directory it first found (TMPDIR): the
warm-up's is forgotten.

A process with the Go runtime loaded must not fork without exec (see preload.py); `--jobs`
forks workers, so the client never sends calls with -j/--jobs here (place.served).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import socket
import sys
from typing import TYPE_CHECKING

from gate.resident import place, wire

if TYPE_CHECKING:
    from gate.policy.engine import PolicyEngine

WARM_UP = b"FROM python:3.12\nARG PKGS\nRUN pip install --only-binary :all: requests $PKGS\n"
# The second stage, run once the spare is ready when no call is waiting for it (calls made one
# right after another do not wait for it: see _job): what most Dockerfiles hold, once each. Stages,
# ARG/ENV expansion, apt-get, a venv, pip from a requirements file, loops and tests, a download
# run, sed -i, users, a heredoc, COPY of the context and from a stage, exec forms. A call then
# runs little code the warm-up did not: over 30 real Dockerfiles its CPU median fell ~2.5 ms
# (~20%), for ~11 ms more warm-up.
WARM_UP_MORE = b"""\
# syntax=docker/dockerfile:1
ARG BASE=python:3.12-slim
FROM ${BASE} AS build
ARG PKGS
ENV PIP_NO_CACHE_DIR=1 \\
    PATH="/opt/venv/bin:$PATH"
WORKDIR /app
COPY requirements.txt ./
RUN set -eux; \\
    apt-get update && apt-get install -y --no-install-recommends gcc curl ca-certificates \\
    && rm -rf /var/lib/apt/lists/*; \\
    python -m venv /opt/venv; \\
    for f in a b; do echo "$f" > "/tmp/$f.txt"; done; \\
    if [ -f requirements.txt ]; then pip install --only-binary :all: -r requirements.txt; fi
RUN pip install --only-binary :all: requests $PKGS
RUN curl -fsSL https://example.com/get.sh -o /tmp/get.sh && sh /tmp/get.sh --version 1.0 \\
    && python -m pip install --upgrade pip && pip wheel --no-deps -w /wheels .
RUN <<EOT bash
  useradd -m app
  chown -R app:app /app
  sed -i 's/a/b/' /etc/example.conf
EOT
COPY . .
FROM python:3.12-slim
COPY --from=build /opt/venv /opt/venv
USER app
EXPOSE 8000
ENTRYPOINT ["python", "-m", "app"]
CMD ["--help"]
"""
READY = b"R"
# The resident process's answer to READY when no call waits: warm up more (a handed-over call
# starts with its length, whose first byte is 0: wire.MAX_PAYLOAD < 2**24).
MORE = b"W"
HANDED = wire.FDS + 1  # the client's 4 descriptors and its connection (for the exit status)


def warm_up(dockerfile: bytes = WARM_UP) -> None:
    """Judge `dockerfile` from a temporary file once with the parsers and the built-in engine the
    resident process built before it forked this child (or built here when it did not): text,
    all output discarded, since every call pays for one warm-up. Then reset the per-process
    state a call leaves that is not a pure cache (see above), and put the parsers and the engine
    back for the call: an engine's first evaluation costs ~4 ms more than its next (the call
    then evaluates it as a many-file call does its second file)."""
    import tempfile

    from gate import cli
    from gate.cli import main
    from gate.policy import judge
    from gate.sources import base_env, dockerfile_text

    # build_ahead() fills both together: the resident process calls it before any fork.
    parsers, engine = (
        (dict(cli.AHEAD), judge.BUILT_IN_AHEAD[0]) if judge.BUILT_IN_AHEAD else build_ahead()
    )
    tempdir = tempfile.tempdir  # gettempdir() keeps TMPDIR as first read: the call's must win
    with tempfile.TemporaryDirectory(prefix="gate-warm-up-") as folder:
        path = os.path.join(folder, "Dockerfile")
        with open(path, "wb") as handle:
            handle.write(dockerfile)
        argv = ["dockerfile", "--no-config", "--base-env", "none", path]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(argv)
    base_env.clear_cache()
    dockerfile_text._stdin_text.clear()
    tempfile.tempdir = tempdir
    cli.AHEAD.update(parsers)
    judge.BUILT_IN_AHEAD[:] = [engine]


def build_ahead() -> tuple[dict[str, argparse.ArgumentParser], PolicyEngine]:
    """What every call would build first, built now: the served commands' argument parsers and
    the built-in policies' engine (taken only by a call that asks for exactly those). The
    resident process builds them once before it forks any child (neither starts a thread), so
    that a spare's warm-up and a cold child start with them."""
    from gate import cli
    from gate.policy import judge

    parsers = {command: cli._parser([command]) for command in place.SERVED}
    engine = judge.load_engine((), ())
    cli.AHEAD.update(parsers)
    judge.BUILT_IN_AHEAD[:] = [engine]
    return parsers, engine


def _job(sock: socket.socket) -> tuple[bytes, list[int]] | None:
    """The call the resident process hands over: 4-byte length, payload, HANDED descriptors.
    Before it, MORE when no call was waiting as this child became ready: then the second stage
    of the warm-up runs, unless the call has come meanwhile (read with MORE, or waiting)."""
    data, ancillary, _, _ = sock.recvmsg(65536, socket.CMSG_SPACE(HANDED * 4))
    if data[:1] == MORE:
        data = data[1:]
        if not data and not _waiting(sock):
            warm_up(WARM_UP_MORE)
        if not data:
            data, ancillary, _, _ = sock.recvmsg(65536, socket.CMSG_SPACE(HANDED * 4))
    fds: list[int] = []
    for level, kind, raw in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            usable = raw[: len(raw) - len(raw) % 4]
            fds.extend(int.from_bytes(usable[i : i + 4], sys.byteorder)
                       for i in range(0, len(usable), 4))  # fmt: skip
    if len(data) < 4 or len(fds) != HANDED:
        return None
    length = int.from_bytes(data[:4], "big")
    payload = bytearray(data[4:])
    while len(payload) < length:
        chunk = sock.recv(min(65536, length - len(payload)))
        if not chunk:
            return None
        payload += chunk
    return bytes(payload), fds


def _waiting(sock: socket.socket) -> bool:
    import select

    return bool(select.select([sock], [], [], 0)[0])


def serve_one(sock: socket.socket) -> int:
    """Warm up, say so, then run the one call handed over (or exit when none comes)."""
    from gate.resident.child import report, run
    from gate.resident.job import parse_job

    warm_up()
    sock.sendall(READY)
    got = _job(sock)
    sock.close()
    if got is None:
        return 0
    payload, fds = got
    os.set_inheritable(fds[wire.FDS], False)  # nothing the call runs may hold the connection
    status = run(parse_job(payload), fds[: wire.FDS])
    report(fds[wire.FDS], status)
    return status


def hand_over(sock: socket.socket, payload: bytes, fds: list[int]) -> None:
    """Give the spare its call (by the resident process)."""
    fd_bytes = b"".join(fd.to_bytes(4, sys.byteorder) for fd in fds)
    sock.sendmsg([len(payload).to_bytes(4, "big")],
                 [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fd_bytes)])  # fmt: skip
    sock.sendall(payload)
