"""What the `gate` command (bin/gate) runs: hands the call to this installation's resident
process when one is up (gate resident start, or GATE_RESIDENT=1), else runs gate in this
process exactly as before.

Runs on every call, so it imports only what it cannot avoid (no socket module: _socket is the
builtin it wraps). Whatever goes wrong before the resident process has started the call's child
(no process, an unsafe directory, a stale installation, a refusal, a protocol error) the call
runs here instead: the resident process may only make a call faster, never change its result.
"""

from __future__ import annotations

import _socket
import os
import sys

from gate.resident import place, wire

# Signals the client passes on to the child (a terminal sends them to the client's process
# group; the child lives in the resident process's session).
FORWARDED = (2, 15, 1, 3)  # SIGINT, SIGTERM, SIGHUP, SIGQUIT
CONNECT_SECONDS = 10.0  # a resident process that does not start the call by then is not used


def main() -> None:
    argv = sys.argv[1:]
    mode = os.environ.get("GATE_RESIDENT", "")
    if mode != "0" and place.served(argv):
        status = through_resident(argv)
        if status is None and mode == "1" and not starting():
            spawn_server()
        if status is not None:
            exit_with(status)
    from gate import startup_cache

    startup_cache.install()  # before gate's modules: their dataclasses and patterns come from it
    from gate.cli import main as in_process
    from gate.cli import out_of_memory

    try:
        status = in_process()
    except MemoryError:  # in parsing, or in a handler: still exit 2
        out_of_memory()
    sys.exit(status)


def compat_key(path: list[str]) -> bytes:
    """What must be equal between this interpreter and the resident one for the child to behave
    as this process would: version, flags, encodings, locale codeset, warnings, module path."""
    import _locale

    parts = [
        # -P (safe_path) is how the resident process is started; the client's own sys.path[0]
        # (the script's directory) is left out by the caller instead.
        sys.version, sys.executable, repr(sys.flags).replace("safe_path=True", "safe_path=False"),
        sys.getfilesystemencoding(),
        sys.getfilesystemencodeerrors(), _locale.nl_langinfo(_locale.CODESET),
        repr(sys.warnoptions), repr(sys._xoptions), os.environ.get("PYTHONHASHSEED", "random"),
        *path,
    ]  # fmt: skip
    return "\0".join(parts).encode("utf-8", "surrogateescape")


def _stream_spec(stream: object) -> bytes:
    """How Python set up this standard stream, so that the child builds the same one."""
    fields = (
        getattr(stream, "encoding", ""),
        getattr(stream, "errors", ""),
        "1" if getattr(stream, "line_buffering", False) else "0",
        "1" if getattr(stream, "write_through", False) else "0",
    )
    return "\0".join(str(f) for f in fields).encode("utf-8", "surrogateescape")


def request_items(argv: list[str]) -> list[bytes] | None:
    streams = (sys.stdin, sys.stdout, sys.stderr)
    if any(s is None for s in streams):
        return None  # a closed standard descriptor: nothing to pass on
    mask = os.umask(0o022)
    os.umask(mask)
    env = [k + b"=" + v for k, v in os.environb.items()]
    return [
        compat_key(sys.path[1:]), str(mask).encode(), *(_stream_spec(s) for s in streams),
        str(len(argv) + 1).encode(), *(os.fsencode(a) for a in [sys.argv[0], *argv]), *env,
    ]  # fmt: skip


def _receive(sock: _socket.socket) -> tuple[bytes, int] | None:
    data = b""
    while len(data) < wire.REPLY:
        chunk = sock.recv(wire.REPLY - len(data))
        if not chunk:
            return None
        data += chunk
    return wire.read_reply(data)


def through_resident(argv: list[str]) -> int | None:
    """The call's exit status (negative: died of that signal) from the resident process, or
    None when it did not start the call (then it runs here)."""
    path = place.socket_path()
    if not place.safe_socket(path):
        return None
    items = request_items(argv)
    if items is None:
        return None
    payload = wire.pack(items)
    if len(payload) > wire.MAX_PAYLOAD:
        return None
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:  # closed on every way out: an unclosed socket is a ResourceWarning on stderr
        return _call(sock, path, payload)
    finally:
        sock.close()


def _call(sock: _socket.socket, path: str, payload: bytes) -> int | None:
    try:
        sock.settimeout(CONNECT_SECONDS)
        sock.connect(path)
        creds = sock.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)
        if int.from_bytes(creds[4:8], sys.byteorder) != os.getuid():
            return None
        cwd = os.open(".", os.O_PATH | os.O_DIRECTORY)
        try:
            fds = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (0, 1, 2, cwd))
            sock.sendmsg(
                [wire.header(wire.JUDGE, len(payload))],
                [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)],
            )
        finally:
            os.close(cwd)
        sock.sendall(payload)
        started = _receive(sock)
        if started is None or started[0] != wire.STARTED:
            return None
    except OSError:
        return None
    sock.settimeout(None)
    return _await_exit(sock)


def _await_exit(sock: _socket.socket) -> int:
    """The child runs: pass signals on until the resident process reports its exit."""
    # The builtin under `signal`: that module builds its enums at import (enum, functools,
    # collections: ~2.5 ms of the client's ~17 ms of CPU), and only signal numbers are set here.
    import _signal  # type: ignore[import-not-found]  # no stub; signal.signal wraps this one

    def forward(signum: int, _frame: object) -> None:
        try:
            sock.sendall(wire.reply(wire.KILL, signum))
        except OSError:
            return  # the resident process is gone: its answer (or its absence) says so

    for signum in FORWARDED:
        _signal.signal(signum, forward)
    try:
        done = _receive(sock)
    except OSError:
        done = None
    if done is None or done[0] != wire.EXITED:
        os.write(2, b"gate: the resident process ended before the call did\n")
        return 2  # the child may have run: never a pass, never a second run
    return done[1]


def exit_with(status: int) -> None:
    """Exit as the call did: with its status, or dying of the signal that killed it."""
    if status < 0:
        import contextlib
        import signal

        with contextlib.suppress(OSError, ValueError):  # SIGKILL/SIGSTOP keep their action
            signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
        status = 128 - status  # a signal that does not end a process: the shell's convention
    os._exit(status)


def starting() -> bool:
    """Whether a resident process of this installation holds its lock (starting, running or on
    its way out), or none may be started (an unsafe directory): then a call starts none."""
    import fcntl

    if not place.make_dir(place.runtime_dir()):
        return True
    try:
        lock = os.open(place.lock_path(place.socket_path()), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return True
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(lock)  # closing releases the lock at once
    return False


def spawn_server(*extra: str) -> None:
    """Start this installation's resident process, detached (new session, no inherited
    descriptors, standard streams on /dev/null), and return at once."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            if os.fork() == 0:
                devnull = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(devnull, fd)
                os.closerange(3, os.sysconf("SC_OPEN_MAX"))
                os.chdir("/")
                argv = [sys.executable, "-P", "-m", "gate.resident.server", *extra]
                os.execv(sys.executable, argv)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
