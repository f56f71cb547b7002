"""`gate resident start|stop|status`: manage this installation's resident process."""

from __future__ import annotations

import argparse
import socket
import sys
import time

from gate.resident import place, wire

HELP = """\
Keep gate loaded in a background process so that one-file calls (pre-commit, CI steps) skip
gate's start-up (imports, first-use set-up): while it runs, `gate dockerfile`, `gate image` and
`gate facts` (without --jobs) hand their call to it, and a child of it that is already warm runs
the call with the caller's standard streams, environment, working directory and umask (same
output, same exit status). Opt-in: it runs only
after `gate resident start`, or when a call finds GATE_RESIDENT=1 (that call starts it);
GATE_RESIDENT=0 never uses it. It exits after --idle-timeout seconds without a call, and is not
used (and exits) once gate's installed files change. Its socket is in $XDG_RUNTIME_DIR/gate
(else /tmp/gate-UID), a directory that must be owned by you and closed to others.
"""
START_SECONDS = 30.0


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = HELP
    parser.add_argument(
        "action", choices=("start", "stop", "status"),
        help="start it (returns once it listens), stop it, or print its status (exit 1: none runs)",
    )  # fmt: skip
    parser.add_argument(
        "--idle-timeout", type=float, default=None, metavar="SECONDS",
        help="start: exit after this long without a call (default: $GATE_RESIDENT_IDLE, else 900)",
    )  # fmt: skip


def _exchange(path: str, kind: bytes, payload: bytes = b"") -> tuple[bytes, int, bytes] | None:
    if not place.safe_socket(path):
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5.0)
            sock.connect(path)
            sock.sendall(wire.header(kind, len(payload)) + payload)
            data = b""
            while len(data) < wire.REPLY or (
                data[:1] == wire.INFO and len(data) < wire.REPLY + wire.read_reply(data)[1]
            ):
                chunk = sock.recv(65536)
                if not chunk:
                    return None
                data += chunk
    except OSError:
        return None
    got, value = wire.read_reply(data[: wire.REPLY])
    return got, value, data[wire.REPLY :]


def status_text(path: str, *, caller: bool = False) -> str | None:
    """The resident process's own description, or None when none answers at `path`; with
    `caller`, it also says whether it would serve a call from this process's interpreter."""
    from gate.resident.client import compat_key

    answer = _exchange(path, wire.PING, compat_key(sys.path[1:]) if caller else b"")
    if answer is None or answer[0] != wire.INFO:
        return None
    return answer[2].decode("utf-8", "replace")


def start(idle: float | None) -> int:
    if not place.LINUX:
        print("gate: a resident process needs Linux (pidfds, SO_PEERCRED)", file=sys.stderr)
        return 2
    directory = place.runtime_dir()
    if not place.make_dir(directory):
        print(f"gate: {directory} is not a directory owned by you and closed to others: "
              "not starting a resident process there", file=sys.stderr)  # fmt: skip
        return 2
    path = place.socket_path(directory)
    text = status_text(path)
    if text is None:
        from gate.resident.client import spawn_server

        spawn_server(*(["--idle-timeout", str(idle)] if idle is not None else []))
        deadline = time.monotonic() + START_SECONDS
        while text is None and time.monotonic() < deadline:
            time.sleep(0.05)
            text = status_text(path)
        if text is None:
            print("gate: the resident process did not start", file=sys.stderr)
            return 2
    sys.stdout.write(text)
    return 0


def stop() -> int:
    path = place.socket_path()
    if _exchange(path, wire.QUIT) is None:
        print("gate: no resident process is running for this installation")
        return 0
    deadline = time.monotonic() + 10.0
    while status_text(path) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    print("gate: resident process stopped")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.action == "start":
        return start(args.idle_timeout)
    if args.action == "stop":
        return stop()
    text = status_text(place.socket_path(), caller=True)
    if text is None:
        print(f"gate: no resident process is running for this installation "
              f"(socket {place.socket_path()})")  # fmt: skip
        return 1
    sys.stdout.write(text)
    return 0
