"""User policies decide in a forked child with a CPU-time and an address-space limit.

Rego has no unbounded loop, but a few lines of it can still ask for minutes or gigabytes
(`some i in numbers.range(1, 1e8)`, a comprehension that concatenates millions of strings), and
regorus holds the GIL while it evaluates, so nothing in this process can stop it. A repository's
`.gate.yaml` may add policy directories, so such a rule is input like any Dockerfile: it must be
judged in bounded time and memory. Loading (compiling, and deciding once on an empty input, which
is where a rule that ignores its input loops) and every decision run in one child forked for
them, each decision with its own CPU-time budget; the child is killed when it passes its limits,
and the run ends with one line naming the user's policy (exit 2): an evaluation that did not
finish never reads as "no findings".

User data (`--data`, a config's `data:`) counts too: 40,000 exceptions in a 5 MB file (under
the 8 MiB cap) make the built-in rules match every finding against each of them, over two
minutes for 300 installs. The built-in policies alone, with no data, are not wrapped: their
cost is bounded by the facts' own caps.
"""

from __future__ import annotations

import contextlib
import faulthandler
import json
import math
import os
import resource
import selectors
import signal
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, NoReturn

from gate.model import GateError
from gate.policy.bundle import Bundle, PolicyModule
from gate.policy.engine import BundleEngine, EmbeddedEngine
from gate.policy.errors import PolicyError

MiB = 1024 * 1024


@dataclass(frozen=True)
class DecisionLimits:
    """What one load or one decision of user policies may use."""

    # CPU seconds (RLIMIT_CPU: the kernel stops the child, whatever it is doing). The built-in
    # rule decides on 2,000 installs in under 2 s; a team rule has five times that.
    cpu_seconds: int = 10
    # Wall-clock backstop for a child that sleeps or waits instead of computing.
    wall_seconds: float = 120.0
    # Address space the child may map beyond what it had when forked (RLIMIT_AS).
    memory: int = 512 * MiB
    # The decision document handed back (findings of every rule, as JSON).
    answer: int = 64 * MiB


def user_modules(bundle: Bundle) -> tuple[PolicyModule, ...]:
    return tuple(m for m in bundle.modules if not m.builtin)


def _address_space() -> int:
    """This process's mapped address space in bytes (what RLIMIT_AS counts)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


_LENGTH = 8  # bytes of the length prefix of each message


def _send(fd: int, data: bytes) -> None:
    view = memoryview(len(data).to_bytes(_LENGTH, "big") + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive_all(fd: int, size: int) -> bytes | None:
    """Exactly `size` bytes from a blocking `fd`, or None at end of file (the child's side)."""
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


@dataclass
class ChildSide:
    """What the work running in the child has: the pipes to its parent and its limits."""

    requests: int
    answers: int
    limits: DecisionLimits

    def send(self, message: Mapping[str, Any]) -> None:
        _send(self.answers, json.dumps(message).encode())

    def answer(self, work: Callable[[], object]) -> None:
        """`work()`'s value, or the error it raised, as the next message to the parent."""
        try:
            reply: dict[str, Any] = {"value": work()}
        except GateError as error:
            reply = {"error": error.message, "path": error.path, "line": error.line}
        except MemoryError:
            raise
        except Exception as error:  # reported by the parent as an internal error
            reply = {"internal": f"{type(error).__name__}: {error}"}
        self.send(reply)

    def budget(self) -> None:
        """Allow `cpu_seconds` more of CPU time from now (RLIMIT_CPU counts the child's whole
        life). Past the soft limit the kernel sends SIGXCPU, whose default action ends the
        child, also in the middle of regorus. Only the soft limit moves: raising the hard one
        needs CAP_SYS_RESOURCE, and a hard limit set with the first budget made the next one
        fail (ValueError) once the child's CPU time had crossed a whole second."""
        used = resource.getrusage(resource.RUSAGE_SELF)
        spent = math.ceil(used.ru_utime + used.ru_stime)
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        soft = spent + self.limits.cpu_seconds
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)  # the operator's own hard limit stays in force
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))

    def receive(self) -> bytes | None:
        """The next request, or None when the parent has no more."""
        head = _receive_all(self.requests, _LENGTH)
        return None if head is None else _receive_all(self.requests, int.from_bytes(head, "big"))


def _run_child(
    body: Callable[[ChildSide], None],
    side: ChildSide,
    prepare: Callable[[], None] | None = None,
) -> int:
    """The child's life: `prepare` (what must load before a limit on address space), limits,
    then `body`. Its exit status; it never raises."""
    try:
        if prepare is not None:
            prepare()
        # The answers go through the pipe; what regorus prints when an allocation fails under
        # the limit (a message and a backtrace) would break gate's one line on stderr.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        faulthandler.disable()  # it may hold another copy of stderr (PYTHONFAULTHANDLER, pytest)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        try:
            cap = _address_space() + side.limits.memory
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        except (OSError, ValueError):
            pass  # no /proc or a lower hard limit already: the CPU limit still bounds the child
        side.budget()
        body(side)
        return 0
    except MemoryError:
        return 3
    except BaseException:
        return 4


def _decisions(bundle: Bundle, side: ChildSide) -> None:
    """Load the policies, then decide on each input the parent sends, each within its budget."""
    engine: list[EmbeddedEngine] = []
    # Loading compiles and decides once on an empty input: a rule that loops on its own stops
    # here.
    side.answer(lambda: engine.append(EmbeddedEngine(bundle)))
    while engine:
        text = side.receive()
        if text is None:
            return
        side.budget()
        side.answer(partial(_decide, engine[0], text))


def _decide(engine: EmbeddedEngine, text: bytes) -> dict[str, Any]:
    return dict(engine.evaluate_text(text.decode("utf-8", "surrogatepass")))


class Child:
    """One forked child running `body` for the process that forked it, within `limits`.

    When it dies or runs past a limit, a PolicyError says `what` did (and the `outcome`), at
    `where`/`line`.
    """

    def __init__(
        self,
        body: Callable[[ChildSide], None],
        where: str | None,
        limits: DecisionLimits,
        what: str = "the policies",
        outcome: str = "judged nothing",
        prepare: Callable[[], None] | None = None,
    ) -> None:
        self.where, self.limits, self.what, self.outcome = where, limits, what, outcome
        self.line: int | None = None
        self.owner = os.getpid()
        requests_read, self.requests = os.pipe()
        self.answers, answers_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child ends in os._exit
            os.close(self.requests)
            os.close(self.answers)
            side = ChildSide(requests_read, answers_write, limits)
            os._exit(_run_child(body, side, prepare))
        self.pid = pid
        os.close(requests_read)
        os.close(answers_write)

    def close(self) -> None:
        """End the child and reap it; only the process that forked it may (a process forked
        since holds copies of the pipes only).

        Killed, not left to see the end of its requests: a child forked later (another engine,
        a test's) holds a copy of this one's request pipe, so that end may never come, and
        waiting for it hung. Between requests the child holds nothing worth finishing.
        """
        if getattr(self, "pid", None) is None or self.owner != os.getpid() or self.requests < 0:
            return  # never forked, not ours, or closed already
        for fd in (self.requests, self.answers):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.requests = -1
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)

    def __del__(self) -> None:
        self.close()

    def ask(self, text: str) -> Any:
        try:
            _send(self.requests, text.encode("utf-8", "surrogatepass"))
        except BrokenPipeError:
            self.fail("ended without a decision")
        return self.reply()

    def reply(self) -> Any:
        """The value of the child's next answer; its error raised again."""
        return self.unwrap(self.message())

    def unwrap(self, answer: Mapping[str, Any]) -> Any:
        """An answer's value; the error it carries raised again."""
        if "error" in answer:
            raise PolicyError(answer["error"], answer.get("path"), answer.get("line"))
        if "internal" in answer:
            raise RuntimeError(answer["internal"])
        return answer["value"]

    def message(self) -> dict[str, Any]:
        """The child's next message as it sent it."""
        got = self._read()
        if isinstance(got, str):
            self.fail(got)
        message: dict[str, Any] = json.loads(got)
        return message

    def fail(self, why: str) -> NoReturn:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        for fd in (self.requests, self.answers):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.requests = -1
        died = _death(status, self.limits)
        message = f"{self.what} {died or why}; {self.outcome}"
        raise PolicyError(message, self.where, self.line)

    def _read(self) -> bytes | str:
        """The next answer, or why there is none."""
        deadline = time.monotonic() + self.limits.wall_seconds
        buffer = b""
        need = _LENGTH
        with selectors.DefaultSelector() as selector:
            selector.register(self.answers, selectors.EVENT_READ)
            while len(buffer) < need:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    return f"took longer than {self.limits.wall_seconds:g} s"
                chunk = os.read(self.answers, min(need - len(buffer), 1 << 20))
                if not chunk:
                    return "ended without a decision"
                buffer += chunk
                if need == _LENGTH and len(buffer) == _LENGTH:
                    need += int.from_bytes(buffer, "big")
                    if need - _LENGTH > self.limits.answer:
                        return f"gave a decision larger than {self.limits.answer // MiB} MiB"
        return buffer[_LENGTH:]


def _death(status: int, limits: DecisionLimits) -> str | None:
    """Why the child did not end well, in words; None when it exited 0."""
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        if signum in (signal.SIGXCPU, signal.SIGKILL):
            return f"used more than {limits.cpu_seconds} s of CPU"
        if signum == signal.SIGSEGV:
            # Not memory (a failed allocation aborts): regorus overflowed its stack, which a
            # function calling itself does (OPA refuses one; regorus evaluates it).
            return (
                "crashed the policy engine (signal 11: its stack overflowed; "
                "does a function call itself?)"
            )
        # regorus (Rust) aborts when an allocation fails under the address-space limit.
        return f"used more than {limits.memory // MiB} MiB of memory (signal {signum})"
    code = os.WEXITSTATUS(status)
    if code == 3:
        return f"used more than {limits.memory // MiB} MiB of memory"
    return None if code == 0 else f"failed (status {code})"


class BoundedEngine(BundleEngine):
    """An EmbeddedEngine in a forked child: loading and each decision within limits.

    The child is forked once per process that decides (a `--jobs` worker forked from this one
    starts its own on its first decision).
    """

    def __init__(
        self, bundle: Bundle, limits: DecisionLimits | None = None, where: str | None = None
    ) -> None:
        super().__init__(bundle)
        self._limits = limits or DecisionLimits()
        users = user_modules(bundle)
        # What an error names: the one user module, else the caller's (the data file), else all.
        one = users[0].path if len(users) == 1 else None
        self._where = one or where or "the user policies"
        self._child = self._start()

    def _start(self) -> Child:
        child = Child(partial(_decisions, self._bundle), self._where, self._limits)
        child.reply()  # loaded, or why not
        return child

    def close(self) -> None:
        """End the child now (a later decision starts another)."""
        self._child.close()

    def probe(
        self,
        work: Callable[[EmbeddedEngine], object],
        prepare: Callable[[], None] | None = None,
    ) -> None:
        """Run `work` with the policies in a child of its own, within the limits of one
        decision; PolicyError naming the policies when it dies or fails.

        Loading decides on an empty input only: a rule that overflows regorus's stack or spins
        once an install is there passes it (`gate serve` then found out in each judge worker).
        """

        def body(side: ChildSide) -> None:
            side.answer(lambda: work(EmbeddedEngine(self._bundle)) and None)

        child = Child(
            body, self._where, self._limits, outcome="could not judge a probe image",
            prepare=prepare,
        )  # fmt: skip
        try:
            child.reply()
        finally:
            child.close()

    def evaluate(self, input_doc: Mapping[str, Any]) -> Mapping[str, Any]:
        return self.evaluate_text(json.dumps(input_doc, ensure_ascii=False))

    def evaluate_text(self, text: str) -> Mapping[str, Any]:
        if self._child.owner != os.getpid() or self._child.requests < 0:
            self._child = self._start()
        value = self._child.ask(text)
        if not isinstance(value, dict):
            raise PolicyError("the decision is not an object of rule packages", self._where)
        return value
