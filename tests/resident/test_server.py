"""The resident process stays correct and bounded: signals reach the call, a call dies with its
client, a malformed request gets exit 2 and the process stays up, it idles out, stop stops it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gate.resident import place, wire
from tests.resident.conftest import DATA, Resident
from tests.support.paths import REPO


def _wait(condition: object, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def _reading_stdin(resident: Resident, **env: str) -> subprocess.Popen[bytes]:
    """`gate dockerfile -` with a standard input that stays open: the call waits on it."""
    return subprocess.Popen(
        [sys.executable, "-m", "gate.resident.client", "dockerfile", "--no-config", "-"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
        env=resident.env(**env),
    )  # fmt: skip


def _running(resident: Resident) -> int:
    return int(resident.status().get("running", "-1"))


def _waits_on_a_pipe(pid: int) -> bool:
    """Blocked reading its standard input (fd 0, a pipe): not writing a full output pipe."""
    try:
        blocked_in = Path(f"/proc/{pid}/wchan").read_text()
        first_argument = Path(f"/proc/{pid}/syscall").read_text().split()[1:2]
    except OSError:
        return False
    return "pipe" in blocked_in and "write" not in blocked_in and first_argument == ["0x0"]


def _blocked_signals(pid: int, thread: str) -> int:
    for line in Path(f"/proc/{pid}/task/{thread}/status").read_text().splitlines():
        if line.startswith("SigBlk:"):
            return int(line.split()[1], 16)
    raise AssertionError(f"no SigBlk for thread {thread} of {pid}")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _reader(resident: Resident, call: subprocess.Popen[bytes], through: bool) -> int:
    """The pid that reads the call's standard input, once it waits there."""
    if not through:
        assert _wait(lambda: _waits_on_a_pipe(call.pid), 30.0)
        return call.pid
    zygote = int(resident.status()["pid"])
    assert _wait(lambda: any(_waits_on_a_pipe(c) for c in _children(zygote)), 30.0)
    return next(c for c in _children(zygote) if _waits_on_a_pipe(c))


@pytest.mark.parametrize("through", [True, False])
def test_ctrl_c_interrupts_the_call_as_in_its_own_process(
    resident: Resident, through: bool
) -> None:
    call = _reading_stdin(resident, **({} if through else {"GATE_RESIDENT": "0"}))
    _reader(resident, call, through)
    call.send_signal(signal.SIGINT)
    call.wait(timeout=30)  # before communicate() ends its input (the call would read the end)
    out, err = call.communicate(timeout=30)
    assert (call.returncode, out, err) == (2, b"", b"gate: interrupted\n")


@pytest.mark.parametrize("through", [True, False])
def test_the_parsers_go_threads_leave_ctrl_c_and_sigterm_to_python(
    resident: Resident, through: bool
) -> None:
    """A process-wide signal goes to any thread not blocking it; on one of the Go runtime's it
    never woke the main thread blocked in read(), and Ctrl-C did nothing until input ended."""
    call = _reading_stdin(resident, **({} if through else {"GATE_RESIDENT": "0"}))
    try:
        reader = _reader(resident, call, through)
        others = [t for t in os.listdir(f"/proc/{reader}/task") if t != str(reader)]
        assert others, "BuildKit's parser started no threads: nothing pinned"
        wanted = (1 << (signal.SIGINT - 1)) | (1 << (signal.SIGTERM - 1))
        assert all(_blocked_signals(reader, t) & wanted == wanted for t in others)
        assert _blocked_signals(reader, str(reader)) & wanted == 0
    finally:
        call.kill()
        call.communicate(timeout=30)


def test_sigterm_ends_the_call_and_the_client_dies_of_it(resident: Resident) -> None:
    call = _reading_stdin(resident)
    _reader(resident, call, True)
    call.send_signal(signal.SIGTERM)
    call.wait(timeout=30)
    call.communicate(timeout=30)
    assert call.returncode == -signal.SIGTERM
    assert _wait(lambda: _running(resident) == 0)


def test_the_call_dies_with_its_client(resident: Resident) -> None:
    call = _reading_stdin(resident)
    child = _reader(resident, call, True)
    call.kill()
    call.wait(timeout=30)
    call.communicate(timeout=30)
    assert _wait(lambda: not Path(f"/proc/{child}").exists()), "the child outlived its client"
    assert _running(resident) == 0


def test_a_reader_that_left_gives_141_as_in_its_own_process(resident: Resident) -> None:
    codes = []
    for extra in ({}, {"GATE_RESIDENT": "0"}):
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "gate.resident.client", "dockerfile", "--no-config",
                 str(DATA / "denied.Dockerfile")],
                stdout=write_end, stderr=subprocess.PIPE, env=resident.env(**extra), timeout=60,
                check=False,
            )  # fmt: skip
        finally:
            os.close(write_end)
        codes.append((done.returncode, done.stderr))
    assert codes == [(141, b""), (141, b"")]


def _raw(resident: Resident, data: bytes) -> bytes:
    path = os.path.join(resident.runtime, "gate", place.installation_key(place.package_dir()))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        sock.connect(path + ".sock")
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        return sock.recv(64)


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"hello, resident process",
        wire.header(wire.JUDGE, wire.MAX_PAYLOAD + 1),
        wire.header(wire.JUDGE, 8) + wire.pack([b"1234"]),
        wire.header(wire.JUDGE, 3) + b"abc",  # no descriptors, no items
        wire.header(wire.PING, 10),  # shorter than announced
    ],
    ids=["not-gate", "too-large", "too-few-items", "truncated-item", "truncated"],
)
def test_a_malformed_request_gets_exit_2_and_the_process_stays_up(
    resident: Resident, request_bytes: bytes
) -> None:
    assert _raw(resident, request_bytes) == wire.reply(wire.EXITED, 2)
    assert resident.status(), "the resident process died of a malformed request"
    done = resident.gate("dockerfile", "--no-config", str(DATA / "denied.Dockerfile"))
    assert done.returncode == 1


def test_it_exits_when_idle(tmp_path: Path) -> None:
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    idle = Resident(runtime)
    assert idle.manage("start", "--idle-timeout", "0.5").returncode == 0
    assert _wait(lambda: not idle.status(), 15.0), "still up after its idle timeout"
    assert not list((runtime / "gate").glob("*.sock"))


def test_stop_stops_it_and_calls_run_in_their_own_process(tmp_path: Path) -> None:
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    own = Resident(runtime)
    assert own.manage("start").returncode == 0
    assert own.status()
    assert own.manage("stop").returncode == 0
    assert not own.status()
    done = own.gate("dockerfile", "--no-config", str(DATA / "denied.Dockerfile"))
    assert done.returncode == 1 and b"1 denied" in done.stdout


def test_calls_at_once_each_get_their_own_answer(resident: Resident) -> None:
    cases = ["compliant", "denied", "unknown", "parse-error"] * 2
    alone = {c: resident.gate("dockerfile", "--no-config", str(DATA / f"{c}.Dockerfile"),
                              GATE_RESIDENT="0") for c in set(cases)}  # fmt: skip
    before = resident.served()
    argv = [sys.executable, "-m", "gate.resident.client", "dockerfile", "--no-config"]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    calls = [
        subprocess.Popen([*argv, str(DATA / f"{case}.Dockerfile")], cwd=REPO,
                         env=resident.env(), **pipes)  # type: ignore[call-overload]
        for case in cases
    ]
    for case, call in zip(cases, calls, strict=True):
        out, err = call.communicate(timeout=60)
        assert (call.returncode, out, err) == (
            alone[case].returncode, alone[case].stdout, alone[case].stderr,
        ), case  # fmt: skip
    assert resident.served() == before + len(cases)


def test_a_call_killed_from_outside_ends_its_client_alike_and_the_process_lives(
    resident: Resident,
) -> None:
    call = _reading_stdin(resident)
    child = _reader(resident, call, True)
    os.kill(child, signal.SIGKILL)  # as the OOM killer would
    call.wait(timeout=30)
    call.communicate(timeout=30)
    assert call.returncode == -signal.SIGKILL
    done = resident.gate("dockerfile", "--no-config", str(DATA / "denied.Dockerfile"))
    assert done.returncode == 1 and resident.status(), "the resident process died with its child"
