"""Programs that run their arguments, described by their option syntax instead of one loop each.

Each entry says which options take a value (so that the value is not taken for the program),
how many operands come before the command (`chrt PRIO cmd`, `direnv exec DIR cmd`), whether the
command comes only after `--` (`tox exec -e py -- cmd`), which options hand a shell script over
(`script -c 'cmd'`, `mise exec -c 'cmd'`), and which options mean no command runs at all
(`prlimit --pid 1`, `chrt -p 5 1`). Environment runners that first take a subcommand (`conda run`,
`pyenv exec`) list their global options and the subcommands that run a program.

The syntaxes come from each tool's manual (util-linux, procps, strace, ltrace, valgrind, GNU
parallel, systemd, proot, conda, mamba/micromamba, pixi, hatch, tox 4, rye, pyenv, asdf, mise,
direnv). An option a table does not list is read as a flag; an argv the scanner cannot read to its
end (an unknown word where an option may be) is left as it is, for the facts layer's catch-all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from gate.argscan import Table, tokens, value_of
from gate.shell.expand import Field


@dataclass(frozen=True)
class Syntax:
    """How one program (or one subcommand of it) finds the command it runs."""

    short_value: str = ""  # short options that take a value (`-n 5`, `-n5`)
    long_value: frozenset[str] = frozenset()  # long options that take a value (`--cwd d`)
    operands: int = 0  # operands before the command
    # The command is only what follows `--` (tox exec, mise exec).
    after_dashdash: bool = False
    # Options whose value is a shell command line (`script -c CMD`).
    script_options: frozenset[str] = frozenset()
    # Options after which the program runs nothing of its own (`chrt -p`, `prlimit --pid`).
    no_command: frozenset[str] = frozenset()
    # The remaining words are joined with spaces and run by `sh -c` (watch, sg).
    joined: bool = False
    # Options that switch `joined` off (`watch -x` execs its arguments).
    exec_options: frozenset[str] = frozenset()
    # A single remaining word is a command line for a shell (`pixi run "pip install x"`).
    single_is_script: bool = False
    # The first operand may carry an environment prefix `ENV:` (hatch run test:pip …).
    env_prefix: bool = False
    # Words that end the command and start its input arguments (GNU parallel's `:::`); without
    # one the arguments come from standard input. Either way they are unknown to the gate.
    input_separators: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Runner:
    """A program with subcommands (`conda run`); `syntax` is for the global options before it."""

    syntax: Syntax
    subcommands: dict[str, Syntax]


def _s(*names: str) -> frozenset[str]:
    return frozenset(names)


_RLWRAP_VALUES = _s("--break-chars", "--command-name", "--history-no-dupes",
                    "--extra-char-after-completion", "--file", "--forget-matching",
                    "--history-filename", "--logfile", "--multi-line-ext", "--only-cook",
                    "--pre-given", "--quote-characters", "--histsize", "--substitute-prompt",
                    "--set-term-name", "--polling", "--filter")  # fmt: skip

# Programs that run the rest of their argv.
DIRECT: dict[str, Syntax] = {
    "nohup": Syntax(),
    "time": Syntax(short_value="fo", long_value=_s("--format", "--output")),
    "timeout": Syntax(short_value="sk", long_value=_s("--signal", "--kill-after"), operands=1),
    "nice": Syntax(short_value="n", long_value=_s("--adjustment")),
    "stdbuf": Syntax(short_value="ioe", long_value=_s("--input", "--output", "--error")),
    "chronic": Syntax(),
    "builtin": Syntax(),
    "catchsegv": Syntax(),
    "unbuffer": Syntax(),
    "setsid": Syntax(),
    "eatmydata": Syntax(),
    "fakeroot": Syntax(
        short_value="lsi", long_value=_s("--lib", "--faked", "--save-file", "--load-file")
    ),
    "ionice": Syntax(short_value="cn", long_value=_s("--class", "--classdata")),
    "taskset": Syntax(operands=1),
    "tini": Syntax(short_value="pe"),
    "dumb-init": Syntax(short_value="r", long_value=_s("--rewrite")),
    "gosu": Syntax(operands=1),
    "su-exec": Syntax(operands=1),
    "s6-setuidgid": Syntax(operands=1),
    "with-contenv": Syntax(),
    "chroot": Syntax(long_value=_s("--userspec", "--groups"), operands=1),
    "xvfb-run": Syntax(
        short_value="efnpsw",
        long_value=_s(
            "--error-file",
            "--auth-file",
            "--server-num",
            "--xauth-protocol",
            "--server-args",
            "--wait",
        ),
    ),
    "chpst": Syntax(short_value="uUbe/nlLmdopfcrt"),
    "busybox": Syntax(),
    "exec": Syntax(short_value="a"),
    "setpriv": Syntax(
        long_value=_s(
            "--ruid",
            "--euid",
            "--rgid",
            "--egid",
            "--reuid",
            "--regid",
            "--groups",
            "--inh-caps",
            "--ambient-caps",
            "--bounding-set",
            "--securebits",
            "--pdeathsig",
            "--selinux-label",
            "--apparmor-profile",
            "--landlock-access",
            "--landlock-rule",
        )
    ),
    "prlimit": Syntax(
        short_value="po", long_value=_s("--pid", "--output"), no_command=_s("-p", "--pid")
    ),
    "chrt": Syntax(
        short_value="TPD",
        long_value=_s("--sched-runtime", "--sched-period", "--sched-deadline"),
        operands=1,
        no_command=_s("-p", "--pid"),
    ),
    "unshare": Syntax(
        short_value="SGRw",
        long_value=_s(
            "--setuid",
            "--setgid",
            "--root",
            "--wd",
            "--map-user",
            "--map-group",
            "--map-users",
            "--map-groups",
            "--propagation",
            "--setgroups",
            "--monotonic",
            "--boottime",
        ),
    ),
    "nsenter": Syntax(
        short_value="tSGN",
        long_value=_s("--target", "--setuid", "--setgid", "--net-socket", "--env"),
    ),
    # --quiet, --silence, --decode-fds take optional values (attached only); the rest a value.
    "strace": Syntax(
        short_value="abeEIoOpPsSuUX",
        long_value=_s(
            "--columns",
            "--trace",
            "--signal",
            "--status",
            "--raw",
            "--read",
            "--write",
            "--inject",
            "--fault",
            "--env",
            "--interruptible",
            "--output",
            "--attach",
            "--trace-path",
            "--string-limit",
            "--summary-sort-by",
            "--user",
            "--const-print-style",
            "--detach-on",
            "--summary-columns",
            "--kvm",
            "--syscall-limit",
        ),
    ),
    "ltrace": Syntax(
        short_value="aADeFlnopsuwx",
        long_value=_s("--align", "--output", "--indent", "--library", "--config"),
    ),
    "valgrind": Syntax(),  # every valgrind option is `--name=value`
    "script": Syntax(
        short_value="cEIOBTmo",
        long_value=_s(
            "--command",
            "--echo",
            "--log-in",
            "--log-out",
            "--log-io",
            "--log-timing",
            "--logging-format",
            "--output-limit",
        ),
        script_options=_s("-c", "--command"),
        # `script [file]`: without -c it runs an interactive shell and the operand is its log file.
        no_command=_s(),
        operands=-1,
    ),
    "watch": Syntax(
        short_value="nq",
        long_value=_s("--interval", "--equexit"),
        joined=True,
        exec_options=_s("-x", "--exec"),
    ),
    "systemd-run": Syntax(
        short_value="puMHE",
        long_value=_s(
            "--property",
            "--unit",
            "--machine",
            "--host",
            "--setenv",
            "--uid",
            "--gid",
            "--nice",
            "--working-directory",
            "--description",
            "--slice",
            "--slice-inherit",
            "--service-type",
            "--path-property",
            "--socket-property",
            "--timer-property",
            "--on-active",
            "--on-boot",
            "--on-startup",
            "--on-unit-active",
            "--on-unit-inactive",
            "--on-calendar",
            "--on-timezone-change",
            "--on-clock-change",
            "--expand-environment",
        ),
    ),
    "proot": Syntax(
        short_value="rbmwkqvRSip",
        long_value=_s(
            "--rootfs",
            "--bind",
            "--mount",
            "--pwd",
            "--cwd",
            "--kernel-release",
            "--qemu",
            "--verbose",
            "--change-id",
        ),
    ),
    "cgexec": Syntax(short_value="g"),
    "firejail": Syntax(),  # every firejail option is `--name=value`
    "numactl": Syntax(
        short_value="iCNPmpw",
        long_value=_s(
            "--interleave",
            "--physcpubind",
            "--cpunodebind",
            "--preferred",
            "--membind",
            "--weighted-interleave",
            "--preferred-many",
        ),
    ),
    "faketime": Syntax(short_value="mp", operands=1),
    "proxychains": Syntax(short_value="f"),
    "proxychains4": Syntax(short_value="f"),
    "torsocks": Syntax(
        short_value="uapP", long_value=_s("--user", "--pass", "--address", "--port")
    ),
    "sg": Syntax(operands=1, joined=True, script_options=_s("-c")),
    "nix-shell": Syntax(
        short_value="pIAE",
        long_value=_s("--packages", "--attr", "--include", "--expr", "--keep"),
        script_options=_s("--run", "--command"),
        operands=-1,
    ),
    "newgrp": Syntax(operands=1),  # the group; newgrp(1) runs no program, a shell
    # daemontools and friends: the account or directory, then the program.
    "setuidgid": Syntax(operands=1),
    "envuidgid": Syntax(operands=1),
    "envdir": Syntax(operands=1),
    "s6-envdir": Syntax(short_value="nic", operands=1),
    "softlimit": Syntax(short_value="adfmorRpcltv"),
    "cpulimit": Syntax(short_value="lpe", long_value=_s("--limit", "--pid", "--exe", "--cpu")),
    "trickle": Syntax(short_value="duwtln"),
    "dbus-run-session": Syntax(long_value=_s("--config-file", "--dbus-daemon")),
    "fakechroot": Syntax(
        short_value="lsdecb",
        long_value=_s("--lib", "--elfloader", "--config-dir", "--environment", "--bindir"),
    ),
    "ccache": Syntax(),
    "linux32": Syntax(),
    "linux64": Syntax(),
    "setarch": Syntax(operands=1),
    "nocache": Syntax(),
    # Run their argv too, as sudo/nohup do (their manuals): `ssh-agent bash -c …` runs the
    # command under a new agent, `toybox sh` is BusyBox's kind (silent before: `ssh-agent sh
    # s.sh`, `toybox sh s.sh`, `pkexec sh s.sh`, `ifne sh s.sh`, `daemonize /bin/sh s.sh`).
    "ssh-agent": Syntax(short_value="aEOPt"),
    # bash's `coproc CMD` runs CMD (a simple command takes no NAME); in sh it is no keyword and
    # the step fails, so reading it as bash does judges nothing that could pass.
    "coproc": Syntax(),
    "toybox": Syntax(),
    "pkexec": Syntax(long_value=_s("--user")),
    "ifne": Syntax(),
    "daemonize": Syntax(short_value="ceopluE"),
    # From their manuals (silent before: `rlwrap sh s.sh`, `nq sh s.sh`, `sem sh s.sh`, `entr sh
    # s.sh`): rlwrap's optional values (`-a[PROMPT]`, `-m[SUB]`, `-p[COLOUR]`) are attached only.
    "rlwrap": Syntax(short_value="bCDefgHlMOPqsStwz", long_value=_RLWRAP_VALUES),
    # `nq -w [JOB…]` waits for jobs and runs nothing.
    "nq": Syntax(no_command=_s("-w")),
    # GNU parallel's `sem` (`parallel --semaphore`) runs its words as one shell command line,
    # as parallel composes it; `--wait` only waits.
    "sem": Syntax(
        short_value="j",
        long_value=_s("--id", "--semaphoretimeout", "--st", "--jobs", "--timeout"),
        no_command=_s("--wait"),
        joined=True,
    ),
    # `entr -s 'CMD'` runs CMD with $SHELL; otherwise it execs its words (a file changing runs
    # them again).
    "entr": Syntax(single_is_script=True),
    "parallel": Syntax(
        short_value="aCdEIjLlnNsSX",
        long_value=_s(
            "--arg-file",
            "--colsep",
            "--delimiter",
            "--eof",
            "--replace",
            "--jobs",
            "--max-replace-args",
            "--max-args",
            "--max-lines",
            "--max-chars",
            "--sshlogin",
            "--sshloginfile",
            "--joblog",
            "--results",
            "--tmpdir",
            "--timeout",
            "--delay",
            "--retries",
            "--env",
            "--halt",
            "--memfree",
            "--load",
            "--tagstring",
            "--basefile",
            "--workdir",
            "--wd",
            "--block",
            "--header",
            "--tmux",
            "--nice",
            "--shell",
            "--shellquote",
        ),
        single_is_script=True,
        input_separators=_s(":::", "::::", ":::+", "::::+"),
    ),
}

_CONDA_RUN = Syntax(
    short_value="np",
    long_value=_s("--name", "--prefix", "--cwd"),
)
_MAMBA_RUN = Syntax(
    short_value="npra",
    long_value=_s(
        "--name",
        "--prefix",
        "--root-prefix",
        "--cwd",
        "--attach",
        "--env",
        "--label",
        "--rc-file",
        "--log-level",
    ),
)
_PIXI = Syntax(
    short_value="emwsc",
    long_value=_s(
        "--environment",
        "--manifest-path",
        "--workspace",
        "--color",
        "--concurrent-downloads",
        "--concurrent-solves",
        "--pypi-keyring-provider",
        "--auth-file",
        "--executable",
        "--spec",
        "--with",
        "--channel",
        "--platform",
    ),
    single_is_script=True,
)
_HATCH_GLOBAL = Syntax(
    short_value="ep",
    long_value=_s("--env", "--project", "--color", "--data-dir", "--cache-dir", "--config"),
)
_TOX_GLOBAL = Syntax(short_value="ec", long_value=_s("--conf", "--root", "--workdir", "--colored"))
_MISE_EXEC = Syntax(
    short_value="cjC",
    long_value=_s("--command", "--jobs", "--cd", "--env", "--profile"),
    after_dashdash=True,
    script_options=_s("-c", "--command"),
)

# Programs whose subcommand runs a program: (global options, {subcommand: its syntax}).
SUBCOMMANDS: dict[str, Runner] = {
    "conda": Runner(Syntax(), {"run": _CONDA_RUN}),
    "mamba": Runner(Syntax(), {"run": _MAMBA_RUN}),
    "micromamba": Runner(Syntax(), {"run": _MAMBA_RUN}),
    "pixi": Runner(Syntax(), {"run": _PIXI, "r": _PIXI, "exec": _PIXI, "x": _PIXI}),
    "hatch": Runner(_HATCH_GLOBAL, {"run": Syntax(single_is_script=True, env_prefix=True)}),
    "tox": Runner(
        _TOX_GLOBAL,
        {
            name: Syntax(short_value="e", long_value=_s("--env"), after_dashdash=True)
            for name in ("exec", "e")
        },
    ),
    "rye": Runner(Syntax(), {"run": Syntax(long_value=_s("--pyproject"))}),
    "pyenv": Runner(Syntax(), {"exec": Syntax()}),
    "asdf": Runner(Syntax(), {"exec": Syntax()}),
    "mise": Runner(
        Syntax(short_value="C", long_value=_s("--cd", "--env")),
        {"exec": _MISE_EXEC, "x": _MISE_EXEC},
    ),
    "rtx": Runner(Syntax(), {"exec": _MISE_EXEC, "x": _MISE_EXEC}),
    "direnv": Runner(Syntax(), {"exec": Syntax(operands=1)}),
}


@dataclass(frozen=True)
class Scan:
    """Where options end: the first operand, or an option that hands over a script."""

    index: int  # first word after the options (after `--` when it ends them)
    script: Field | None = None  # the value of a script option
    runs_nothing: bool = False  # a no-command option was given
    exec_mode: bool = False  # an exec option was given
    dashdash: bool = False  # the options ended with `--`


def scan(argv: Sequence[Field], i: int, syntax: Syntax) -> Scan:
    """Read options from `argv[i]` on, getopt style: they end at the first operand or `--`."""
    script: Field | None = None
    nothing = exec_mode = False
    for token in tokens(argv, i, _table(syntax)):
        if token.kind == "end":
            return Scan(token.index + 1, script, nothing, exec_mode, True)
        # An unknown word ends the options: options or the program, the command starts there
        # for the walker to judge.
        if token.kind != "option" or not argv[token.index].known:
            return Scan(token.index, script, nothing, exec_mode, False)
        nothing |= token.name in syntax.no_command
        exec_mode |= token.name in syntax.exec_options
        if token.name in syntax.script_options:
            script = value_of(token, argv, _field) or script
    return Scan(len(argv), script, nothing, exec_mode, False)


def _field(text: str, known: bool) -> Field:
    return Field(text, known, False)


@cache
def _table(syntax: Syntax) -> Table:
    shorts = "".join(o[1:] for o in syntax.script_options if not o.startswith("--"))
    longs = frozenset(o for o in syntax.script_options if o.startswith("--"))
    return Table(short_value=syntax.short_value + shorts, long_value=syntax.long_value | longs)


@dataclass(frozen=True)
class Ran:
    """What a runner runs: an argv, or a shell script."""

    label: str
    argv: tuple[Field, ...] = ()
    script: Field | None = None
    stdin_args: bool = False  # arguments the gate cannot see are appended (parallel)


def _join(words: Sequence[Field]) -> Field:
    return Field(" ".join(w.value for w in words), all(w.known for w in words), False)


def _strip_env_prefix(word: Field) -> Field:
    """`test:pip` (hatch's `ENV:COMMAND`) → `pip`."""
    head, colon, rest = word.value.partition(":")
    if word.known and colon and rest and head and "/" not in head and "\\" not in head:
        return Field(rest, word.known, word.may_be_option, word.single)
    return word


# Runners that start the user's shell when given no program: chroot(8) ("${SHELL} -i"),
# unshare(1) and nsenter(1) ("${SHELL}"), newgrp(1) (a new login shell) and script(1) (a shell
# whose input is script's). Measured (util-linux 2.38, a fake pip, a throwaway folder): `printf
# 'pip install x\n' | script -q /dev/null` and `… | newgrp root` ran pip; chroot, unshare and
# nsenter by their manuals (no namespaces here).
_SHELL_WITHOUT_PROGRAM = frozenset({"chroot", "unshare", "nsenter", "newgrp", "script"})


def _after(argv: Sequence[Field], i: int, syntax: Syntax, label: str) -> Ran | None:
    got = scan(argv, i, syntax)
    if got.runs_nothing:
        return None
    if got.script is not None:
        return Ran(label + " -c", script=got.script)
    start = got.index
    if syntax.after_dashdash and not got.dashdash:
        # `tox exec -e py pip install x` has no `--`: tox reads the words as its own options.
        rest = [k for k in range(start, len(argv)) if argv[k].value == "--" and argv[k].known]
        if not rest:
            return None
        start = rest[0] + 1
    if syntax.operands < 0:
        # `script [file]`: an operand is a log file, nothing is run from argv; script itself
        # runs a shell on its input, as the others below do with no program.
        return Ran(label, argv=(Field("sh"),)) if label in _SHELL_WITHOUT_PROGRAM else None
    start += syntax.operands
    if start < len(argv) and argv[start].known and argv[start].value in syntax.script_options:
        start += 1  # `sg GROUP -c CMD`: the option comes after the operand
    if start >= len(argv):
        # `printf 'pip install x' | chroot /`: with no program, $SHELL runs and reads its
        # commands on standard input (read as sh, as su's shell is).
        shell_ok = label in _SHELL_WITHOUT_PROGRAM and start == len(argv) and not got.dashdash
        return Ran(label, argv=(Field("sh"),)) if shell_ok else None
    words = list(argv[start:])
    feeds = bool(syntax.input_separators)
    if feeds:
        cut = [k for k, w in enumerate(words) if w.known and w.value in syntax.input_separators]
        words = words[: cut[0]] if cut else words
        if not words:
            return None
    if syntax.env_prefix:
        words[0] = _strip_env_prefix(words[0])
    if syntax.joined and not got.exec_mode:
        return Ran(label, script=_join(words))
    if syntax.single_is_script and len(words) == 1 and " " in words[0].value:
        return Ran(label, script=words[0])
    return Ran(label, tuple(words), stdin_args=feeds)


def run_by(argv: Sequence[Field], name: str) -> Ran | None:
    """The command a known runner runs, or None (not a runner, or nothing run, or unreadable)."""
    if name == "start-stop-daemon":
        return _start_stop_daemon(argv)
    if name == "runcon":
        return _runcon(argv)
    if name == "coproc" and len(argv) > 2 and _group_start(argv):
        # tree-sitter-bash reads `coproc NAME { CMD; …; }` as the command `coproc NAME { CMD`
        # (then the rest of the group, then `}`): the group's first command is what follows
        # `{` (bash 5.2 runs the group; silent before where it ran a held script).
        k = 1 if argv[1].value == "{" else 2
        return Ran("coproc", tuple(argv[k + 1 :])) if k + 1 < len(argv) else None
    if name in DIRECT:
        return _after(argv, 1, DIRECT[name], name)
    runner = SUBCOMMANDS.get(name)
    if runner is None:
        return None
    got = scan(argv, 1, runner.syntax)
    if got.index >= len(argv) or got.dashdash:
        return None
    sub = argv[got.index]
    syntax = runner.subcommands.get(sub.value) if sub.known else None
    if syntax is None:
        return None
    return _after(argv, got.index + 1, syntax, f"{name} {sub.value}")


# start-stop-daemon (dpkg 1.21) reads getopt_long options; measured with a fake program in a
# throwaway folder: `--start --exec P -- A` and `--start --exec P A` both run `P A`,
# `--startas Q` runs Q instead of P, `--exec P` may come before `--start`, `-xP` and `--exec=P`
# work, `--test` only prints, and a relative P is looked up from `/` (`--exec p`: "unable to
# stat //p").
_SSD = Table(
    short_value="xapnugcsrdNPIkOR",
    long_value=_s("--exec", "--startas", "--pidfile", "--name", "--user", "--group", "--chuid",
                  "--signal", "--chroot", "--chdir", "--nicelevel", "--procsched", "--iosched",
                  "--umask", "--output", "--retry", "--pid", "--ppid", "--notify-timeout"),
    long_flags=_s("--start", "--stop", "--status", "--help", "--version", "--background",
                  "--notify-await", "--no-close", "--make-pidfile", "--remove-pidfile", "--test",
                  "--oknodo", "--quiet", "--verbose"),
    abbreviations=True,
)  # fmt: skip
_SSD_NOTHING = _s("-K", "--stop", "-T", "--status", "-H", "--help", "-V", "--version", "-t",
                  "--test")  # fmt: skip


def _start_stop_daemon(argv: Sequence[Field]) -> Ran | None:
    """`start-stop-daemon --start --exec P [--startas Q] [--] ARGS`: Q (else P) runs with ARGS."""
    start = False
    program: Field | None = None
    startas: Field | None = None
    rest: Sequence[Field] = ()
    for token in tokens(argv, 1, _SSD):
        if token.kind == "end":
            rest = argv[token.index + 1 :]
            break
        if token.kind == "operand":
            rest = argv[token.index :]
            break
        if token.kind != "option":
            continue  # a word of unknown value among the options: the program is still read
        if token.name in _SSD_NOTHING:
            return None
        start |= token.name in ("-S", "--start")
        if token.name in ("-x", "--exec"):
            program = value_of(token, argv, _field) or program
        elif token.name in ("-a", "--startas"):
            startas = value_of(token, argv, _field) or startas
    run = startas or program
    if not start or run is None:
        return None
    if run.known and not run.value.startswith("/"):
        run = Field("/" + run.value, True, False)
    return Ran("start-stop-daemon", (run, *rest))


# GNU coreutils runcon: `runcon CONTEXT CMD …`, or with any of its options no CONTEXT.
_RUNCON = Table(
    short_value="turl",
    long_value=_s("--type", "--user", "--role", "--range"),
    long_flags=_s("--compute", "--help", "--version"),
    abbreviations=True,
)


def _runcon(argv: Sequence[Field]) -> Ran | None:
    """The command `runcon` runs (None: `--help`, `--version`, or no command)."""
    options = False
    start = len(argv)
    for token in tokens(argv, 1, _RUNCON):
        if token.kind == "end":
            start = token.index + 1
            break
        if token.kind != "option":
            start = token.index  # an operand, or a word of unknown value (left to the walker)
            break
        if token.name in ("--help", "--version"):
            return None
        options = True
    start += 0 if options else 1
    return Ran("runcon", tuple(argv[start:])) if start < len(argv) else None


def _group_start(argv: Sequence[Field]) -> bool:
    """`coproc { …`, `coproc NAME { …` as tree-sitter-bash splits them (see run_by)."""
    if argv[1].known and argv[1].value == "{":
        return True
    return argv[1].known and argv[1].value.isidentifier() and argv[2].known and argv[2].value == "{"
