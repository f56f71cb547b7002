"""The forked child: becomes the client's process (descriptors, environment, directory, umask,
standard streams as the client's Python built them), runs gate's command line, exits."""

from __future__ import annotations

import io
import os
import signal
import sys

from gate.resident.job import Job, StreamSpec


def _stream(fd: int, spec: StreamSpec, *, reading: bool, name: str) -> io.TextIOWrapper:
    # As Python's own start-up builds sys.std*: buffered, not closing the descriptor, "\n".
    raw = io.FileIO(fd, "rb" if reading else "wb", closefd=False)
    raw.name = name
    buffer = io.BufferedReader(raw) if reading else io.BufferedWriter(raw)
    stream = io.TextIOWrapper(
        buffer, encoding=spec.encoding, errors=spec.errors, newline="\n",
        line_buffering=spec.line_buffering, write_through=spec.write_through,
    )  # fmt: skip
    stream.mode = "r" if reading else "w"  # type: ignore[misc]
    return stream


def become_client(job: Job, fds: list[int]) -> None:
    """Take over the client's identity for this call (the descriptors are the 4 received)."""
    for target, fd in enumerate(fds[:3]):
        os.dup2(fd, target)
    os.fchdir(fds[3])
    for fd in fds:
        if fd > 2:
            os.close(fd)
    os.umask(job.umask)
    os.environb.clear()
    os.environb.update(dict(job.env))
    import time

    time.tzset()
    sys.stdin = _stream(0, job.streams[0], reading=True, name="<stdin>")
    sys.stdout = _stream(1, job.streams[1], reading=False, name="<stdout>")
    sys.stderr = _stream(2, job.streams[2], reading=False, name="<stderr>")
    # The originals too (cli_help sizes help text by sys.__stdout__); final for type checkers.
    vars(sys).update(__stdin__=sys.stdin, __stdout__=sys.stdout, __stderr__=sys.stderr)
    sys.argv = [os.fsdecode(a) for a in job.argv]


def _status(code: object) -> int:
    """An exit status as the interpreter makes one from SystemExit's code."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def report(reply_fd: int, status: int) -> None:
    """Tell the client the exit status as soon as the output is out, not after this process's
    teardown (~2 ms for a warm gate); the resident process reports it again when it reaps this
    child (the client reads only the first), or reports the signal that killed it."""
    import contextlib

    from gate.resident import wire

    # OSError: the client left, and the resident process has killed or will kill this child.
    with contextlib.suppress(OSError):
        os.write(reply_fd, wire.reply(wire.EXITED, status))


def run(job: Job, fds: list[int]) -> int:
    """Run the call; returns its exit status (the caller os._exit's with it)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)
    become_client(job, fds)
    from gate.cli import main

    try:
        status = _status(main(sys.argv[1:]))
    except SystemExit as done:
        status = _status(done.code)
    except KeyboardInterrupt:
        # Not caught by gate (while parsing arguments): as the interpreter, a traceback, then
        # death by SIGINT, which the client then dies of too.
        import traceback

        traceback.print_exc()
        finish(1)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        status = 130
    except Exception:
        import traceback

        traceback.print_exc()  # as the interpreter prints an uncaught exception (GATE_DEBUG)
        status = 1
    return finish(status)


def finish(status: int) -> int:
    """What interpreter shutdown would do before exiting: exit handlers, then flush std*."""
    import atexit

    try:
        if "threading" in sys.modules:
            sys.modules["threading"]._shutdown()  # joins non-daemon threads, as at exit
        atexit._run_exitfuncs()
    except BaseException as error:  # an exit handler's failure is reported, as at exit
        print(f"gate: exit handler failed: {error!r}", file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            if stream is sys.stdout and status == 0:
                status = 120  # what Python exits with when flushing stdout fails
    return status
