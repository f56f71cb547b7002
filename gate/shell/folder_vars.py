"""$PWD and $OLDPWD as a shell holds them: set from the folders it stands in and left.

bash, dash and busybox ash set PWD at start-up and PWD and OLDPWD at every `cd`, `pushd` and
`popd` (State.moved drops a value the script gave them since); where the script assigned one
after its last move, that value is read (bash's `~+`, `~-` and `cd -` read them too).
"""

from __future__ import annotations

from gate.shell.context import Ctx, folder
from gate.shell.expand import Flag, Value, from_text
from gate.shell.state import State

FOLDER_VARS = ("PWD", "OLDPWD")
# Programs (not builtins) whose output expand works out: a file of that name the build put in a
# $PATH folder runs instead (`/usr/local/bin/tr` before `/usr/bin/tr`).
MODELLED_PROGRAMS = frozenset({"tr", "sed", "dirname", "which"})
_SYSTEM = frozenset({"/usr/bin", "/bin", "/usr/bin/", "/bin/"})


class FolderVars:
    """The variables an expansion in `ctx` reads (expand.Vars): the state's, with $PWD and
    $OLDPWD the folders where the script has not given them a value."""

    __slots__ = ("ctx", "positional", "programs", "state", "workdir", "zero")

    def __init__(
        self, ctx: Ctx, workdir: str | None, programs: frozenset[str] = frozenset()
    ) -> None:
        self.ctx, self.state, self.workdir = ctx, ctx.state, workdir
        self.programs = programs  # Run.programs: names the build holds a file of
        # What expand reads of the state besides its variables (Expander: `$1`, `$0`).
        self.positional, self.zero = ctx.state.positional, ctx.state.zero

    def get(self, name: str) -> Value:
        value = self.state.get(name)
        if name not in FOLDER_VARS or value is not Flag.ABSENT:
            return value
        where = current(self.ctx, self.workdir) if name == "PWD" else self.ctx.oldpwd
        return None if where is None else from_text(where)

    def assign(self, name: str, value: str | None) -> None:
        self.state.assign(name, value)

    def shadows(self, name: str) -> bool:
        """`name` may run something the script defined instead of its builtin or program: a
        function (maybe one), an alias, a `hash -p` path, or a file of that name the build holds."""
        ctx = self.ctx
        if name in self.programs:
            return True
        if name in MODELLED_PROGRAMS:
            # A $PATH without the system's folders runs no such program (`PATH=/nowhere`:
            # the substitution writes nothing; bash 5.2 and dash), or another one.
            path = self.state.get("PATH")
            if path is None or (isinstance(path, str) and not _SYSTEM & set(path.split(":"))):
                return True
        return any(name in names for names in (ctx.functions, ctx.unsure, ctx.aliases, ctx.hashed))


def current(ctx: Ctx, workdir: str | None) -> str | None:
    """The folder the shell stands in, None where not known."""
    if not ctx.cwd_known:
        return None
    return folder(ctx.cwd, workdir)


def given(state: State, name: str) -> tuple[bool, str | None]:
    """Whether the script gave `name` (PWD or OLDPWD) a value since its last move, and that
    value (internal text form; None: not known, or unset)."""
    value = state.vars.get(name, Flag.ABSENT)
    if value is Flag.ABSENT:
        return False, None
    return True, value if isinstance(value, str) else None
