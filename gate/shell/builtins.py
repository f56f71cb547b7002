"""Shell builtins that change the shell itself: `cd`, `pushd`/`popd`, `set`, `read`, `eval`.

Variable assignments, `export`, `unset` and declarations are syntax in the POSIX grammar and are
handled where they are parsed (posix.py); these are the builtins that look like commands.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from typing import TYPE_CHECKING

from gate import model
from gate.shell import dir_stack, exported, folder_vars
from gate.shell.context import Ctx, Shell, folder, landed
from gate.shell.expand import Field, Flag, from_text, to_text
from gate.shell.loop_exits import BREAK, CONTINUE, leave
from gate.shell.state import Folder
from gate.shell.traps import EXIT, run_background, set_traps
from gate.shell.venv import UNPLACED, activate, deactivate, sourced_venv

_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

if TYPE_CHECKING:
    from gate.shell.walk import Walker


def builtin(
    w: Walker,
    argv: list[Field],
    ctx: Ctx,
    sh: Shell,
    text: str,
    line: int,
    env: dict[str, str | None],
    redirects: tuple[model.Redirect, ...],
) -> bool:
    """Apply `cd`, `set -a`, `eval` … to the shell; True when the command is fully handled."""
    argv, wrapped = _unwrapped(argv)
    if not argv or not argv[0].known:
        return False
    name = argv[0].value
    args = argv[1:]
    if wrapped and name == "deactivate":
        return False  # a function: `command`/`builtin` look for none, and find no program
    if name in ("cd", "pushd", "popd"):
        # The cd command itself still runs in the old directory.
        w.emit(sh, ctx, argv, env, redirects, text, line)
        here = (folder(ctx.cwd, w.run.workdir), ctx.cwd_known)
        if name == "cd" or not dir_stack.handled(name, args, ctx, here):
            _cd(w, name, args, ctx, env)
        return True
    if name == "dirs":
        dir_stack.handled(name, args, ctx, (ctx.cwd, ctx.cwd_known))
    if name == "set":
        _set(args, ctx)
    elif name == "shift":
        _shift(args, ctx)
    elif name == "read":
        _read(args, ctx, redirects, env)
        fed = next((r for r in reversed(redirects) if r.op in ("<<<", "<<", "<<-")), None)
        if fed is not None and fed.content is not None:
            w.held(from_text(fed.content))  # what `read` gave a variable, which bash may run
    elif name == "return" and w.returns and w.same_shell(sh, w.returns[-1][0]):
        # In the body of the function being called or the file being sourced (or an `eval`
        # there, which runs in place): the call ends here, with the shell as it is now
        # (posix.Posix.call and `.` below merge it).
        w.returns[-1][1].append(ctx.state.copy())
        w.returns[-1][2].append(dict(ctx.functions))
        ctx.returned = True
    elif name in (BREAK, CONTINUE):
        leave(w, name, args, ctx, sh)
    elif name in ("printf", "mapfile", "readarray", "let", "getopts"):
        _assigning(name, args, ctx)
        if name == "printf" and len(args) >= 2 and args[0].known and args[0].value == "-v":
            got = ctx.state.get(args[1].value) if args[1].known else None
            w.held(got if isinstance(got, str) else None)
    elif name == "alias":
        _alias(args, ctx, sh, line)
    elif name == "hash":
        _hash(args, ctx)
    elif name == "unalias":
        for a in args:
            if a.known and a.value == "-a":
                ctx.aliases.clear()
            elif a.known:
                ctx.aliases.pop(a.value, None)
    elif name == "shopt" and args and args[0].known and args[0].value in ("-s", "-u"):
        if any(a.known and a.value == "expand_aliases" for a in args[1:]):
            ctx.expand_aliases = args[0].value == "-s"
        elif any(a.known and a.value == "-o" for a in args[1:]) and args[0].value == "-s":
            _shopt_set_o(args, ctx)
        if any(not a.known or a.value == "lastpipe" for a in args[1:]):
            # bash runs a pipeline's last part in this shell (job control is off in a script;
            # bash 5.2 measured). Under another name, /bin/sh may be dash (no shopt at all).
            named = any(a.known and a.value == "lastpipe" for a in args[1:])
            if args[0].value == "-s":
                sure = (named and sh.program == "bash") or ctx.lastpipe is True
                ctx.lastpipe = True if sure else None
            else:
                ctx.lastpipe = False if named or ctx.lastpipe is False else None
    elif name == "shopt" and args and args[0].known and args[0].value in ("-so", "-os"):
        _shopt_set_o(args, ctx)
    elif name == "trap":
        # The command is recorded where its code runs, in the shell as it was at the `trap`.
        at_trap = ctx.copy()
        set_traps(w, args, ctx, sh, text, line,
                  lambda: w.emit(sh, at_trap, argv, env, redirects, text, line))  # fmt: skip
        return True
    elif name in (".", "source"):
        held = _held_source(w, args, ctx) if not redirects else None
        if held is not None and held == unseen_source(_source_path(w, args, ctx)):
            # A file of bytes gate never sees: still emitted (its name may say it installs).
            w.emit(sh, ctx, argv, env, redirects, text, line)
        if held is not None:
            # A file the facts layer handed over: its commands run in this very shell, and the
            # variables they set stay for the commands after it.
            label = (*sh.wrappers, f"{name} {args[0].value}")
            inner = Shell(from_text(held), label, sh.at(line), True, sh.depth + 1, sh.program)
            # A `return` at the file's top level ends the file, not the caller (bash, dash): the
            # shell stands as at any `return` reached or at the file's end.
            w.returns.append((inner, [], []))
            try:
                w.script(inner, ctx, "posix")
                ctx.returned = False
                ctx.state.merge(w.returns[-1][1], exclusive=True)
                ctx.may_stand_as(w.returns[-1][2])
            finally:
                w.returns.pop()
            return True
        # Still emitted: the facts layer walks a sourced file the build holds.
        venv = sourced_venv(args, ctx.cwd, ctx.cwd_known, w.run.workdir)
        if venv is None:
            # A file the shell layer does not walk may call any function of this shell.
            for function in ctx.functions.values():
                function.exposed = True
        if venv is None and args and _unseen_text(args[0], redirects):
            # `. <(curl …)`, `. "$F"`, `. /dev/stdin <<< "$(curl …)"`: a text gate does not
            # see, which may export any setting, as `export $(cat F)` may.
            ctx.state.open_env()
        if venv == UNPLACED:
            # A venv gate cannot place: the script's own `deactivate nondestructive` ends an
            # earlier activation, and pip is read as if this one had not happened.
            deactivate(ctx.state)
        elif venv is not None:
            activate(ctx.state, venv)
    elif name == "deactivate":
        deactivate(ctx.state)
    elif name in ("export", "declare", "typeset", "local", "readonly"):
        # `builtin export -f f`, `command declare -fx f`: not parsed as a declaration.
        _function_attributes(w, name, args, ctx)
    elif name == "wait":
        run_background(ctx, all_done=not args)
    elif name == "exec" and (program := _exec_program(args)) is not None:
        if program.known:
            # The program replaces the shell: its EXIT trap never runs (bash, dash).
            ctx.traps = {name: ts for name, ts in ctx.traps.items() if name != EXIT}
        elif EXIT in ctx.traps:
            # `exec "$@"`, `exec $CMD`: a word gate cannot read may expand to no word at all,
            # and an exec of nothing keeps the shell (and its EXIT trap): it may still run.
            ctx.traps[EXIT] = (*ctx.traps[EXIT], None)
    elif name == "eval":
        if args[:1] and args[0].known and args[0].value == "--" and sh.program not in _NO_DASHES:
            args = args[1:]  # bash's `eval -- CODE` (dash and busybox run a command `--`)
        body = " ".join(a.value for a in args)
        at = sh.at(line)
        if not all(a.known for a in args):
            w.add_opaque("eval of text the gate cannot see", text, at)
            return False
        inner = Shell(body, (*sh.wrappers, "eval"), at, True, sh.depth + 1, sh.program)
        w.evals[id(inner)] = w.evals.get(id(sh), sh)
        try:
            w.script(inner, ctx, "posix")  # eval runs in this very shell
        finally:
            del w.evals[id(inner)]
        return True
    return False


def _shopt_set_o(args: list[Field], ctx: Ctx) -> None:
    """`shopt -so NAME` (`-s -o`): `posix` is POSIX mode, where bash expands aliases in
    scripts; `allexport` is `set -a`."""
    ctx.expand_aliases = ctx.expand_aliases or any(a.value == "posix" for a in args)
    ctx.state.allexport = ctx.state.allexport or any(a.value == "allexport" for a in args)


# Shells whose `eval` takes no options: `eval -- f` runs a command named `--`.
_NO_DASHES = frozenset({"dash", "ash", "busybox"})


def _function_attributes(w: Walker, name: str, args: list[Field], ctx: Ctx) -> None:
    """`export -f NAMES`, `declare -fx NAMES`, `export -nf`, `declare +x -f` given as a
    command's words: functions exported or no longer (exported.py); variables are left as
    before."""
    functions, exporting, unexport = False, name == "export", False
    k = 0
    while k < len(args) and args[k].known and args[k].value[:1] in ("-", "+"):
        option = args[k].value
        k += 1
        if option == "--":
            break
        letters = set(option[1:])
        functions = functions or bool(letters & {"f", "F"})
        if option[0] == "+" and "x" in letters and name != "export":
            unexport = True
        elif option[0] == "-" and "x" in letters and name != "export":
            exporting = True
        elif option[0] == "-" and "n" in letters and name == "export":
            unexport = True
    if functions and (exporting or unexport):
        exported.export_words(w, ctx, args[k:], unexport)


def _exec_program(args: list[Field]) -> Field | None:
    """PROGRAM's word in `exec [-cl] [-a NAME] PROGRAM …`; None for `exec` with redirections
    only."""
    k = 0
    while k < len(args) and args[k].known and args[k].value.startswith("-"):
        if args[k].value == "--":
            k += 1
            break
        k += 2 if args[k].value == "-a" else 1
    return args[k] if k < len(args) else None


# Names of the shell's own standard input: `. /dev/stdin` sources what it is fed.


def _unseen_text(word: Field, redirects: tuple[model.Redirect, ...]) -> bool:
    """`. WORD` reads a text the shell layer cannot see: a word of unknown value (a process
    substitution, `"$F"`), or its standard input fed a heredoc or here-string of unknown text
    (`. /dev/stdin <<< "$(curl …)"`; a known one, or a pipe's, the facts layer walks)."""
    if not word.known:
        return True
    if to_text(word.value) not in model.STDIN_PATHS:
        return False
    # A here-string of unknown text reaches here as a pipe of unknown text (PIPE_IN).
    unseen = ("<<", "<<-", "<<<", model.PIPE_IN)
    return any(r.op in unseen and r.content is None for r in redirects)


def unseen_source(path: str) -> str:
    """What a sourced file of bytes gate never sees (downloaded, from another image) is handed
    over as: it may export any setting, as `export $(cat FILE)` may (State.open_env)."""
    return f"export $(cat -- {shlex.quote(path)})"


def _source_path(w: Walker, args: list[Field], ctx: Ctx) -> str:
    cwd = to_text(ctx.cwd) if ctx.cwd is not None else w.run.workdir
    return posixpath.normpath(posixpath.join(cwd, to_text(args[0].value)))


def _held_source(w: Walker, args: list[Field], ctx: Ctx) -> str | None:
    """The text of the file `. FILE` reads, when the step was handed it (Run.sourced): FILE
    named by a known path with a `/` (a bare name is looked up on $PATH first), from a known
    folder, and no words after it (they would be its positional parameters)."""
    if not w.run.sourced or len(args) != 1 or not args[0].known:
        return None
    path = to_text(args[0].value)
    if "/" not in path or not (path.startswith("/") or ctx.cwd_known):
        return None
    path = _source_path(w, args, ctx)
    return next((text for held, text in w.run.sourced if held == path), None)


def _unwrapped(argv: list[Field]) -> tuple[list[Field], bool]:
    """`command [-p] [--] NAME …` and `builtin [--] NAME …` run the builtin NAME in this very
    shell (`command . /opt/venv/bin/activate` activates, `builtin cd /x` moves): ARGV from NAME
    on, and whether a wrapper was taken off. `command -v`/`-V` only describe NAME."""
    wrapped = False
    while len(argv) > 1 and argv[0].known and argv[0].value in ("command", "builtin"):
        k = 1
        while k < len(argv) and argv[k].known and argv[k].value.startswith("-"):
            option = argv[k].value
            k += 1
            if option == "--":
                break
            if argv[0].value == "builtin" or set(option[1:]) - {"p"}:
                return argv, wrapped  # `command -v`, or an option gate does not read
        if k >= len(argv):
            break
        argv, wrapped = argv[k:], True
    return argv, wrapped


# `let A=1 B+=2 C++`: the names an arithmetic expression assigns.
ARITHMETIC_ASSIGNMENT = re.compile(
    r"(?<![\w$])([A-Za-z_][A-Za-z0-9_]*)\s*(?:(?:[-+*/%&|^]|<<|>>)?=(?!=)|\+\+|--)"
    r"|(?:\+\+|--)\s*([A-Za-z_][A-Za-z0-9_]*)"
)


def _assigning(name: str, args: list[Field], ctx: Ctx) -> None:
    """Builtins that set a variable as a side effect: `printf -v NAME FORMAT…` (its output, when
    known), `mapfile`/`readarray NAME`, `getopts SPEC NAME`, `let EXPR` (unknown values)."""
    values = [a.value if a.known else None for a in args]
    if name == "printf" and values[:1] == ["-v"] and len(args) >= 3 and args[1].known:
        from gate.shell.pipes import output_of

        ctx.state.assign(args[1].value, output_of([Field("printf"), *args[2:]], None))
    elif name in ("mapfile", "readarray"):
        operands = [v for v in values if v is not None and not v.startswith("-")]
        ctx.state.assign(operands[-1] if operands else "MAPFILE", None)
    elif name == "getopts" and len(values) >= 2 and values[1] is not None:
        ctx.state.assign(values[1], None)
    elif name == "let":
        for value in values:
            for m in ARITHMETIC_ASSIGNMENT.finditer(value or ""):
                ctx.state.assign(m.group(1) or m.group(2), None)


def _alias(args: list[Field], ctx: Ctx, sh: Shell, line: int) -> None:
    """`alias name=value …`: remembered with where it was defined (it applies from the next
    line on: the shell reads a whole line before it runs the alias command)."""
    for a in args:
        name, eq, value = a.value.partition("=")
        if not eq or not name or name.startswith("-"):
            continue
        ctx.aliases[name] = (value if a.known else None, sh.text, line)


def _hash(args: list[Field], ctx: Ctx) -> None:
    """bash's `hash -p PATH NAME…` makes NAME run PATH (no PATH search); `-r` forgets all,
    `-d NAME` one. Which /bin/sh an image has is not known, so bash's reading is taken."""
    values = [a.value if a.known else None for a in args]
    if "-r" in values:
        ctx.hashed.clear()
    if "-d" in values:
        for a in args[values.index("-d") + 1 :]:
            if a.known and not a.value.startswith("-"):
                ctx.hashed.pop(a.value, None)
    if "-p" in values:
        at = values.index("-p")
        if at + 1 < len(args):
            path = args[at + 1]
            for a in args[at + 2 :]:
                if a.known:
                    ctx.hashed[a.value] = path.value if path.known else None


def _set(args: list[Field], ctx: Ctx) -> None:
    """`set -a`, `set -o allexport`; `set -C`, `set -o noclobber`; `set -- WORDS` / `set WORDS`
    set the positional parameters."""
    values = [a.value if a.known else "" for a in args]
    k = 0
    while k < len(values):
        v = values[k]
        if v == "--":
            k += 1
            break
        if not args[k].known or not re.fullmatch(r"[-+][A-Za-z]+", v):
            break  # the positional parameters start here
        on = v.startswith("-")
        if "a" in v:
            ctx.state.allexport = on
        if "C" in v:
            ctx.state.noclobber = on
        if "o" in v:
            # `-o NAME`, also in a cluster (`set -eo noclobber`): the next word names it.
            named = values[k + 1 : k + 2]
            if named == ["allexport"]:
                ctx.state.allexport = on
            if named == ["noclobber"] or (k + 1 < len(args) and not args[k + 1].known and on):
                ctx.state.noclobber = on  # `set -o "$OPT"` may turn it on
            if named == ["posix"] and on:
                # bash in POSIX mode expands aliases in scripts too (`set +o posix` after it
                # is left expanding: the stricter reading).
                ctx.expand_aliases = True
            k += 2
            continue
        k += 1
    else:
        return  # options only: the positional parameters stay
    rest = args[k:]
    ctx.state.positional = tuple(a.value for a in rest) if all(a.known for a in rest) else None


_READ_VALUE_OPTIONS = frozenset("adinNptu")  # options of `read` that take a value


def _read(
    args: list[Field],
    ctx: Ctx,
    redirects: tuple[model.Redirect, ...],
    env: dict[str, str | None],
) -> None:
    """`read [-r] NAME… <<< TEXT` (or a heredoc): the first line split as the shell splits it;
    from anywhere else, or with options the gate does not model, the names are unknown."""
    names: list[str] = []
    raw, modelled, k = False, True, 0
    while k < len(args) and args[k].known and args[k].value.startswith("-") and names == []:
        option = args[k].value
        k += 1
        if option == "--":
            break
        for at, letter in enumerate(option[1:], 1):
            if letter == "r":
                raw = True
            elif letter in _READ_VALUE_OPTIONS:
                modelled = modelled and letter in "pt"  # a prompt or a timeout changes nothing
                if at == len(option) - 1:
                    k += 1  # the value is the next word
                break
            elif letter not in "es":
                modelled = False
    names = [a.value for a in args[k:] if a.known and _VAR_NAME.fullmatch(a.value)]
    fed = next((r for r in reversed(redirects) if r.op in ("<<<", "<<", "<<-")), None)
    line = fed.content if fed is not None and fed.content is not None else None
    ifs = ctx.state.get("IFS")
    if "IFS" in env:  # `IFS=, read …`: the prefix applies to this one command
        prefix = env["IFS"]
        ifs = None if prefix is None else from_text(prefix)
    if isinstance(ifs, Flag):
        ifs = " \t\n"
    if (
        line is None
        or not modelled
        or ifs is None
        or (not raw and "\\" in line)
        or len(names) != len(args) - k
    ):
        for name in names:
            ctx.state.assign(name, None)
        return
    words = _split_fields(from_text(line.split("\n", 1)[0]), ifs, len(names) or 1)
    for n, name in enumerate(names):
        ctx.state.assign(name, words[n] if n < len(words) else "")


def _split_fields(text: str, ifs: str, count: int) -> list[str]:
    """`read`'s split of one line into at most `count` fields (the last keeps the rest)."""
    blanks = "".join(c for c in ifs if c in " \t\n")
    text = text.strip(blanks)
    out: list[str] = []
    while text and len(out) < count - 1:
        cut = next((k for k, c in enumerate(text) if c in ifs), None)
        if cut is None:
            break
        out.append(text[:cut])
        text = text[cut + 1 :].lstrip(blanks)
    out.append(text.rstrip(blanks) if len(out) == count - 1 or not out else text)
    return out


def _shift(args: list[Field], ctx: Ctx) -> None:
    """`shift [N]`: drop the first N positional parameters (a count past them changes nothing:
    the shell reports an error and keeps them)."""
    positional = ctx.state.positional
    if positional is None:
        return
    count = args[0].value if args else "1"
    if args and (not args[0].known or not count.isdigit()):
        ctx.state.positional = None
        return
    if int(count) <= len(positional):
        ctx.state.positional = positional[int(count) :]


def _folder(w: Walker, where: Folder) -> str | None:
    """A shell's folder (cwd, known) as OLDPWD holds it: None where not known."""
    cwd, known = where
    return folder(cwd, w.run.workdir) if known else None


def _cd(
    w: Walker, name: str, args: list[Field], ctx: Ctx, env: dict[str, str | None]
) -> None:
    operands = [a for a in args if not (a.known and a.value.startswith("-") and a.value != "-")]
    if name == "popd":
        if ctx.dirs:
            ctx.oldpwd = _folder(w, (ctx.cwd, ctx.cwd_known))  # popd moves: OLDPWD is set
            ctx.cwd, ctx.cwd_known = ctx.dirs.pop()
        else:
            ctx.cwd_known = False
        return
    before = (ctx.cwd, ctx.cwd_known)
    if not operands:
        home = ctx.state.get("HOME")
        if isinstance(home, str) and home:
            target: Field = Field(home)
        elif isinstance(home, Flag):
            target = Field(w.home_default)
        else:
            target = Field("$HOME", known=False)
    else:
        target = operands[0]
    if target.known and target.value == "-" and name == "cd":
        assigned, value = folder_vars.given(ctx.state, "OLDPWD")
        if assigned:
            # `cd -` goes to $OLDPWD: a value the script gave it since its last move.
            ctx.cwd, ctx.cwd_known = value, value is not None and value.startswith("/")
        elif ctx.oldpwd is not None:
            ctx.cwd, ctx.cwd_known = ctx.oldpwd, True
        else:
            # No OLDPWD gate knows: never set (bash fails, staying put) or a folder it lost
            # track of (`[ -d /app ] && cd /app; cd /b; cd -`: /app or the folder before).
            ctx.cwd_known = False
        ctx.oldpwd = _folder(w, before)
        return
    value = target.value
    if target.known and (value == "~" or value.startswith("~/")):
        home = ctx.state.get("HOME")
        base = home if isinstance(home, str) else w.home_default
        value = base + value[1:]
    # bash, dash and busybox look a name not starting with `/`, `./`, `../` (`.hid` too) up in
    # $CDPATH first (`CDPATH=/ cd app` from /b: /app where it exists): which entry holds it is
    # not known here.
    searched = not (value.startswith("/") or value in (".", "..") or value[:2] == "./")
    searched = searched and value[:3] != "../" and _cdpath(ctx, env)

    def landing(where: Folder) -> Folder:
        cwd, known = where
        path = landed(folder(cwd, w.run.workdir), value)
        # An absolute known target is known whatever came before; a relative one only when
        # the directory it is relative to is known.
        return path, target.known and not searched and (value.startswith("/") or known)

    if name == "pushd":
        ctx.dirs.append(before)
    ctx.oldpwd = _folder(w, before)
    # Each way the shell may stand in moves from its own folder (State.move_each).
    ctx.state.move_each(landing)


def _cdpath(ctx: Ctx, env: dict[str, str | None]) -> bool:
    """Whether $CDPATH may name a folder to look in (a prefix `CDPATH=/ cd app` too)."""
    value = env["CDPATH"] if "CDPATH" in env else ctx.state.get("CDPATH")
    if isinstance(value, Flag):
        return False  # unset (gate takes a base image to leave it so, as it takes $PATH)
    return value is None or to_text(value).strip(":") != ""
