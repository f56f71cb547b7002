"""RUN steps → every simple command they would execute, whatever shell structure wraps them.

This module is the shell layer's entry point (`analyse`) and the part every dialect shares:
emitting a command, peeling its wrappers (sudo, env, xargs, `sh -c` …) and walking the scripts
they run in turn. The dialects are walked by `posix` (tree-sitter-bash), `cmd` and `powershell`;
builtins that change the shell itself by `builtins`. Code the gate cannot see into becomes an
`Opaque` item, so that it is judged `unknown` rather than silently passed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence

from gate import model
from gate.fast_replace import replace
from gate.shell import lex, meter, startup, users
from gate.shell.builtins import builtin as apply_builtin
from gate.shell.context import Ctx, Function, Shell, folder, landed, loop_choice
from gate.shell.expand import FOUND_FILE, Field, Flag, Value, Vars, from_text, to_text
from gate.shell.exported import (
    from_environment,
    import_into,
    passed_env,
    started,
)
from gate.shell.folder_vars import FolderVars
from gate.shell.here_text import Printed
from gate.shell.hidden_calls import Unrun, installer_named, may_call, shell_called, unrun
from gate.shell.loop_exits import LoopExits
from gate.shell.meter import MAX_EXPANSION, Exhausted, metered
from gate.shell.posix import Posix, walk_posix
from gate.shell.posix_words import GroupInput
from gate.shell.startup import startup_files
from gate.shell.state import OPEN_MARK, Local, State, blended
from gate.shell.time_keyword import program_runs_nothing
from gate.shell.traps import run_exit_traps
from gate.shell.venv import activate, inherit
from gate.shell.wrappers import (
    FIND_FOLDER,
    POSIX_SHELLS,
    Dialect,
    Peeled,
    peel,
    program_name,
)

MAX_SCRIPT = 1 << 20  # bytes; larger scripts are not parsed at all
_MAX_SHELL_DEPTH = 8  # nested `sh -c` / eval / `bash <<EOF` levels
_MAX_WORK = 50_000  # syntax nodes visited plus 8 per command emitted, per RUN step

# Reason of the Opaque item for a failure inside the walker itself (a bug, never expected).
INTERNAL_ERROR = "the shell layer failed on this text"

# Arguments that make an unresolved program look like a package manager at work.
_INSTALL_WORDS = frozenset(
    {"install", "download", "wheel", "lock", "sync", "add", "update", "upgrade", "inject",
     "reinstall", "remove", "develop", "bdist_wheel", "sdist", "compile"}
)  # fmt: skip


class Budget(Exception):
    """The step needs more work than the gate spends on one RUN."""


# Values held for held_installs, per step.
_MAX_HELD = 1024
HELD_INSTALL = (
    "a variable holds a command substitution that runs an installer where bash evaluates the "
    "value (`$((x))`, `${!x}`, `printf -v`, `read`)"
)


class Walker:
    """Collects the commands and opaque items of one RUN step, across nested scripts."""

    def __init__(self, run: model.Run) -> None:
        self.run = run
        self.commands: list[model.Command] = []
        self.opaque: list[model.Opaque] = []
        self.work = 0
        self.limit = _MAX_WORK  # less where the build's pool has less left (meter.pooled)
        self.calls = 0  # function calls being walked, one inside the other
        # Per function call being walked: the script its body belongs to and the states at
        # each `return` reached in it (builtins.py, posix.Posix.call).
        # Per function call or sourced file being walked: its shell, the states and function
        # tables at each `return` reached in it (Ctx.may_stand_as).
        self.returns: list[tuple[Shell, list[State], list[dict[str, Function]]]] = []
        # Per function call being walked: its body's script, the branch it was called in, and
        # the variables made local in it (`local`, bash's `declare`/`typeset` without -g) as
        # they were before, with whether that happened in a branch inside the call
        # (posix.Posix.call, posix_words.made_local).
        self.frames: list[tuple[Shell, tuple[tuple[int, int], ...], dict[str, Local]]]
        self.frames = []
        self.loops: list[LoopExits] = []  # loops being walked, innermost last (loop_exits)
        # An `eval`'s script → the shell it runs in: its `return`, `break` and `continue` act
        # there (bash, dash), as if written in place of the `eval`.
        self.evals: dict[int, Shell] = {}
        self.unrolled = 0  # loop bodies walked once per known value, in the whole step
        self.race_walks = 0  # background lists walked again between later statements
        self.defined: list[Function] = []  # every shell function the step defines
        # An exported function's environment value (`() { …; }`) → the functions it is
        # (exported.py).
        self.exported_bodies: dict[str, list[Function]] = {}
        self.texts: dict[int, str] = {}  # the scripts walked, by identity (hidden_calls.py)
        # Known variable values holding a command substitution bash may run later (held).
        self.held_values: dict[str, None] = {}
        # The names of the functions defined or removed so far, in order (posix.Posix.chain).
        self.function_log: list[str] = []
        self.home_default = "/root"
        # The build's users as this step's commands leave them (useradd, …), for `su NAME`.
        self.homes = run.homes

    # -- bookkeeping ------------------------------------------------------------------------

    def tick(self, n: int = 1) -> None:
        self.work += n
        if self.work > self.limit:
            raise Budget

    def add_opaque(self, reason: str, text: str, line: int) -> None:
        item = model.Opaque(reason, one_line(to_text(text)), line)
        if item not in self.opaque:
            self.opaque.append(item)

    def vars(self, ctx: Ctx) -> Vars:
        """The variables expansions read in `ctx` ($PWD and $OLDPWD as the folders hold them)."""
        return FolderVars(ctx, self.run.workdir, self.run.programs)

    # -- scripts ----------------------------------------------------------------------------

    def _started(
        self,
        p: Peeled,
        ctx: Ctx,
        inner: Shell,
        text: str,
        positional: tuple[str, ...] | None,
        zero: str | None = None,
    ) -> list[Ctx]:
        """The ways the shell `p` runs (its script `inner`, from `sh -c` or its stdin) may stand
        as the script starts: a new shell given the environment `p` passes, with the functions
        exported to it (posix only) and after its start-up files (`startup`)."""
        env = passed_env(p.argv, p.env)
        state = State.from_env(env, _keeps_path(p))
        state.positional, state.zero = positional, zero
        nested = ctx.nested(state)
        if _repeats(p.wrappers):
            # Run once per input batch or found file (`find -exec sh -c … {} \;`, `xargs -n1
            # sh -c`): the script may not run, or run many times, each run reading what an
            # earlier one wrote (model.repeats).
            nested.branch = (*nested.branch, (loop_choice(), 0))
        if p.dialect != "posix":
            return [nested]
        import_into(self, nested, p.argv, env, inner)
        return self.startup(p.argv, p.env, nested, inner, text)

    def startup(
        self, argv: Sequence[Field], env: Mapping[str, str | None], ctx: Ctx, sh: Shell, text: str
    ) -> list[Ctx]:
        """The start-up files the shell `argv` reads before `sh`, its script (`bash -lc`,
        `BASH_ENV=f bash -c`, a login SHELL), walked as `. FILE` in its own `ctx`: an
        activation or an installer setting in one reaches the script (gate/shell/startup.py).
        Returns the ways the shell may stand when its script starts, for the script to be
        walked once in each: `ctx`, or two after a base image's /etc/profile (_base_profile)."""
        words: list[str] = []
        for a in argv:
            if not a.known:
                break  # `bash $OPTS -c …`: the options gate can read
            words.append(to_text(a.value))
        got = startup_files(words, env, self.run.startup)
        if got.unplaced:
            reason = f"a shell reads a start-up file the gate cannot place ({got.unplaced})"
            self.add_opaque(reason, text, sh.line)
        ways = [ctx]
        for path in got.files:
            label = startup.LABEL_MAYBE if path in got.maybe else startup.LABEL
            line = Shell(from_text(". " + _quoted(path)), (*sh.wrappers, label), sh.line, True,
                         sh.depth, sh.program)  # fmt: skip
            held = self.run.startup
            base = path == "/etc/profile" and held is not None and path not in held
            before = [way.state.get("PATH") for way in ways]
            for way in ways:
                self.script(line, way, "posix")
            if base:
                ways = [w for way, was in zip(ways, before, strict=True)
                        for w in _base_profile(way, was)]  # fmt: skip
        return ways

    def script(
        self, sh: Shell, ctx: Ctx, dialect: Dialect, given: GroupInput | None = None
    ) -> Printed | None:
        """Walk a script of any dialect in `ctx`; `given`: the input its shell reads
        (`sh -c 'sh' < FILE`), which its commands read in turn as a compound command's.
        Returns what a POSIX script writes, as far as the gate can tell (else None)."""
        if sh.depth > _MAX_SHELL_DEPTH:
            self.add_opaque("shell scripts nested too deeply to follow", sh.text[:200], sh.line)
            return None
        if len(sh.text) > MAX_SCRIPT:
            self.add_opaque("shell script too large to read", sh.text[:200], sh.line)
            return None
        # The Windows dialects are imported when a step uses one: most builds never do, and
        # importing them cost a one-file run some 1.5% of its instructions.
        if dialect == "cmd":
            from gate.shell.cmd import walk_cmd

            walk_cmd(self, sh, ctx)
        elif dialect == "powershell":
            from gate.shell.powershell import walk_powershell

            walk_powershell(self, sh, ctx)
        else:
            return walk_posix(self, sh, ctx, given)
        return None

    def held(self, value: str | None) -> None:
        """A variable now holds `value` (internal text form; None: unknown): bash may run a
        command substitution in it later, where the walker does not follow (`s='$'; x="a[${s}(f)]";
        echo $((x))`, `"${x@P}"`), so its text is read as a script's is (hidden_calls.py)."""
        if value is None:
            return
        text = to_text(value)
        if "$(" in text or "`" in text:
            self.texts.setdefault(id(text), text)
            if len(self.held_values) < _MAX_HELD:
                self.held_values.setdefault(text, None)

    def posix_walker(self, sh: Shell, text: str, heredocs: dict[int, lex.Heredoc]) -> Posix:
        """The walker of one parsed POSIX script (`text`: heredocs cut out)."""
        self.texts.setdefault(id(sh.text), sh.text)
        return Posix(self, sh, text, heredocs)

    # Apply `cd`, `set -a`, `eval` … to the shell; True when the command is fully handled.
    builtin = apply_builtin

    def same_shell(self, sh: Shell, owner: Shell) -> bool:
        """Whether a command of script `sh` runs in `owner`'s own place: it is `owner`'s, or
        an `eval`'s (at any depth) that `owner` runs."""
        return sh is owner or self.evals.get(id(sh)) is owner

    def held_installs(self) -> None:
        """A variable's value holding a command substitution that names an installer
        (`x='a[$(pip install x)]'`) runs it wherever bash evaluates the value: `$((x))`,
        `[[ $x -eq 1 ]]`, `declare -i`, `${!x}`, `printf -v "$x"`, `read "$x"` (bash 5.2
        measured). The walker follows none of these: such an install is `unknown`."""
        for text in self.held_values:
            if any(installer_named(chunk) for chunk in unrun(text).chunks):
                self.add_opaque(HELD_INSTALL, text[:200], 0)

    def uncalled(self) -> None:
        """Functions the step defines, never calls and may call where the gate cannot see
        (Function.exposed, a function bash calls itself, code the gate could not read, a
        command substitution in text it did not run) are walked where they were defined (at
        the end, once every script that could call them was walked). One nothing exposes runs
        nothing: `f() { pip …; }; env f` runs the program f, in every shell."""
        texts: list[Unrun] | None = None  # read only where a function is otherwise unexposed
        hidden: dict[str, bool] = {}
        passes = 0
        walked = True
        while walked:
            walked = False
            passes += 1
            if passes > 1:
                self.tick(len(self.defined))  # a body walked may expose another
            for function in list(self.defined):
                if function.called:
                    continue
                name = function.name
                if not (function.exposed or self.opaque) and name not in hidden:
                    if texts is None:
                        texts = [unrun(text) for text in self.texts.values()]
                    hidden[name] = shell_called(name) or any(may_call(t, name) for t in texts)
                if function.exposed or self.opaque or hidden[name]:
                    function.called = walked = True
                    function.posix.run_body(function, function.ctx)

    # -- emitting commands --------------------------------------------------------------------

    def emit(
        self,
        sh: Shell,
        ctx: Ctx,
        argv: list[Field],
        env: dict[str, str | None],
        redirects: tuple[model.Redirect, ...],
        text: str,
        line: int,
        stdin_script: tuple[str, Dialect] | None = None,
        stdin_unknown: str = "",
        stdin_code_unknown: bool = False,
    ) -> None:
        """One simple command after expansion: peel it, follow nested scripts, record it.

        `stdin_script`: the text it reads on standard input, when known; `stdin_unknown`: why
        the text it reads cannot be known (a pipe from `curl`, another descriptor), if so;
        `stdin_code_unknown`: that text is neither a download nor a held file, for an
        interpreter that runs it."""
        self.tick(8)
        at = sh.at(line)
        # The names' set is built only for a `time` word: this runs for every command.
        if argv and argv[0].value == "time" and program_runs_nothing(
            sh.program, argv, {*ctx.aliases, *ctx.functions, *ctx.unsure}
        ):
            return  # `… | time X=1 pip …` (bash), `time X=1 pip` (dash): GNU time cannot run `X=1`
        for p in peel(argv, env, sh.wrappers, self.homes):
            self._peeled(p, sh, ctx, redirects, text, at, stdin_script)
            if p.stdin_shell and stdin_unknown:  # even with text: a part may be unseen
                self.add_opaque(stdin_unknown, text, at)
            elif stdin_code_unknown and _code_on_stdin(p.argv):
                # `sed … s.py | python3`, `cat s.pl | tr … | perl`: the interpreter runs the
                # pipe's text as its program (silent before).
                self.add_opaque("a program runs code from a pipe the gate cannot see", text, at)

    def _peeled(
        self,
        p: Peeled,
        sh: Shell,
        ctx: Ctx,
        redirects: tuple[model.Redirect, ...],
        text: str,
        at: int,
        stdin_script: tuple[str, Dialect] | None,
    ) -> None:
        # Why the command cannot be judged as it stands, left to the facts layer, which knows
        # the files a `find` hands its `-exec`/`-execdir` body and says it only where it does not.
        unseen = ""
        if p.chdir:
            ctx = _moved(ctx, p.chdir, self.run.workdir)
            if not ctx.cwd_known and (p.script is not None or _looks_like_install(p.argv)):
                # A folder gate cannot tell (`find -execdir`, `env -C "$D"`): the files the
                # install reads by relative names are not the ones gate holds.
                unseen = "a program runs an install in a folder the gate cannot tell"
                if p.script is not None or p.chdir != (FIND_FOLDER,):
                    self.add_opaque(unseen, text, at)
                    unseen = ""
        elif p.wrappers and any(w.startswith("find -") for w in p.wrappers) and (
            _looks_like_install(p.argv)
        ) and (
            any(not a.known and "{}" in a.value and (a.value[0] == "-" or b.value[:1] == "-")
                for b, a in zip(p.argv, p.argv[1:], strict=False))
        ):  # fmt: skip
            # `find … -exec pip install -r {} ;`: the files find matches are handed as `{}` (a
            # requirement `{}` is already one of unknown value).
            unseen = "find hands an install files the gate does not follow"
            if p.script is not None:
                self.add_opaque(unseen, text, at)
                unseen = ""
        if p.script is not None:
            if not p.script.known and (
                p.script.single or not p.script.value.strip() or p.stdin_args
            ):
                # `xargs -I{} sh -c 'echo; {}'`: what xargs reads becomes part of the script.
                self.add_opaque("a shell runs a script the gate cannot see", text, at)
                self.record(list(p.argv), p.env, redirects, text, at, p.wrappers, False, ctx)
                return
            if not p.script.known:
                # `sh -c "echo $M"`: the value is spliced into the script text before the shell
                # parses it, so it is code there (`M='x; pip install …'`), not a word of echo.
                self.add_opaque("a shell runs a script the gate cannot see", text, at)
            inner = Shell(p.script.value, p.wrappers, at, True, sh.depth + 1, _label(p.argv))
            # `xargs sh -c 'pip install "$@"' _`: xargs appends the words it reads.
            positional = None if p.stdin_args else _script_args(p.argv, p.script, p.wrappers)
            zero = None if p.stdin_args else _script_name(p.argv, p.script, p.wrappers)
            first = len(self.commands)
            for way in self._started(p, ctx, inner, text, positional, zero):
                self.script(inner, way, p.dialect, _given(redirects, stdin_script))
                run_exit_traps(self, way)
            _script_output(self.commands, first, redirects)
            return
        self.record(list(p.argv), p.env, redirects, text, at, p.wrappers, p.stdin_args, ctx,
                    unseen)  # fmt: skip
        if p.stdin_shell and stdin_script is not None:
            body, _ = stdin_script
            label = _label(p.argv)
            inner = Shell(body, (*p.wrappers, f"{label} <stdin"), at, True, sh.depth + 1, label)
            for way in self._started(p, ctx, inner, text, _stdin_args(p.argv)):
                self.script(inner, way, p.dialect)
                run_exit_traps(self, way)
        elif p.stdin_shell and p.dialect == "posix":
            # `bash --rcfile F -i < /dev/null`, `ENV=F sh -i < X`: a script gate cannot read
            # on its input, but the shell still reads its start-up files first (bash 5.2, dash
            # measured): silent before.
            label = _label(p.argv)
            inner = Shell("", (*p.wrappers, f"{label} <stdin"), at, True, sh.depth + 1, label)
            self._started(p, ctx, inner, text, _stdin_args(p.argv))
        if not p.argv or p.stdin_shell:
            return
        if p.stdin_args and _code_from_input(p.argv):
            # `… | xargs sh -c`, `xargs -0 python3 -c`: the code is the text xargs reads.
            self.add_opaque("xargs gives a program code the gate cannot see", text, at)
            return
        head = p.argv[0]
        if not head.known and _program_unresolved(head.value) and (
            _looks_like_install(p.argv) or _BRACE_INSTALL.search(head.value) is not None
        ):
            self.add_opaque("a program the gate cannot resolve runs an install", text, at)
        elif not head.known and self.calls and _ARGUMENT.fullmatch(head.value):
            # `f() { shift $N; "$@"; }; f …`: the call's words were lost on the way.
            self.add_opaque("a command line the gate cannot see comes from a variable", text, at)
        elif not head.known and _ARRAY_EXPANSION.fullmatch(head.value):
            # `"${cmd[@]}" ARGS`: the array holds words of the command line, the verb among them.
            self.add_opaque("a command line the gate cannot see comes from a variable", text, at)
        elif len(p.argv) == 1 and head.single and _NAMED_EXPANSION.fullmatch(head.value):
            # `$INSTALL_CMD` alone: the whole command line comes from the variable. (`"$@"` in a
            # function body is left alone: the function's callers are seen as commands.)
            self.add_opaque("a command line the gate cannot see comes from a variable", text, at)
        elif not head.known and all(
            not f.known and _NAMED_EXPANSION.fullmatch(f.value) for f in p.argv[:2]
        ):  # `not head.known` first: most commands' program is known, and this runs for each
            # `${a[0]} ${a[1]} lxml`, `$TOOL $VERB $PKG`: the program and the word after it come
            # from variables the gate cannot read, so the install verb may as well as the program.
            self.add_opaque("a command line the gate cannot see comes from variables", text, at)

    def record(
        self,
        argv: list[Field],
        env: dict[str, str | None],
        redirects: tuple[model.Redirect, ...],
        text: str,
        at: int,
        wrappers: tuple[str, ...],
        stdin_args: bool,
        ctx: Ctx,
        unseen: str = "",
    ) -> None:
        if not argv:
            return
        words = tuple([
            model.Word(v if (v := f.value).isascii() else to_text(v), f.known, f.may_be_option,
                       f.whole)  # to_text's own test first: most words are ASCII
            for f in argv
        ])  # fmt: skip
        if self.exported_bodies:
            started(self, argv, env)
        # What `export $(cat .env)` may have exported reaches the command unless a wrapper gave
        # it a fresh environment (OPEN_MARK).
        opened = OPEN_MARK in env
        if opened:
            env = {k: v for k, v in env.items() if k != OPEN_MARK}
        command = model.Command(
            argv=words,
            env=env,
            redirects=redirects,
            text=one_line(to_text(text)),
            line=at,
            wrappers=wrappers,
            stdin_args=stdin_args,
            cwd=None if ctx.cwd is None else to_text(ctx.cwd),
            cwd_known=ctx.cwd_known,
            branch=ctx.branch,
            env_open=opened,
            venv=ctx.state.venv,
            unseen=unseen,
            variant=ctx.variant,
        )
        self.commands.append(command)
        if self.homes is not None:
            self.homes = users.after(self.homes, command)


_STDOUT = frozenset({">", ">|", "1>", ">>", "1>>", "&>", "&>>"})


def _script_output(
    commands: list[model.Command], first: int, redirects: Sequence[model.Redirect]
) -> None:
    """`sh -c 'echo pip install x' > s.sh`: what the script's commands print goes to the
    shell's file (it was dropped: s.sh read as never written, and `sh s.sh` ran nothing gate
    saw). As for a group (posix._group_output), the first command opens it with `>` and the
    rest add to it; a command with its own output file, or whose output a pipe takes, does not
    write there."""
    out = [r for r in redirects if r.op in _STDOUT]
    if not out:
        return
    target = out[-1]
    opened = False
    for i in range(first, len(commands)):
        command = commands[i]
        piped = i + 1 < len(commands) and any(
            r.op in ("|", model.PIPE_IN) for r in commands[i + 1].redirects
        )
        if piped or any(r.op in _STDOUT for r in command.redirects):
            continue
        op = target.op if not opened or ">>" in target.op else target.op.replace(">", ">>")
        opened = True
        own = (*command.redirects, model.Redirect(op, target.target, target.content))
        commands[i] = replace(command, redirects=own)


def _given(
    redirects: Sequence[model.Redirect], stdin_script: tuple[str, Dialect] | None
) -> GroupInput | None:
    """The input a command hands the script it runs (`sh -c CODE < FILE`, `… | sh -c CODE`),
    when the gate knows its text or its file."""
    if stdin_script is not None:
        return (True, stdin_script[0], None)

    def named(ops: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(
            from_text(r.target.value)
            for r in redirects
            if r.op in ops and r.target is not None and r.target.known
        )

    # `cat A B | sh -c …` reads A's text, then B's ("<+"); of several `<`, the last is read.
    files = named(("<+",)) or named(("<", "0<"))[-1:]
    return (True, None, files) if files else None


# A shell, Python, Perl, Ruby or Node whose last word asks for inline code (`-c`, `-ec`, `-e`).
_CODE_PROGRAM = re.compile(r"(?:python[0-9.]*|pypy[0-9.]*|perl|ruby|node)")
_CODE_OPTION = re.compile(r"-[A-Za-z]*[ce]")


def _code_on_stdin(argv: Sequence[Field]) -> bool:
    """Python, perl, ruby or node given no code and no script (or `-`): it reads its program
    from standard input. Options are skipped (one taking a value, `-W x`, ends the look: the
    value may be read as the script, which keeps it silent, as before)."""
    if not argv or not argv[0].known or not _CODE_PROGRAM.fullmatch(program_name(argv[0].value)):
        return False
    for word in argv[1:]:
        if not word.known:
            return False
        value = word.value
        if value == "-":
            return True
        if not value.startswith("-") or value in ("--", "-m") or _CODE_OPTION.fullmatch(value):
            return False
    return True


def _code_from_input(argv: Sequence[Field]) -> bool:
    """The words xargs appends are the program's code: its last word asks for inline code."""
    last = argv[-1]
    return (
        len(argv) > 1
        and argv[0].known
        and (
            program_name(argv[0].value) in POSIX_SHELLS
            or bool(_CODE_PROGRAM.fullmatch(program_name(argv[0].value)))
        )
        and last.known
        and bool(_CODE_OPTION.fullmatch(last.value))
    )


_ARGUMENT = re.compile(r"\$(?:[@*1-9]|\{[@*1-9]\})")
_ARRAY_EXPANSION = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*\[[@*]\][^}]*\}")
# `$CMD`, `${CMD}`, and any other expansion of a name (`${a[@]}`, `${!ref}`, `${X/o/i}`); not
# `$@` / `$1` (a function body's arguments: its callers are walked).
_NAMED_EXPANSION = re.compile(
    r"\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[!#]?[A-Za-z_][A-Za-z0-9_]*(?:\[[^]]*\])?(?:[^}]*)\})"
)


def _script_args(
    argv: Sequence[Field], script: Field, wrappers: Sequence[str] = ()
) -> tuple[str, ...] | None:
    """`sh -c SCRIPT NAME ARGS…`: ARGS are the script's $1 …; None when one is not known.
    find's `{}` among them (`find … -exec sh -c 'sh "$1"' _ {} ;`) is the file find hands it,
    FOUND_FILE, as for $0 (_script_name)."""
    at = next((i for i, f in enumerate(argv) if f is script), None)
    if at is None:
        return None
    args = argv[at + 2 :]
    if all(a.known for a in args):
        return tuple(a.value for a in args)
    if not _found_by_find(wrappers) or any(not a.known and a.value != "{}" for a in args):
        return None
    return tuple(a.value if a.known else FOUND_FILE for a in args)


def _found_by_find(wrappers: Sequence[str]) -> bool:
    """The command is a `find -exec` body: its `{}` is a file find hands it (find_exec fills it
    per file; in a `+` body, where the shell is handed many, each may be the one it names)."""
    return any(w.startswith("find -") for w in wrappers)


def _script_name(argv: Sequence[Field], script: Field, wrappers: Sequence[str]) -> str | None:
    """`sh -c SCRIPT NAME …`: NAME is the script's $0, when known; find's `{}` (`find … -exec
    sh -c '"$0"' {} ;`) is the file find hands it, FOUND_FILE (it was taken as unknown)."""
    at = next((i for i, f in enumerate(argv) if f is script), None)
    if at is None or at + 1 >= len(argv):
        return None
    name = argv[at + 1]
    if not name.known:
        found = name.value == "{}" and _found_by_find(wrappers)
        return FOUND_FILE if found else None
    return name.value


def _stdin_args(argv: Sequence[Field]) -> tuple[str, ...] | None:
    """`bash -s -- ARGS…` reading its script from stdin: ARGS are the script's $1 …"""
    i, n = 1, len(argv)
    while i < n and argv[i].known and argv[i].value[:1] in ("-", "+"):
        option = argv[i].value
        i += 1
        if option in ("-", "--"):
            break
        if not option.startswith("--") and set(option[1:]) & {"o", "O"}:
            i += 1  # `-o pipefail`: the option's value
    args = argv[i:]
    return tuple(a.value for a in args) if all(a.known for a in args) else None


def _base_profile(ctx: Ctx, before: Value) -> list[Ctx]:
    """The ways a shell may stand after the base image's /etc/profile, a file gate does not
    hold, given the $PATH it had `before`. Debian's and Ubuntu's set $PATH afresh to the system
    folders (root's is Docker's default), so `ENV PATH=/opt/venv/bin:$PATH` no longer puts the
    venv's pip first; Alpine's (append_path) and Fedora's, RHEL's, CentOS's, Amazon Linux's
    (pathmunge) keep the $PATH the shell was given and add the system folders it lacks. gate
    does not know the base's distribution, so where $PATH was known and the two differ the
    script is walked once in each (`ctx` and a copy), a command judged once per way. Where
    $PATH was not known, Docker's default: gate reads an unknown $PATH as that anyway."""
    afresh = from_text(model.DEFAULT_PATH)
    kept = _kept_path(before)
    ctx.state.export("PATH", afresh)
    if kept is None or kept == afresh:
        return [ctx]
    other = ctx.copy()
    other.state.export("PATH", kept)
    return [ctx, other]


def _kept_path(before: Value) -> str | None:
    """`before` (a known $PATH) with the system folders it lacks appended, as Alpine's
    append_path does; None when not known. Fedora's pathmunge puts root's missing sbin folders
    first instead, but no Python puts its pip in an sbin folder: the pip found is the same."""
    if not isinstance(before, str):
        return None
    text = to_text(before)
    kept = text.split(":") if text else []  # `${PATH:+$PATH:}FOLDER`: no empty folder added
    missing = [f for f in model.DEFAULT_PATH.split(":") if f not in kept]
    return from_text(":".join([*kept, *missing]))


def _quoted(text: str) -> str:
    """`text` as one shell word."""
    return "'" + text.replace("'", "'\\''") + "'"


def _repeats(wrappers: Sequence[str]) -> bool:
    """Whether a wrapper among `wrappers` may run the program it wraps many times: xargs (once
    per batch of input words), find's -exec (once per file or batch), watch, parallel."""
    return any(
        w.startswith(("xargs", "find ")) or w.split(" ", 1)[0] in _REPEATING for w in wrappers
    )


_REPEATING = frozenset({"watch", "parallel"})


def _label(argv: Sequence[Field]) -> str:
    return program_name(argv[0].value) if argv else "sh"


def one_line(text: str) -> str:
    """Source text for a message: continuation lines joined, blanks collapsed."""
    text = text.replace("\\\r\n", " ").replace("\\\n", " ")
    return " ".join(text.split()) if "\n" in text else text.strip()


def _program_unresolved(value: str) -> bool:
    """The program word's last path part is not literal text (`$PIP`, `${X}`, `$(cmd)`, or
    braces past the brace expansion cap: `{pip,x}{a,b}{a,b}…`, braces.py).

    A `/` inside an expansion (`${X/o/i}`, `$(cd /; echo pip)`) is not a path separator."""
    last = _last_path_part(value)
    return not last or "$" in last or "`" in last or ")" in last or "{" in last


def _last_path_part(value: str) -> str:
    depth, cut = 0, 0
    for k, char in enumerate(value):
        if char in "{(":
            depth += 1
        elif char in "})" and depth:
            depth -= 1
        elif char == "/" and not depth:
            cut = k + 1
    return value[cut:]


# `{pip,install} flask`: an install verb among a brace word's parts.
_BRACE_INSTALL = re.compile(r"[{,]\s*(?:install|sync|add)\s*[,}]")


def _moved(ctx: Ctx, dirs: Sequence[Field], workdir: str | None) -> Ctx:
    """The situation of a command a wrapper runs in other folders (`env -C DIR`), as `cd`
    leaves it."""
    moved = ctx.copy()
    for d in dirs:
        moved.cwd = landed(folder(moved.cwd, workdir), d.value if d.known else None)
        moved.cwd_known = d.known and (d.value.startswith("/") or moved.cwd_known)
    return moved


def _looks_like_install(argv: Sequence[Field]) -> bool:
    args = [a.value for a in argv[1:] if a.known]
    if "-m" in args or any(a.startswith("-m") and len(a) > 2 for a in args):
        return False  # `"$PYTHON" -m pip install`: the fact layer reads the module
    return any(a in _INSTALL_WORDS for a in args)


def _keeps_path(p: Peeled) -> bool:
    """Whether a shell `p` starts still has the base's $PATH exported where its environment
    names none: not after `env` (`env -i`, `env -u PATH` take it away; bash and dash then set
    a default $PATH they do not export)."""
    return "PATH" in p.env or "env" not in p.wrappers


# ---------------------------------------------------------------------------------------------
# Public API.


def run_walker(run: model.Run, walker: Walker) -> Walker:
    """Walk `run` with `walker`; whatever goes wrong inside becomes an opaque item."""
    ctx = Ctx(_unset(State.from_env(run.env), run.unset))
    inherit(ctx.state, run.venv)  # a script file run after `. VENV/bin/activate`
    head = from_text(run.script[:200])  # for messages, in the internal form add_opaque reads
    pool = meter.pool()
    characters = MAX_EXPANSION
    if pool is not None:
        walker.limit = max(0, min(_MAX_WORK, pool.work))
        characters = max(0, min(MAX_EXPANSION, pool.characters))
    used = characters
    try:
        with metered(characters) as step:
            try:
                _walk_run(run, walker, ctx)
                walker.held_installs()
                walker.uncalled()
            finally:
                used = characters - max(step.left, 0)
    except (Budget, Exhausted):
        if walker.limit < _MAX_WORK or characters < MAX_EXPANSION:
            reason = "the build's shell steps take more work than the gate spends on one build"
            walker.add_opaque(reason, head, 0)
        else:
            walker.add_opaque("shell script too complex to follow completely", head, 0)
    except RecursionError:
        walker.add_opaque("shell text nested too deeply to read", head, 0)
    except Exception as error:  # a bug here: marked internal, so the policy layer denies it
        reason = f"{INTERNAL_ERROR}: {type(error).__name__}"
        walker.opaque.append(model.Opaque(reason, one_line(to_text(head)), 0, internal=True))
    if pool is not None:
        pool.work -= walker.work
        pool.characters -= used
    return walker


def _unset(state: State, names: tuple[str, ...]) -> State:
    """The shell with `names` (model.Run.unset) known to be unset, not of unknown value."""
    for name in names:
        if name not in state.vars:
            state.vars[name] = Flag.UNSET
    return state


def _walk_run(run: model.Run, walker: Walker, ctx: Ctx) -> None:
    """Walk the step's body under the shell in effect (or its exec-form argv)."""
    if run.env:
        from_environment(walker, run.env)
        for value in run.env.values():
            # `ENV X='a[$(f)]'`, `ENV PS4='+$(f)'`: bash may run it in the step (`$((X))`).
            walker.held(None if value is None else from_text(value))
    if run.exec_form:
        if len(run.argv) > 4096 or sum(len(a) for a in run.argv) > MAX_SCRIPT:
            text = from_text(" ".join(run.argv)[:200])
            walker.add_opaque("exec-form command too large to read", text, 0)
            return
        argv = [Field(from_text(a)) for a in run.argv]
        text = " ".join(from_text(a) for a in run.argv)
        walker.emit(Shell(text, (), 0, False, 0), ctx, argv, dict(run.env), (), text, 0)
        return
    if len(run.script) > MAX_SCRIPT:
        walker.add_opaque("shell script too large to read", from_text(run.script[:200]), 0)
        return
    shell = list(run.shell) or ["/bin/sh", "-c"]
    peeled = peel([Field(from_text(a)) for a in shell] + [Field(from_text(run.script))],
                  dict(run.env), (), run.homes)  # fmt: skip
    root = next((p for p in peeled if p.script is not None), None)
    script = from_text(run.script)
    if root is not None and root.env != run.env:
        # `SHELL ["env", "-u", "PIP_ONLY_BINARY", "sh", "-c"]`: the body runs in the
        # environment the SHELL's wrappers leave.
        ctx = Ctx(_unset(State.from_env(root.env), run.unset))
        inherit(ctx.state, run.venv)
    if root is not None and root.script is not None and root.dialect != "posix":
        walker.script(Shell(root.script.value, (), 0, False, 0), ctx, root.dialect)
    elif root is not None or not run.shell or program_name(run.shell[0]) in POSIX_SHELLS:
        program = program_name(run.shell[0]) if run.shell else "sh"
        if root is not None and root.script is not None and root.script.value != script:
            # `SHELL ["sh", "-c", "CODE"]`: the shell runs CODE, the RUN body is only its $0
            # (CODE may still run it: `eval "$0"`). Both are walked: neither hides an install.
            inner = Shell(root.script.value, root.wrappers, 0, False, 0, program)
            state = State.from_env(root.env)
            state.positional = _script_args(root.argv, root.script)
            code = ctx.nested(state)
            walker.script(inner, code, "posix")
            run_exit_traps(walker, code)
            if code.state.venv is not None:
                # `SHELL ["bash", "-c", ". /opt/venv/bin/activate && eval \"$0\""]`: the body
                # runs from CODE, after the activation.
                activate(ctx.state, code.state.venv)
            elif code.state.venvs:
                # `[ -d v ] && . v/bin/activate; eval "$0"`: after one of its ways.
                ctx.state.take(blended(code.state.venvs))
                ctx.state.ways(code.state.venvs)
        if root is None and run.shell and _shell_operand(run.shell):
            # `SHELL ["/bin/sh", "/x.sh"]`: each RUN runs /x.sh with the RUN's text as its $1
            # (silent before); the text is walked too, as a SHELL without -c has it.
            argv = [Field(from_text(a)) for a in run.shell] + [Field(script)]
            walker.emit(Shell(script, (), 0, False, 0), ctx.copy(), argv, dict(run.env), (),
                        script, 0)  # fmt: skip
        if run.zero is not None:
            ctx.state.zero = run.zero  # a script file run by its path
        body = Shell(script, (), 0, False, 0, program)
        # `ENV BASH_FUNC_f%%=…`: the RUN's shell imports it where it is bash.
        shell_argv = list(root.argv) if root is not None else [Field(from_text(a)) for a in shell]
        import_into(walker, ctx, shell_argv, run.env if root is None else root.env, body)
        ways = [ctx]
        if run.starts_shell:
            argv = list(root.argv) if root is not None else [Field(from_text(a)) for a in shell]
            env = root.env if root is not None else run.env
            ways = walker.startup(argv, env, ctx, body, script[:200])
        for way in ways:
            walker.script(body, way, "posix")
            run_exit_traps(walker, way)
    else:
        # A SHELL that is not a shell (`["python3", "-c"]`): it runs the text as one argument.
        argv = [Field(from_text(a)) for a in run.shell] + [Field(script)]
        walker.emit(Shell(script, (), 0, False, 0), ctx, argv, dict(run.env), (), script, 0)


def _shell_operand(shell: Sequence[str]) -> bool:
    """The SHELL's words name a script file after the shell's options (`["sh", "-e", "f"]`)."""
    i = 1
    while i < len(shell):
        word = shell[i]
        if word in ("-", "--"):
            return i + 1 < len(shell)
        if not word.startswith(("-", "+")):
            return True
        takes = word in ("--rcfile", "--init-file") or (
            not word.startswith("--") and any(c in "oO" for c in word[1:])
        )
        i += 2 if takes else 1
    return False


def build_pool() -> contextlib.AbstractContextManager[meter.Pool]:
    """The pool the steps of one build draw on (meter.MAX_BUILD_WORK, MAX_BUILD_EXPANSION)."""
    return meter.pooled(meter.MAX_BUILD_WORK, meter.MAX_BUILD_EXPANSION)


def analyse(run: model.Run) -> model.Script:
    """Every simple command `run` would execute, plus what the gate cannot see into."""
    walker = run_walker(run, Walker(run))
    return model.Script(tuple(walker.commands), tuple(walker.opaque), walker.homes)
