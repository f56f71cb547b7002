"""bash's exported functions: `export -f f` (also `declare -fx`, `typeset -fx`, a definition
while `set -a` is on) puts f in the environment as `BASH_FUNC_f%%=() { BODY }`, and a bash
started below it, at any depth, imports it: `bash -c f`, `xargs bash -c 'f "$@"'`, a bash
script. Measured with bash 5.2, dash 0.5.12 and busybox 1.35 (`env | grep BASH_FUNC`):

- `set -a` exports functions defined while it is on, not those defined before; so do
  `builtin export -f f` and `command declare -fx f`;
- `export -nf f`, `declare +x -f f`, `unset -f f` (and bash's plain `unset f` of a name no
  variable has) take it out of the environment; redefining an exported function keeps it;
- bash imports it in every mode but privileged (`bash -p`) and restricted (`rbash`): also
  `bash --posix`, `POSIXLY_CORRECT=1 bash`, and bash run as `sh` (`exec -a sh bash`);
- dash and busybox ash neither import it nor pass it on (`dash -c 'bash -c f'` finds no f);
- programs that run a program (`env f`, `xargs f`, `find -exec f`, `timeout f`, `nohup f`,
  `sudo f`, `exec f`, `command f`) never run a function, exported or not; they pass the
  environment on, so `env bash -c f` runs it.

The gate keeps an exported function in the shell's environment under its real key, so the
wrappers that clear or trim the environment (`env -i`, `env -u`, sudo's env_reset) take it off
as they do any variable. A program other than a builtin or file utility started with it may
start a bash the gate does not follow (a script, `make`, `python3 -c 'os.system("f")'`): the
function is then judged as called (`started`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from gate.shell.context import Ctx, Function, Shell
from gate.shell.expand import Field, from_text
from gate.shell.state import State
from gate.shell.wrappers import (
    POSIX_SHELLS,
    invocation_options,
    program_name,
    starts_noclobber,
)

if TYPE_CHECKING:
    from gate.shell.walk import Walker

_KEY = re.compile(r"BASH_FUNC_(.+)%%")

# Shells that drop environment names that are not identifiers: what they run never sees an
# exported function.
_DROPPING = frozenset({"dash", "ash", "busybox"})


def key(name: str) -> str:
    """The environment name bash exports function `name` under."""
    return f"BASH_FUNC_{name}%%"


def export(w: Walker, ctx: Ctx, name: str, function: Function) -> None:
    """`export -f name`: from now on child processes get `function` (`started` marks it
    exposed where one of them is a program that may start bash)."""
    value = "() " + function.posix.src(function.body)
    _register(w, value, function)
    ctx.state.export(key(name), value)


def _register(w: Walker, value: str, function: Function) -> None:
    known = w.exported_bodies.setdefault(value, [])
    if function not in known:
        known.append(function)


def started(w: Walker, argv: Sequence[Field], env: Mapping[str, str | None]) -> None:
    """A program runs with environment `env` (real text): an exported function in it may run
    in a bash the program starts (a script, `make`, `python3 -c 'os.system(…)'`), which the
    gate does not follow: exposed. Not for the shell's own builtins and the file utilities,
    which start nothing."""
    if argv and argv[0].known and program_name(argv[0].value) in _STARTS_NOTHING:
        return
    for name_key, value in env.items():
        if value is not None and name_key.startswith("BASH_FUNC_"):
            for function in w.exported_bodies.get(from_text(value), ()):
                function.exposed = True


# Builtins and utilities that never start another program.
_STARTS_NOTHING = frozenset(
    {":", "true", "false", "echo", "printf", "test", "[", "cd", "pwd", "set", "shift", "umask",
     "read", "unset", "export", "alias", "unalias", "hash", "mkdir", "rm", "cp", "mv", "ln",
     "chmod", "chown", "touch", "cat", "ls"}
)  # fmt: skip


def export_words(w: Walker, ctx: Ctx, words: Sequence[Field], unexport: bool) -> None:
    """`export -f NAMES`, `declare -fx NAMES`, `export -nf NAMES`; a word the gate cannot read
    may name any function of the shell (`export -f "$@"`)."""
    for word in words:
        if not word.known:
            if not unexport:
                for name, function in ctx.functions.items():
                    export(w, ctx, name, function)
            continue
        named = ctx.functions.get(word.value)
        if named is None:
            continue  # bash: "not a function", nothing exported
        if unexport:
            ctx.state.unexport(key(word.value))
        else:
            export(w, ctx, word.value, named)


def printed(ctx: Ctx, names: Sequence[Field], only_exported: bool) -> str | None:
    """What `declare -f NAMES` (every function without names; `export -f`: every exported
    one) writes: the definitions as shell text; None where a name cannot be read."""
    if any(not n.known for n in names):
        return None
    chosen = [n.value for n in names] if names else sorted(ctx.functions)
    if only_exported:
        chosen = [n for n in chosen if key(n) in ctx.state.exported]
    texts: list[str] = []
    for name in chosen:
        function = ctx.functions.get(name)
        node = function.body.parent if function is not None else None
        if function is None or node is None:
            continue  # bash: nothing printed for a name no function has
        texts.append(function.posix.src(node) + "\n")
    return "".join(texts)


def defined(w: Walker, ctx: Ctx, name: str, function: Function) -> None:
    """A definition while `set -a` is on, or of a name already exported, is exported."""
    if ctx.state.allexport or key(name) in ctx.state.exported:
        export(w, ctx, name, function)


def passed_env(argv: Sequence[Field], env: Mapping[str, str | None]) -> dict[str, str | None]:
    """The environment the shell `argv` keeps for itself and its children: dash and busybox
    drop exported functions."""
    if argv and argv[0].known and program_name(argv[0].value) in _DROPPING:
        return {k: v for k, v in env.items() if not _KEY.fullmatch(k)}
    return dict(env)


def _imports(argv: Sequence[Field], options: frozenset[str]) -> str:
    """Whether the shell `argv` (`options`: its invocation_options) imports exported
    functions: "sure" (bash), "maybe" (`sh`, which is bash on Fedora, RHEL, CentOS and Amazon
    Linux and dash or busybox elsewhere; a program the gate cannot name; options the gate
    cannot read), or "" (dash, busybox, zsh, ksh …; a bash privileged or restricted once its
    options are read: `bash -p`, `-o privileged`, `-r`, rbash, but not `bash -p +p`)."""
    if not argv or not argv[0].known:
        return "maybe"
    name = program_name(argv[0].value)
    if name in ("bash", "rbash"):
        if options & {"privileged", "restricted"}:
            return ""
        return "maybe" if "unread" in options else "sure"  # `bash $OPTS -c f`: $OPTS may hold -p
    if name == "sh":
        return "maybe"
    if name in POSIX_SHELLS or name in _DROPPING:
        return ""
    return "maybe"


def _shellopts_noclobber(
    argv: Sequence[Field], env: Mapping[str, str | None], options: frozenset[str]
) -> bool:
    """Whether SHELLOPTS in the environment of the shell `argv` may turn noclobber on: bash
    reads it at start, over `+C` and `+o noclobber` on its command line, unless privileged or
    restricted (bash 5.2 measured: `export SHELLOPTS=noclobber; bash +C -c 'echo x > f'` keeps
    f; `bash -p` does not). `sh` or a program the gate cannot name may be bash."""
    if "SHELLOPTS" not in env or options & {"privileged", "restricted"}:
        return False
    name = program_name(argv[0].value) if argv and argv[0].known else ""
    if name not in ("bash", "rbash", "sh", "") and (name in POSIX_SHELLS or name in _DROPPING):
        return False
    value = env["SHELLOPTS"]
    return value is None or "noclobber" in value.split(":")


def _lastpipe(
    argv: Sequence[Field], env: Mapping[str, str | None], options: frozenset[str]
) -> bool | None:
    """Whether the shell `argv` starts with bash's lastpipe on (None: it may): `-O lastpipe`
    (the last of `-O`/`+O` counts), or BASHOPTS in its environment naming it, which bash
    applies over `+O` unless privileged or restricted (bash 5.2 measured). `sh` or a program
    the gate cannot name may be bash."""
    name = program_name(argv[0].value) if argv and argv[0].known else ""
    bash = name in ("bash", "rbash")
    if not bash and name and (name in POSIX_SHELLS or name in _DROPPING) and name != "sh":
        return False
    bashopts: str | None = ""
    if "BASHOPTS" in env and not options & {"privileged", "restricted"}:
        bashopts = env["BASHOPTS"]
    if bashopts is None or "lastpipe" in bashopts.split(":"):
        return True if bash and bashopts is not None else None
    if bash:
        return True if "lastpipe" in options else None if "unread" in options else False
    # `sh -O lastpipe`, `"$SHELL" -O lastpipe`: lastpipe where it is bash.
    return None if any(a.known and a.value == "lastpipe" for a in argv[1:]) else False


def from_environment(w: Walker, env: Mapping[str, str | None]) -> None:
    """The functions a RUN's environment holds (`ENV BASH_FUNC_f%%=() { … }`), read as bash
    reads them, so that a program started with them is judged as a bash script it starts
    would run (`started`), exec form included."""
    for name_key, value in env.items():
        got = _KEY.fullmatch(name_key)
        if got is None or value is None or not value.startswith("() {"):
            continue
        text = from_text(value)
        if text in w.exported_bodies:
            continue
        scratch = Ctx(State.from_env(env))
        name = got.group(1)
        w.script(Shell(from_text(f"{name} {value}"), (f"{name_key} import",), 0, True, 1),
                 scratch, "posix")  # fmt: skip
        function = scratch.functions.get(name)
        if function is not None:
            _register(w, text, function)


def import_into(
    w: Walker, ctx: Ctx, argv: Sequence[Field], env: Mapping[str, str | None], sh: Shell
) -> None:
    """The functions a shell `argv` started with `env` (real text) finds defined in `ctx`:
    those of its environment, where it imports them. A function another shell of this step
    exported is that very function; one the step did not write (`ENV BASH_FUNC_f%%=…`,
    `env 'BASH_FUNC_f%%=() { … }' bash -c f`) is read from its text, as bash reads it."""
    # Not an import, but where a shell starts: bash in POSIX mode expands aliases; under
    # allexport it exports the functions it defines (as SHELLOPTS naming it at its start).
    options = invocation_options(argv)
    if "posix" in options:
        ctx.expand_aliases = True
    shellopts = env.get("SHELLOPTS")
    if "allexport" in options or (
        argv and argv[0].known and program_name(argv[0].value) in ("bash", "rbash")
        and not options & {"privileged", "restricted"}  # they ignore SHELLOPTS
        and shellopts is not None and "allexport" in shellopts.split(":")
    ):
        ctx.state.allexport = True
    ctx.state.noclobber = (
        ctx.state.noclobber or starts_noclobber(argv) or _shellopts_noclobber(argv, env, options)
    )
    ctx.lastpipe = _lastpipe(argv, env, options)
    how = ""
    for name_key, value in env.items():
        got = _KEY.fullmatch(name_key)
        if got is None:
            continue
        how = how or _imports(argv, options) or "none"
        if how == "none":
            return
        name = got.group(1)
        if value is None:
            w.add_opaque("a shell imports a function the gate cannot see", sh.text[:200], sh.line)
            continue
        text = from_text(value)
        known = w.exported_bodies.get(text)
        function = known[-1] if known else None
        if function is None:
            if not value.startswith("() {"):
                continue  # bash imports only a value that starts so
            w.script(Shell(from_text(f"{name} {value}"), (*sh.wrappers, f"{name_key} import"),
                           sh.line, True, sh.depth + 1, sh.program), ctx, "posix")  # fmt: skip
            function = ctx.functions.get(name)
            if function is None:
                continue
            _register(w, text, function)  # a program started with it may run it (`started`)
        ctx.functions[name] = function
        w.function_log.append(name)
        if how == "maybe":
            ctx.unsure |= {name}
        else:
            ctx.unsure -= {name}
