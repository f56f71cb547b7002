"""The resident process: imports gate once, then forks one child per call (a zygote).

Started detached by `gate resident start` or by a call with GATE_RESIDENT=1, as
`python -P -m gate.resident.server [--idle-timeout SECONDS]`. One thread, one selector loop:
requests are read without blocking; a judge request goes to the spare child forked and warmed up
ahead (gate.resident.spare), else waits briefly for the warming one, else forks a cold child;
either runs the call (gate.resident.child) and reports its exit status, which this process also
reports when it reaps the child (a death by signal only it can see). One child per call, never
reused. A child dies with its client's connection; the loop survives any child and any malformed
request; the process exits when idle, when asked (gate resident stop, SIGTERM), or when the
installation on disk is no longer what it loaded.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import gc
import os
import resource
import selectors
import signal
import socket
import sys
import time
from dataclasses import dataclass, field

from gate.resident import place, wire
from gate.resident.job import Job, parse_job
from gate.resident.stamp import installation_stamp

IDLE_SECONDS = 15 * 60
READ_SECONDS = 5.0  # a request must arrive whole by then
MAX_CHILDREN = 64  # more calls at once run in their own processes
MAX_CONNECTIONS = 256  # open connections (each buffers at most one request: wire.MAX_PAYLOAD)
MAX_SPARE_FAILURES = 3
LOCK_SECONDS = 5.0  # how long a new resident process waits for the old one to go
PENDING_SECONDS = 0.25  # a call waits this long at most for the spare, then forks cold
FDS_SPACE = socket.CMSG_SPACE(wire.FDS * 4)


@dataclass
class Spare:
    """A child forked ahead of the next call, warming up (spare.py) until it says it is ready."""

    pid: int
    pidfd: int
    sock: socket.socket
    forked: float = field(default_factory=time.monotonic)
    ready: bool = False


@dataclass
class Conn:
    """One client connection: reading its request, then (running) waiting for its child."""

    sock: socket.socket
    deadline: float
    data: bytearray = field(default_factory=bytearray)
    fds: list[int] = field(default_factory=list)
    pid: int = 0
    pidfd: int = -1


class Server:
    def __init__(self, path: str, idle: float, compat: bytes) -> None:
        self.path = path
        self.idle = idle
        self.compat = compat
        self.stamp = installation_stamp(place.package_dir())
        self.started = time.time()
        self.last = time.monotonic()
        self.stopping = False
        self.served = 0  # calls started, for status
        self.warm = 0  # of which by a spare
        self.warm_up_ms = 0.0  # the last spare's, from fork to ready
        self.asked_to_stop = False  # set by SIGTERM; the loop stops
        self.conns: dict[int, Conn] = {}
        self.spare: Spare | None = None
        # One call waiting for the warming spare (a cold fork costs more than the rest of a
        # warm-up); others meanwhile fork cold children.
        self.pending: tuple[Conn, bytes, Job, float] | None = None
        self.spare_failures = 0  # in a row: after MAX_SPARE_FAILURES, calls fork cold children
        self.selector = selectors.DefaultSelector()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)

    def listen(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)  # the lock is ours: whatever socket is there is dead
        self.listener.bind(self.path)
        os.chmod(self.path, 0o600)
        self.inode = os.stat(self.path).st_ino
        self.listener.listen(64)
        self.listener.setblocking(False)
        self.selector.register(self.listener, selectors.EVENT_READ)
        self._new_spare()

    def serve(self) -> None:
        self.last = time.monotonic()  # idle counts from ready, not from the start of start-up
        while True:
            if self.asked_to_stop:
                self.stop()
            running = any(c.pid for c in self.conns.values())
            if self.stopping and not running:
                return
            idle = not self.conns and time.monotonic() - self.last >= self.idle
            # Even when idle, a client already queued (start's first status ask, when start-up
            # outlasted a short timeout) is answered, not dropped.
            events = self.selector.select(timeout=0 if idle else 1.0)
            if idle and not events:
                return
            for key, _ in events:
                self._event(key)
            self._expire()

    def _event(self, key: selectors.SelectorKey) -> None:
        if key.fileobj is self.listener:
            self._accept()
            return
        if key.data == "spare":
            self._from_spare(key.fileobj)
            return
        conn = self.conns.get(key.data)
        if conn is None:
            return
        if self.pending is not None and self.pending[0] is conn:
            self.pending = None  # its client sent more, or left: either way no call
            self._close(conn)
        elif key.fileobj == conn.pidfd:
            self._reap(conn)
        elif conn.pid:
            self._from_running(conn)
        else:
            self._read(conn)

    def _accept(self) -> None:
        try:
            sock, _ = self.listener.accept()
        except OSError:
            return
        creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
        if int.from_bytes(creds[4:8], sys.byteorder) != os.getuid():
            sock.close()  # another user: the directory should have stopped them
            return
        if len(self.conns) >= MAX_CONNECTIONS:
            sock.close()  # the client runs the call itself
            return
        sock.setblocking(False)
        self.conns[sock.fileno()] = Conn(sock, time.monotonic() + READ_SECONDS)
        self.selector.register(sock, selectors.EVENT_READ, sock.fileno())

    def _read(self, conn: Conn) -> None:
        try:
            data, ancillary, _, _ = conn.sock.recvmsg(65536, FDS_SPACE)
        except BlockingIOError:
            return
        except OSError:
            self._close(conn)
            return
        for level, kind, fds in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                got = fds[: len(fds) - len(fds) % 4]
                conn.fds.extend(int.from_bytes(got[i : i + 4], sys.byteorder)
                                for i in range(0, len(got), 4))  # fmt: skip
        conn.data += data
        try:
            self._maybe_request(conn, ended=not data)
        except wire.Malformed:
            self._answer(conn, wire.EXITED, 2)

    def _maybe_request(self, conn: Conn, *, ended: bool) -> None:
        if len(conn.fds) > wire.FDS:
            raise wire.Malformed("too many descriptors")
        if len(conn.data) < wire.HEADER:
            if ended:
                raise wire.Malformed("a truncated header")
            return
        kind, length = wire.read_header(bytes(conn.data[: wire.HEADER]))
        if len(conn.data) > wire.HEADER + length:
            raise wire.Malformed("bytes past the request")
        if len(conn.data) < wire.HEADER + length:
            if ended:
                raise wire.Malformed("a truncated request")
            return
        if kind == wire.PING:
            self._info(conn, bytes(conn.data[wire.HEADER :]))
        elif kind == wire.QUIT:
            self.stop()
            self._answer(conn, wire.EXITED, 0)
        else:
            self._judge(conn, bytes(conn.data[wire.HEADER :]))

    def _judge(self, conn: Conn, payload: bytes) -> None:
        from gate.resident.preload import threads

        job = parse_job(payload)
        if len(conn.fds) != wire.FDS:
            raise wire.Malformed("a judge request carries 4 descriptors")
        if job.compat != self.compat:
            return self._answer(conn, wire.REFUSED, wire.MISMATCH)
        if self.stopping:
            return self._answer(conn, wire.REFUSED, wire.STOPPING)
        if installation_stamp(place.package_dir()) != self.stamp:
            self.stop()
            return self._answer(conn, wire.REFUSED, wire.STALE)
        if threads() != 1:
            self.stop()  # never fork a process with other threads (see preload)
            return self._answer(conn, wire.REFUSED, wire.UNSAFE)
        if sum(1 for c in self.conns.values() if c.pid) >= MAX_CHILDREN:
            return self._answer(conn, wire.REFUSED, wire.BUSY)
        if self.spare is not None and self.spare.ready:
            self._hand_to_spare(conn, payload)
        elif self.spare is not None and self.pending is None:
            self.pending = (conn, payload, job, time.monotonic() + PENDING_SECONDS)
        else:
            self._fork(conn, job)

    def _fork(self, conn: Conn, job: Job) -> None:
        go_read, go_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(go_write)
            self._in_child(conn, job, go_read)
        os.close(go_read)
        self._close_fds(conn)
        pidfd = os.pidfd_open(pid)
        try:
            conn.sock.setblocking(True)
            conn.sock.settimeout(1.0)
            conn.sock.sendall(wire.reply(wire.STARTED, pid))
            conn.sock.setblocking(False)
            os.write(go_write, b"1")  # only now may the child touch the client's descriptors
        except OSError:
            os.kill(pid, signal.SIGKILL)
        finally:
            os.close(go_write)
        self._started(conn, pid, pidfd)

    def _started(self, conn: Conn, pid: int, pidfd: int) -> None:
        conn.data = bytearray()  # from now on: signals to pass on
        conn.pid, conn.pidfd = pid, pidfd
        self.served += 1
        self.last = time.monotonic()  # only calls count as activity (status asks do not)
        self.selector.register(pidfd, selectors.EVENT_READ, conn.sock.fileno())

    def _hand_to_spare(self, conn: Conn, payload: bytes) -> None:
        spare, self.spare = self.spare, None
        assert spare is not None
        self.selector.unregister(spare.sock)
        self.selector.unregister(spare.pidfd)
        try:
            conn.sock.setblocking(True)
            conn.sock.settimeout(1.0)
            conn.sock.sendall(wire.reply(wire.STARTED, spare.pid))
            conn.sock.setblocking(False)
        except OSError:
            self.spare = spare  # never told to start: the spare waits for the next call
            self.selector.register(spare.sock, selectors.EVENT_READ, "spare")
            self.selector.register(spare.pidfd, selectors.EVENT_READ, "spare")
            self._close(conn)
            return
        try:
            from gate.resident.spare import hand_over

            hand_over(spare.sock, payload, [*conn.fds, conn.sock.fileno()])
        except OSError:
            with contextlib.suppress(OSError):
                os.write(conn.fds[2], b"gate: the resident process lost the call's child\n")
            signal.pidfd_send_signal(spare.pidfd, signal.SIGKILL)
        spare.sock.close()
        self._close_fds(conn)
        self.warm += 1
        self._started(conn, spare.pid, spare.pidfd)

    def _new_spare(self) -> None:
        from gate.resident.preload import threads

        if self.spare is not None or self.stopping or self.spare_failures >= MAX_SPARE_FAILURES:
            return
        if threads() != 1:
            return
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:
            ours.close()
            status = 0
            try:
                self._forget(None)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                from gate.resident.spare import serve_one

                status = serve_one(theirs)
            except BaseException as error:  # nothing may return into the loop
                with contextlib.suppress(OSError):
                    os.write(2, f"gate: resident child failed: {error!r}\n".encode())
                status = 2
            finally:
                os._exit(status)
        theirs.close()
        self.spare = Spare(pid, os.pidfd_open(pid), ours)
        self.selector.register(ours, selectors.EVENT_READ, "spare")
        self.selector.register(self.spare.pidfd, selectors.EVENT_READ, "spare")

    def _from_spare(self, fileobj: object) -> None:
        spare = self.spare
        if spare is None:
            return
        if fileobj is spare.sock and spare.sock.recv(1) == b"R":
            spare.ready = True
            self.warm_up_ms = (time.monotonic() - spare.forked) * 1000
            self.spare_failures = 0
            if self.pending is not None:
                conn, payload, _, _ = self.pending
                self.pending = None
                self._hand_to_spare(conn, payload)
            else:
                from gate.resident.spare import MORE

                with contextlib.suppress(OSError):  # gone: its pidfd says so next
                    spare.sock.sendall(MORE)  # no call waits: the spare may warm up more
            return
        # It ended (or broke the protocol) before any call was handed to it.
        signal.pidfd_send_signal(spare.pidfd, signal.SIGKILL)
        os.waitpid(spare.pid, 0)
        self.selector.unregister(spare.sock)
        self.selector.unregister(spare.pidfd)
        spare.sock.close()
        os.close(spare.pidfd)
        self.spare = None
        self.spare_failures += 1
        self._new_spare()

    def _forget(self, keep: Conn | None) -> None:
        """In a child: close what belongs to the resident process and its other calls."""
        self.selector.close()
        self.listener.close()
        if self.spare is not None:
            self.spare.sock.close()
            os.close(self.spare.pidfd)
        for other in self.conns.values():
            if other is not keep:
                other.sock.close()
                for fd in (*other.fds, other.pidfd):
                    if fd >= 0:
                        os.close(fd)

    def _in_child(self, conn: Conn, job: Job, go: int) -> None:
        status = 2
        try:
            self._forget(conn)
            if os.read(go, 1) != b"1":
                os._exit(0)
            os.close(go)
            from gate.resident.child import report, run

            status = run(job, conn.fds)
            report(conn.sock.fileno(), status)
        except BaseException as error:  # nothing may return into the loop
            with contextlib.suppress(OSError):
                os.write(2, f"gate: resident child failed: {error!r}\n".encode())
        finally:
            os._exit(status)

    def _from_running(self, conn: Conn) -> None:
        try:
            data = conn.sock.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._kill(conn, signal.SIGKILL)  # the client is gone: so is its call
            self.selector.unregister(conn.sock)
            return
        conn.data += data
        while len(conn.data) >= wire.REPLY:
            kind, signum = wire.read_reply(bytes(conn.data[: wire.REPLY]))
            del conn.data[: wire.REPLY]
            if kind == wire.KILL and signum in (1, 2, 3, 15):
                self._kill(conn, signum)

    def _kill(self, conn: Conn, signum: int) -> None:
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(conn.pidfd, signum)

    def _reap(self, conn: Conn) -> None:
        _, status = os.waitpid(conn.pid, 0)
        self.last = time.monotonic()
        self._answer(conn, wire.EXITED, os.waitstatus_to_exitcode(status))
        # The next spare warms up once this call is done: on two cores, a warm-up beside the
        # call slows the call more than waiting for the spare slows the next one.
        self._new_spare()

    def _info(self, conn: Conn, compat: bytes) -> None:
        if installation_stamp(place.package_dir()) != self.stamp:
            self.stop()  # stale: say nothing, as if gone (start then starts a fresh one)
            self._close(conn)
            return
        running = sum(1 for c in self.conns.values() if c.pid)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_ms = (children.ru_utime + children.ru_stime) * 1000
        spare = "none" if self.spare is None else "ready" if self.spare.ready else "warming"
        text = (
            f"pid {os.getpid()}\nsocket {self.path}\npackage {place.package_dir()}\n"
            f"started {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(self.started))}\n"
            f"idle timeout {self.idle:g} s\nrunning {running}\nserved {self.served}\n"
            f"spare {spare}\nwarm {self.warm}\nwarm-up-ms {self.warm_up_ms:.1f}\n"
            f"children-cpu-ms {cpu_ms:.0f}\n"
            + ("" if not compat else "this caller: "
               + ("served\n" if compat == self.compat else "not served (interpreter differs)\n"))
        ).encode()
        try:
            conn.sock.setblocking(True)
            conn.sock.sendall(wire.reply(wire.INFO, len(text)) + text)
        except OSError:
            pass
        self._close(conn)

    def _answer(self, conn: Conn, kind: bytes, value: int) -> None:
        try:
            conn.sock.setblocking(True)
            conn.sock.settimeout(1.0)
            conn.sock.sendall(wire.reply(kind, value))
        except OSError:
            pass
        self._close(conn)

    def _expire(self) -> None:
        now = time.monotonic()
        if self.pending is not None and now > self.pending[3]:
            conn, _, job, _ = self.pending
            self.pending = None
            self._fork(conn, job)
        for conn in list(self.conns.values()):
            if not conn.pid and now > conn.deadline and (
                self.pending is None or self.pending[0] is not conn
            ):
                self._close(conn)

    def _close_fds(self, conn: Conn) -> None:
        for fd in conn.fds:
            os.close(fd)
        conn.fds = []

    def _close(self, conn: Conn) -> None:
        self._close_fds(conn)
        self.conns.pop(conn.sock.fileno(), None)
        for fileobj in (conn.sock, conn.pidfd):
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(fileobj)
        if conn.pidfd >= 0:
            os.close(conn.pidfd)
        conn.sock.close()

    def stop(self) -> None:
        """Take no more requests; the calls running finish and get their answers."""
        if self.stopping:
            return
        self.stopping = True
        if self.pending is not None:
            conn = self.pending[0]
            self.pending = None
            self._answer(conn, wire.REFUSED, wire.STOPPING)  # it runs in its own process
        if self.spare is not None:
            self.selector.unregister(self.spare.sock)
            self.selector.unregister(self.spare.pidfd)
            self.spare.sock.close()  # the spare exits when it sees the end
            os.close(self.spare.pidfd)
            self.spare = None
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(self.listener)
        self.listener.close()
        try:
            if os.stat(self.path).st_ino == self.inode:
                os.unlink(self.path)
        except OSError:
            pass


def _idle_default() -> float:
    try:
        return max(0.1, float(os.environ.get("GATE_RESIDENT_IDLE", IDLE_SECONDS)))
    except ValueError:
        return IDLE_SECONDS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gate.resident.server")
    parser.add_argument("--idle-timeout", type=float, default=None)
    args = parser.parse_args(argv)
    idle = args.idle_timeout if args.idle_timeout is not None else _idle_default()
    directory = place.runtime_dir()
    if not place.make_dir(directory):
        return 2
    path = place.socket_path(directory)
    lock = os.open(place.lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + LOCK_SECONDS
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError:
            if time.monotonic() > deadline:
                return 0  # another resident process of this installation holds it
            time.sleep(0.05)  # or is on its way out (stale, stopped): wait for it
    from gate.resident.client import compat_key
    from gate.resident.preload import preload
    from gate.resident.spare import build_ahead

    server = Server(path, idle, compat_key(sys.path))
    preload(place.package_dir())
    build_ahead()
    # Everything loaded so far lives as long as this process: out of the collector's sight, a
    # child's collections do not touch (and so copy) the pages every child shares with it.
    gc.collect()
    gc.freeze()
    for signum in (signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: setattr(server, "asked_to_stop", True))
    server.listen()
    try:
        server.serve()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
