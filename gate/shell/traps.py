"""`trap CODE CONDITION…`: code a shell runs later, with the shell as it is then.

bash and dash run an EXIT trap's code when the shell that set it ends, with the variables, folder
and activation of that moment (`trap 'echo $X' EXIT; X=1` prints 1), not those at the `trap`. A
later `trap - EXIT`, `trap '' EXIT` or `trap N EXIT` (a number first resets every condition named)
takes it away, and a later trap replaces it. A subshell (`( … )`, a pipeline part, `$( … )`,
`cmd &`) starts with no traps of its own and runs those it sets when it ends. Any other condition
(ERR and DEBUG in bash, INT, TERM, HUP …) may fire at any time after the `trap`, or never: its code
is walked where the trap is set and again at the end, each time as a branch that may not run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gate import model
from gate.shell.context import Ctx, Shell, choice
from gate.shell.expand import Field

if TYPE_CHECKING:
    from gate.shell.walk import Walker

EXIT = "EXIT"
# A condition word gate cannot read may be any one: it stands for them all.
ANY = "?"


@dataclass(frozen=True)
class Trap:
    """Code set by one `trap`, and where: the shell that runs it and the RUN line."""

    code: str  # internal form
    shell: Shell
    at: int
    # Records the `trap` command itself, once, when its code first runs: a trap reset or
    # replaced before it could run is no command that runs an install (mentions.py).
    announce: Callable[[], None] = field(default=lambda: None, compare=False)


def _condition(word: Field) -> str:
    """`EXIT`, `exit`, `0` and `00` are the shell's end; `SIGINT` is `INT` (bash; dash knows
    only the short name, either way the code may run)."""
    if not word.known:
        return ANY
    name = word.value.upper()
    if name == EXIT or (name.isdigit() and int(name) == 0):
        return EXIT
    return name.removeprefix("SIG")


# The shells a `trap` may run in, by the name the walker has for the shell (Shell.program):
# `sh` is dash on Debian and Ubuntu images, busybox ash on Alpine.
_READERS = {"bash": ("bash",), "dash": ("dash",), "ash": ("ash",), "busybox": ("ash",),
            "sh": ("dash", "ash")}  # fmt: skip


def _read_as(value: str, shell: str) -> str | None:
    """What `shell` makes of the known condition word `value`: a condition, or None where it
    refuses it (measured, bash 5.2, dash 0.5.12, busybox 1.35 ash: each accepts EXIT in any
    case and 0, 00; dash refuses any SIG prefix and a sign; bash refuses SIGEXIT and SIG0 but
    reads SIGINT and -0; busybox reads SIGEXIT and refuses a sign and SIG0)."""
    name = value.upper()
    signed = name[:1] in ("-", "+") and name[1:].isdigit()
    if name.startswith("SIG") or signed:
        rest = name[3:] if not signed else name[1:]
        if shell == "dash" or (shell == "ash" and (signed or rest.isdigit())):
            return None
        if shell == "bash" and not signed and (rest == EXIT or rest.isdigit()):
            return None
        name = rest
    return EXIT if name == EXIT or (name.isdigit() and int(name) == 0) else name


def _conditions(conditions: list[Field], program: str) -> tuple[list[str], bool]:
    """The conditions a `trap` sets, and whether surely: where the shells `program` may be
    read the words differently (`SIGEXIT` under `sh`: dash refuses the whole `trap`, busybox
    sets EXIT), each condition any of them sets may or may not be set. bash skips a word it
    refuses and sets the others; dash then sets none."""
    readers = _READERS.get(program)
    if readers is None or not all(w.known for w in conditions):
        return [_condition(w) for w in conditions], True  # as before: zsh, ksh, words unknown
    readings: list[tuple[str, ...]] = []
    for shell in readers:
        names = [_read_as(w.value, shell) for w in conditions]
        if shell == "dash" and None in names:
            names = []  # "bad trap": nothing is set
        readings.append(tuple(n for n in names if n is not None))
    sure = len(set(readings)) == 1
    return list(dict.fromkeys(n for r in readings for n in r)), sure


def set_traps(
    w: Walker,
    args: list[Field],
    ctx: Ctx,
    sh: Shell,
    text: str,
    line: int,
    record: Callable[[], None],
) -> None:
    """Apply `trap [--] ACTION CONDITION…` to `ctx.traps`; walk now the code of conditions that
    may fire before the shell ends. `record`: records the `trap` command (now, or when the code
    it sets first runs)."""
    if args and args[0].known and args[0].value == "--":
        args = args[1:]
    if not args or (args[0].known and args[0].value.startswith("-") and args[0].value != "-"):
        record()
        return  # `trap`, `trap -p`, `trap -l`: they only print
    action, conditions = args[0], args[1:]
    if not conditions or (action.known and action.value.isdigit()):
        # `trap EXIT`, `trap 0 INT`: one condition alone, or a number first, resets them all.
        conditions, reset = args, True
    else:
        reset = action.known and action.value in ("", "-")
    at = sh.at(line)
    if reset or not action.known:
        record()
    if not reset and not action.known:
        w.add_opaque("trap of text the gate cannot see", text, at)
        return
    trap = None if reset else Trap(action.value, sh, at, _once(record))
    names, sure = _conditions(conditions, sh.program)
    for name in names:
        if name == ANY:
            # Any condition: each trap set may be the one replaced, and this code may run
            # whenever any of them would.
            for held in ctx.traps:
                ctx.traps[held] = (*ctx.traps[held], None)
            if trap is not None:
                ctx.traps[ANY] = (*ctx.traps.get(ANY, ()), trap)
        elif sure:
            ctx.traps[name] = (trap,)
        else:
            # Set by one of the shells `sh` may be only: the one before it may stay.
            ctx.traps[name] = tuple(dict.fromkeys((*ctx.traps.get(name, (None,)), trap)))
    if trap is not None and any(n != EXIT for n in names):
        ran = len(w.commands)
        where = walk_trap(w, trap, ctx, maybe=True)
        if _changes_shell(ctx, where) or _may_write(w.commands[ran:]):
            # It may run before any later command (DEBUG before each in bash, ERR after a
            # failing one, a signal at any time), again after each reassignment: what that
            # command sees is not known (as after `export $(cat .env)`), nor the files it
            # reads (`trap 'echo --no-binary :all: > r.txt' DEBUG` rewrites r.txt right
            # before `pip install -r r.txt`; bash 5.2 measured).
            ctx.state.open_env()


def _changes_shell(before: Ctx, after: Ctx) -> bool:
    """Whether trap code walked in `after` (a branch of `before`) changed what later commands
    see: variables, exports, the folder, options, functions or aliases."""
    a, b = before.state, after.state
    return (
        a.vars != b.vars or a.exported != b.exported or a.cwd != b.cwd
        or a.cwd_known != b.cwd_known or a.positional != b.positional or a.opened != b.opened
        or a.noclobber != b.noclobber or a.allexport != b.allexport or a.attrs != b.attrs
        or before.functions != after.functions or before.aliases != after.aliases
        or before.hashed != after.hashed
    )  # fmt: skip


# Commands of trap code that write no file (their output goes where the shell's does).
_NO_WRITES = frozenset({
    "echo", "printf", ":", "true", "false", "exit", "return", "set", "unset", "export", "cd",
    "shift", "local", "declare", "readonly", "kill", "wait", "sleep", "logger", "trap",
})  # fmt: skip
_QUIET = frozenset({"/dev/null", "/dev/stdout", "/dev/stderr"})
# Installers the trap's own walks judge: their run is the finding, not a file rewritten for a
# later command (`pip config set` in trap code is not followed: OPEN in the README).
_INSTALLERS = frozenset({"pip", "pip3", "uv", "poetry", "pipenv", "pdm", "conda", "mamba"})


def _may_write(commands: Sequence[model.Command]) -> bool:
    """Whether trap code's commands may write a file: a program beyond a few builtins, or an
    output redirection to a file."""
    for command in commands:
        first = command.argv[0] if command.argv else None
        name = first.value.rsplit("/", 1)[-1] if first is not None else ""
        if first is not None and not first.known:
            return True
        if first is not None and name not in _NO_WRITES and name not in _INSTALLERS:
            return True
        for r in command.redirects:
            target = r.target
            if ">" not in r.op or r.op.endswith("&"):
                continue  # an input, or `>&2`: a descriptor, not a file
            if target is None or not target.known:
                return True
            if target.value not in _QUIET and not target.value.isdigit():
                return True
    return False


def _once(record: Callable[[], None]) -> Callable[[], None]:
    done = False

    def once() -> None:
        nonlocal done
        if not done:
            done = True
            record()

    return once


def walk_trap(w: Walker, trap: Trap, ctx: Ctx, maybe: bool) -> Ctx:
    """Walk a trap's code as `eval` runs it, in `ctx` or (`maybe`) in a branch of it, which
    is returned."""
    trap.announce()
    where = ctx.alternative(choice(), 0) if maybe else ctx
    sh = trap.shell
    inner = Shell(trap.code, (*sh.wrappers, "trap"), trap.at, True, sh.depth + 1, sh.program)
    w.script(inner, where, "posix")
    return where


def run_background(ctx: Ctx, all_done: bool) -> None:
    """`wait`: the background lists started so far may have run as late as now, so they are
    walked again here; with no operands they have all ended (their files are written), and
    need no walk at the end."""
    pending = ctx.pending
    if all_done:
        ctx.pending = ()
    for walk in pending:
        walk(True, all_done)


def run_exit_traps(w: Walker, ctx: Ctx) -> None:
    """The shell of `ctx` ends: walk again the background lists it started (they may run as late
    as this), then run the traps still set, with the shell as it is now. A trap set or reset in
    a branch only (several candidates, or none among them) may not run."""
    first = True
    while ctx.traps or ctx.pending:
        traps, ctx.traps = ctx.traps, {}
        pending, ctx.pending = ctx.pending, ()
        for walk in pending:
            walk(True)  # it may still be running, or be stopped, as the shell ends
        sure: dict[Trap, bool] = {}
        for name, candidates in traps.items():
            for trap in candidates:
                if trap is not None:
                    certain = first and name == EXIT and len(set(candidates)) == 1
                    sure[trap] = sure.get(trap, False) or certain
        for trap, certain in sure.items():
            where = walk_trap(w, trap, ctx, maybe=not certain)
            if where is not ctx:  # what a branch set is still to run
                ctx.traps.update(where.traps)
                ctx.pending = (*ctx.pending, *where.pending)
        # A trap set by a trap's code as the shell ends does not run in bash or dash; it is
        # walked as one that may, the stricter reading (nesting ends at Walker's depth cap).
        first = False
