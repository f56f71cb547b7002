"""Every place a step names a Python installer, and what became of it.

A gate that says nothing about a line it did not understand fails open. So for each RUN, every
command that names an installer (pip, uv, poetry, pipx, pipenv, pdm, easy_install, setup.py,
get-pip.py, …) is accounted for with one outcome:

- `install`: the walker made install facts of it;
- `unknown`: the gate cannot tell, and says why (this also becomes an `opaque` item, so the policy
  warns): code in another interpreter that runs an installer, a script whose name says it installs
  Python packages, a program the gate does not know that is handed an install command line;
- `not-install`: it names an installer but installs nothing from PyPI, and says why (`apt-get
  install python3-pip`, `pip --version`, `pip freeze`, `rm -rf /root/.cache/pip`).

The name is found in the argv and heredoc text of each command the shell layer produced; a step
whose text names an installer outside any command gets one record for the step.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from gate.facts.file_writes import FILE_IN, STDIN_OPS, url_name
from gate.facts.programs import code_runner, identify, is_interpreter, program_name, runner_args
from gate.facts.scripts import script_index
from gate.fast_replace import replace
from gate.model import Command, Mention, MentionOutcome, Opaque, Run, Script, Word

# An installer named anywhere in a word: `pip3`, `python3-pip`, `/root/.cache/uv`, `PIP_NO_…`.
NAME = re.compile(
    r"(?<![a-z0-9])(pipenv|pipx|pip|poetry|uvx|uv|pdm|easy_install|setup\.py|ensurepip)(?![a-z])",
    re.IGNORECASE,
)


# name_search tests for a piece of each of NAME's names, in lower case: an ASCII text whose
# lower-cased form holds none cannot match (each name matched is the text's own letters in
# either case), and such a test costs a few ns a character where NAME's search costs ~200 (its
# look-behind and case folding at every place; 3% of a many-files run). A text that is not
# ASCII is searched as it is: IGNORECASE also matches letters lower() does not give (dotless i,
# dotted capital I, long s, the Kelvin sign).
def name_search(text: str) -> re.Match[str] | None:
    """NAME.search(text), without the search where a cheap test shows it finds nothing."""
    if text.isascii():
        lower = text.lower()
        # Each piece spelled out: a generator over them cost as much as the tests themselves.
        if (
            "pip" not in lower
            and "uv" not in lower
            and "poetry" not in lower
            and "pdm" not in lower
            and "easy_install" not in lower
            and "setup.py" not in lower
        ):
            return None
    return NAME.search(text)


# A word that is itself an installer program (its last path part).
_PROGRAM = re.compile(
    r"pip(\d+(\.\d+)*)?(-\d+(\.\d+)*)?(\.pyz)?|pipx(\.pyz)?|pipenv|poetry|uvx?|pdm"
    r"|easy_install(-\d+(\.\d+)*)?|setup\.py|get[-_]?pip\.py|install-poetry\.py"
)
# pip's API in code: `pip.main([...])`, `pip._internal.cli.main`.
# ensurepip's `_run_pip(args)` runs pip with the arguments it is given (atk24).
_PIP_API = re.compile(r"pip\.(main|__main__|_internal\b.*)|ensurepip\._run_pip$")
# setuptools' easy_install by its module (`from setuptools.command.easy_install import main;
# main([...])` installs what it is handed; atk24: silent before).
_EGG_API = re.compile(r"setuptools\.command\.easy_install(?:\.main)?$")
_VERBS = frozenset(
    {
        "install",
        "i",
        "add",
        "sync",
        "download",
        "wheel",
        "lock",
        "update",
        "upgrade",
        "develop",
        "inject",
        "reinstall",
        "bdist_wheel",
        "bdist_egg",
        "build",
    }
)
_RUN_VERBS = {
    "uv": "run",
    "uvx": "",
    "easy_install": "",
    "get-pip.py": "",
    "getpip.py": "",
    "get_pip.py": "",
    "install-poetry.py": "",
}
# pip-tools drive pip's resolver and installer with options of their own the gate does not model.
_PIP_TOOLS = {
    "pip-sync": "pip-sync installs pinned requirements through pip, with its own pip options",
    "pip-compile": "pip-compile resolves with pip, which runs build backends for source "
    "distributions, with its own pip options",
}
# A program named like pip but not one of its spellings (`pip3.12-dbg`, `pip-custom`).
_PIPLIKE = re.compile(r"pip[0-9._-]")
# A script or make target whose name says it installs Python packages.
_INSTALLER_SCRIPT = re.compile(
    r"get[-_]?pip|install-poetry|bootstrap[-_]buildout"
    r"|(pip|poetry|pipenv|pdm|requirements)[^/]*install|install[^/]*(pip|poetry|pipenv|pdm)",
    re.IGNORECASE,
)
_DOWNLOADERS = frozenset({
    "curl", "wget", "wget2", "aria2c", "fetch", "invoke-webrequest", "iwr", "irm",
    "invoke-restmethod",
})  # fmt: skip
# Programs option_commands reads (an import there would be circular).
_OPTION_COMMANDS = frozenset(
    {"tar", "gtar", "bsdtar", "apt-get", "apt", "apt-cache", "aptitude", "apt-mark", "dpkg"}
    | {"rpm", "git"}
)
# Programs command_readers reads.
_COMMAND_READERS = frozenset(
    {"ed", "red", "ex", "sftp", "ftp", "sqlite3", "psql", "mysql", "mariadb", "gdb"}
    | {"vim", "vi", "nvim"}
)
_SYSTEM_PACKAGERS = frozenset(
    {
        "apt-get",
        "apt",
        "aptitude",
        "dpkg",
        "yum",
        "dnf",
        "microdnf",
        "tdnf",
        "rpm",
        "apk",
        "zypper",
        "pacman",
        "emerge",
        "xbps-install",
        "brew",
        "port",
        "choco",
        "winget",
        "scoop",
        "conda",
        "mamba",
        "micromamba",
        "spack",
        "nix-env",
        "snap",
        "cargo",
        "npm",
        "gem",
    }
)
# Programs whose code can run a command line (awk's system(), Tcl's exec, Perl's backticks…):
# data to them unless the code calls one of RUNS_COMMAND.
_CODE_RUNNERS = frozenset(
    {"awk", "gawk", "mawk", "nawk", "busybox", "perl", "ruby", "node", "nodejs", "php", "lua",
     "tclsh", "wish", "jq"}
)  # fmt: skip
# Code runners whose program is always an operand (never read from standard input).
_PROGRAM_OPERAND = frozenset({"awk", "gawk", "mawk", "nawk", "busybox", "jq"})
# Code that reads its standard input as data (python, perl, ruby, node, awk spellings).
READS_STDIN = re.compile(r"\bstdin\b|\binput\s*\(|\bfileinput\b|<STDIN>|<>|\bARGF\b|\bgets\b")
# Lua's os.execute, Node's execFile(Sync), PHP's passthru/proc_open, Ruby's Open3 and %x(),
# Perl's qx// count as well, and awk's `CMD | getline` (`|&` in gawk), whatever names CMD.
RUNS_COMMAND = re.compile(r"\bsystem\s*\(|\bexec\b|\bspawn\b|`|\bpopen\b|\bspawnSync\b|"
                           r"\bexecSync\b|\bshell_exec\b|\|\s*\"|\bexecute\b|\bexecFile(?:Sync)?\b"
                           r"|\bpassthru\b|\bproc_open\b|\bpopen[23]e?\b|\bcapture[23]e?\b"
                           r"|%x[({\[]|\bqx\W|\|&?\s*getline\b")
# awk running a fixed command line: `system("date")`, or input sent down a pipe to a program that
# reads it as text (`print | "sort"`, `print | "sort -u"`), not to a shell or xargs. What the
# literal itself runs is judged by the mentions layer.
AWK_FIXED_COMMAND = re.compile(
    r"""\bsystem\s*\(\s*"[^"\\]*"\s*\)"""
    r"""|\|\s*"(?:sort|uniq|cat|head|tail|wc|tr|cut|grep|column|fmt|rev|tac)(?:\s+-[-\w=]*)*\s*["]"""
)
# A sed script that runs a command: the `e` command (after an address and `!`), or the `e` flag
# of an `s` command (any delimiter). Both scan linearly: a sed script can be long (the blank
# runs are possessive: three adjacent `[ \t]*` backtracked cubically over a run of blanks).
_SED_E_COMMAND = re.compile(
    r"(?:^|[;{}\n])[ \t]*+(?:(?:\d+|\$|/[^/\n]*/)(?:[ \t]*,[ \t]*(?:\d+|\$|/[^/\n]*/))?)?"
    r"[ \t]*+!?[ \t]*+e(?=[ \t;}\n]|$)"
)
_SED_E_FLAG = re.compile(r"s([^\w\s\\])(?:\\.|(?!\1).)*\1(?:\\.|(?!\1).)*\1[gpIiMm0-9w]*e")
_SED_MAX = 64 * 1024  # past this much script, any install text in it counts
# Code that fetches what an address holds (Python's clients, or a downloader it runs).
_FETCHES = re.compile(r"urlopen|urlretrieve|urllib|requests|httpx|aiohttp|pycurl|http\.client"
                      r"|\bcurl\b|\bwget\b")
# Programs that take words as data: they print, test, copy or search them, never run them.
DATA_PROGRAMS = frozenset(
    {
        "echo",
        "printf",
        "cat",
        "tee",
        "grep",
        "egrep",
        "sed",
        "awk",
        "test",
        "[",
        "[[",
        "which",
        "type",
        "hash",
        "whereis",
        "ls",
        "rm",
        "rmdir",
        "cp",
        "mv",
        "ln",
        "chmod",
        "chown",
        "mkdir",
        "touch",
        "install",
        "sha256sum",
        "sha512sum",
        "md5sum",
        "sort",
        "head",
        "tail",
        "cut",
        "tr",
        "wc",
        "find",
        "readlink",
        "realpath",
        "dirname",
        "basename",
        "stat",
        "file",
        "git",
        "tar",
        "unzip",
        "update-alternatives",
        "export",
        "unset",
        "cd",
        "declare",
        "local",
        "readonly",
        "true",
        "false",
        ":",
        "mktemp",
        "du",
        "diff",
        "patch",
        "strip",
        "setfacl",
        "groupadd",
        "useradd",
        "write-host",
        "remove-item",
        "test-path",
        "get-command",
        "get-content",
        "set-content",
        "out-file",
        "get-filehash",
        "copy-item",
        "move-item",
        "expand-archive",
        "gc",
        "where",
        "del",
        "rd",
        "copy",
        "move",
        "mklink",
        "set",
        "setx",
        "dir",
        "gpg",
        "pwsh",
    }
)
# Builtins whose words are code for later: the gate judges that code where it runs.
_DEFERRED = frozenset({"alias", "trap", "set", "function"})
# A shell running a script file, and the interpreters' script operand.
_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "source", "."})
_NAME_MAX = 255
# A word that can name a program file (no quotes, brackets or commas left in it).
_PATH = re.compile(r"[\w.~/\\:+-]+")
# How many command lines inside words inside command lines are searched, and how much text the
# search may read in all (characters, counted per tail), per command.
_MAX_NESTED = 4
_SEARCH_BUDGET = 4_000_000
# How far into an unknown program's argv the gate looks for a command it runs.
_MAX_TAIL = 64
TOKEN = re.compile(r"[A-Za-z0-9_.\-/\\:]+")


@dataclass(frozen=True)
class Accounted:
    """The records for one step, and the unknowns the policy must hear about."""

    mentions: tuple[Mention, ...]
    opaque: tuple[Opaque, ...]


@dataclass(frozen=True)
class _Outcome:
    outcome: MentionOutcome
    reason: str
    new_opaque: bool = False  # an unknown no other layer reported


def _named(command: Command) -> str | None:
    # One search of the words joined first (most commands name no installer): NAME matches
    # no newline and takes one before or after a name as it takes the ends of a word, so it
    # finds a name in the joined text exactly when it finds one in some word.
    if name_search("\n".join([word.value for word in command.argv])) is not None:
        for word in command.argv:
            m = name_search(word.value)
            if m:
                return word.value if len(word.value) <= 80 else m.group(0)
    for redirect in command.redirects:
        m = name_search(redirect.content or "")
        if m:
            return m.group(0)
    return None


def says_installs(name: str) -> bool:
    """A file name (at most 255 bytes on every image filesystem) that says it installs."""
    return len(name) <= _NAME_MAX and bool(_INSTALLER_SCRIPT.search(name))


def names_installer(name: str) -> bool:
    """A file name that says it installs, or that is an installer program (`pip.pyz`)."""
    return says_installs(name) or bool(_PROGRAM.fullmatch(name))


def _is_installer(token: str) -> str | None:
    if "://" in token:
        return None  # a URL names a download, not a program that runs
    name = program_name(token)
    if _PROGRAM.fullmatch(name):
        return name
    if _PIP_API.match(token):
        return "pip"
    if _EGG_API.match(token):
        return "easy_install"
    return None


def runs_installer(tokens: Sequence[str]) -> bool:
    """Some token is an installer program and a later one an install verb (`pip … install`).

    One pass from the end (linear: argv and inline code can be long).
    """
    verb_later = run_later = False
    for k in range(len(tokens) - 1, -1, -1):
        token = tokens[k]
        name = _is_installer(token)
        if name is not None:
            extra = _RUN_VERBS.get(name)
            if (extra == "" and k + 1 < len(tokens)) or verb_later or (extra and run_later):
                return True
        verb_later = verb_later or token in _VERBS
        run_later = run_later or token == "run"
    return False


def _tokens(words: Sequence[Word]) -> list[str]:
    out: list[str] = []
    for word in words:
        parts = TOKEN.findall(word.value)
        out.extend(parts if len(parts) > 1 else [word.value])
    return out


def inline_code(command: Command) -> str | None:
    """Inline code an interpreter runs: `python -c CODE`, or its stdin (a heredoc, a here-string,
    a known pipe) when it reads its program there. Code that reads its stdin as data gets that
    text too: `python -c 'os.system(sys.stdin.read())' <<< 'pip install x'` runs what it reads."""
    argv = command.argv
    fed = _fed(command)
    for k, word in enumerate(argv[1:], 1):
        if not word.known or not word.value.startswith("-") or word.value.startswith("--"):
            break
        if word.value.endswith("c") and k + 1 < len(argv):
            code = argv[k + 1].value
            return code if fed is None or not READS_STDIN.search(code) else f"{code}\n{fed}"
    for redirect in command.redirects:
        if redirect.op in ("<<", "<<-", "<<<") and redirect.content:
            return redirect.content
    return fed if fed is not None and _reads_stdin(command) else None


def unknown_inline_code(command: Command) -> str | None:
    """Why the inline code an interpreter runs is unknown, when it is: `python3 -c "$M"`,
    `perl -e "$M"` with M of no known value may run anything, as `eval "$M"` (no installer name
    in the text is needed for that)."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    if is_interpreter(name):
        for k, word in enumerate(argv[1:], 1):
            if not word.known or not word.value.startswith("-") or word.value.startswith("--"):
                return None
            if word.value.endswith("c") and k + 1 < len(argv):
                known = argv[k + 1].known
                return None if known else "python code of a value the gate cannot know"
        return None
    runner = code_runner(name)
    if runner is None:
        return None
    code = runner_args(runner, argv).code
    return f"`{name}` code of a value the gate cannot know" if code and not code.known else None


def _program_on_stdin(command: Command) -> bool:
    """A code runner given only options (none with inline code) and perhaps `-`: it reads its
    program from standard input (programs.runner_args reads each runner's options)."""
    runner = code_runner(program_name(command.argv[0].value))
    if runner is None:
        return False
    got = runner_args(runner, command.argv)
    rest = command.argv[got.operand :]
    return got.known and got.code is None and (not rest or rest[0].value == "-")


def reads_program_on_stdin(command: Command) -> bool:
    """Python, perl, ruby, node, php, lua or tclsh given no script and no inline code (or `-`):
    it runs the program it reads on standard input."""
    argv = command.argv
    return bool(argv) and argv[0].known and (_reads_stdin(command) or _program_on_stdin(command))


def _fed(command: Command) -> str | None:
    """The text on the command's standard input, when the gate knows it."""
    for redirect in command.redirects:
        if (redirect.op in STDIN_OPS or redirect.op in FILE_IN) and redirect.content:
            return redirect.content
    return None


def _operand(command: Command) -> str | None:
    """The script an interpreter or shell runs (`python x.py`, `bash ./install.sh`)."""
    for word in command.argv[1:]:
        if not word.known:
            return None
        if not word.value.startswith("-"):
            return word.value
    return None


def _reads_stdin(command: Command) -> bool:
    """A python that runs the script it reads on standard input (`curl … | python3`)."""
    argv = command.argv
    if not argv or not argv[0].known or not is_interpreter(program_name(argv[0].value)):
        return False
    rest = [w.value for w in argv[1:]]
    return all(v.startswith("-") and v not in ("-c", "-m") for v in rest) or "-" in rest


def _sed_runs_install(command: Command) -> bool:
    """sed's script runs a command (`e`), and the script or the text it reads (what `e` alone
    runs) holds an install command line."""
    script = "\n".join(w.value for w in command.argv[1:] if w.known)
    text = f"{script}\n{_fed(command) or ''}"
    if not runs_installer(TOKEN.findall(text)):
        return False
    if len(script) > _SED_MAX:
        return True
    return bool(_SED_E_COMMAND.search(script) or _SED_E_FLAG.search(script))


_GIT_ALIAS = re.compile(r"alias\.[^=\s]+")


def _git_alias_runs_installer(command: Command) -> bool:
    """`git -c alias.X='!…' …`, `git config [--global] alias.X '!…'`, or the same through
    GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n, where the shell command names an installer (its
    arguments may come later: `git p install x` for `!pip`)."""
    words = [w.value for w in command.argv[1:] if w.known]
    values: list[str] = []
    for k, word in enumerate(words):
        key, eq, value = word.partition("=")
        if eq and _GIT_ALIAS.fullmatch(key):
            values.append(value)
        elif _GIT_ALIAS.fullmatch(word) and k + 1 < len(words) and "config" in words[:k]:
            values.append(words[k + 1])
    values += [v for k, v in command.env.items() if k.startswith("GIT_CONFIG_VALUE_") and v]
    return any(
        v.startswith("!") and any(_is_installer(t) for t in TOKEN.findall(v[1:]))
        for v in values
    )


def _runs_substitution(command: Command) -> bool:
    """A python that runs the script a process substitution writes (`python3 <(curl …) x`)."""
    argv = command.argv
    if not argv or not argv[0].known or not is_interpreter(program_name(argv[0].value)):
        return False
    script = next((w for w in argv[1:] if not (w.known and w.value.startswith("-"))), None)
    return script is not None and not script.known and script.value.startswith("<(")


def _quiet(command: Command) -> str:
    call = identify(command)
    if call is None:
        return "it names an installer but runs nothing the gate counts as an install"
    words = [w.value for w in call.args]
    if any(w in ("--version", "-V", "version") for w in words):
        return f"`{call.spelling}` only prints its version"
    if any(w in ("--help", "-h", "help") for w in words):
        return f"`{call.spelling}` only prints help"
    sub = next((w for w in words if not w.startswith("-")), None)
    if sub is None:
        return f"`{call.spelling}` without a subcommand installs nothing"
    if sub in _VERBS:
        return f"`{call.spelling} {sub}` is given nothing to install"
    return f"`{call.spelling} {sub}` does not install packages"


def _program(command: Command) -> str:
    first = command.argv[0] if command.argv else Word("")
    return program_name(first.value) if first.known else first.value


def _split(text: str) -> tuple[Word, ...]:
    try:
        return tuple(Word(w) for w in shlex.split(text))
    except ValueError:
        return tuple(Word(w) for w in text.split())


def _hidden_install(command: Command, depth: int = 0, budget: list[int] | None = None) -> bool:
    """Some tail of the argv is an install, or something the gate reports as unknown.

    A word that holds a whole command line (`script -qc 'cmd args'`, `sg g -c '…'`) is split the
    way a shell would and searched the same way, a bounded number of levels deep. Past its work
    budget the search answers yes: what the gate could not finish reading is unknown.
    """
    budget = budget if budget is not None else [_SEARCH_BUDGET]
    argv = command.argv
    sizes = [len(w.value) + 1 for w in argv]
    budget[0] -= sum(sizes)
    if budget[0] < 0:
        return True
    if runs_installer(_tokens(argv[1:])):
        return True
    rest = sum(sizes)
    for k in range(1, min(len(argv), _MAX_TAIL)):
        rest -= sizes[k - 1]
        if not argv[k].known:
            continue
        budget[0] -= rest  # reading a tail costs about its length
        if budget[0] < 0:
            return True
        tail = replace(command, argv=argv[k:], redirects=())
        if _classify(tail, step_installs=True, stdin_python=False, tail=True).new_opaque:
            return True
        if depth < _MAX_NESTED and any(c.isspace() for c in argv[k].value):
            inner = replace(command, argv=(Word("sh"), *_split(argv[k].value)), redirects=())
            if _hidden_install(inner, depth + 1, budget):
                return True
    return False


def _classify(
    command: Command, step_installs: bool, stdin_python: bool, tail: bool = False
) -> _Outcome:
    name = _program(command)
    lower = name.lower()
    call = identify(command)
    if call is not None and call.implied:
        return _Outcome(
            "unknown",
            "get-pip.py given no requirement installs pip (and setuptools, wheel) with the options "
            "of whichever version was downloaded",
            True,
        )
    if lower in _PIP_TOOLS:
        return _Outcome("unknown", _PIP_TOOLS[lower], True)
    if call is not None:
        if tail and any(w.value in _VERBS for w in call.args):
            return _Outcome("unknown", f"`{call.spelling}` runs under a program", True)
        return _Outcome("not-install", _quiet(command))
    if is_interpreter(name):
        if "ensurepip" in [w.value for w in command.argv[1:3]] or "-mensurepip" in [
            w.value for w in command.argv[1:2]
        ]:
            return _Outcome("not-install", "ensurepip installs the pip wheel bundled with Python")
        code = inline_code(command)
        if code is not None:
            # `python -c 'runpy.run_module("pip")' install x`: the code's sys.argv is the rest.
            if runs_installer([*TOKEN.findall(code), *_tokens(command.argv[1:])]):
                return _Outcome(
                    "unknown", "python code the gate cannot read runs an installer", True
                )
            # The address may be in the code or handed to it (`urlopen(sys.argv[1])` URL).
            words = [*TOKEN.findall(code), *(w.value for w in command.argv[1:] if w.known)]
            urls = [t for t in words if "://" in t]
            if _FETCHES.search(code) and any(
                says_installs(t) or names_installer(url_name(t)) for t in urls
            ):
                # `urlretrieve('https://bootstrap.pypa.io/get-pip.py', …)`, `exec(urlopen(…))`:
                # code that fetches an installer script runs it, there or in a later command.
                return _Outcome("unknown", "python code downloads an installer script", True)
            return _Outcome("not-install", "python code names an installer but runs no install")
        script = _operand(command)
        if script is not None and says_installs(program_name(script)):
            return _Outcome("unknown", "a script whose name says it installs Python packages", True)
    if lower in _SHELLS:
        k = script_index(command.argv)  # not `-c`'s text: the shell layer reads that
        script = command.argv[k].value if k is not None else None
        if script is not None and says_installs(program_name(script)):
            return _Outcome("unknown", "a script whose name says it installs Python packages", True)
    first = command.argv[0].value if command.argv else ""
    path_like = bool(_PATH.fullmatch(first)) and "://" not in first
    if says_installs(name) and not _PROGRAM.fullmatch(name) and path_like:
        return _Outcome("unknown", "a script whose name says it installs Python packages", True)
    if lower in ("make", "gmake", "just", "task", "invoke", "nox", "tox"):
        targets = [w.value for w in command.argv[1:] if w.known and not w.value.startswith("-")]
        if any(says_installs(t) for t in targets):
            return _Outcome(
                "unknown", f"a {name} target whose name says it installs packages", True
            )
    if lower in _COMMAND_READERS:
        from gate.facts.command_readers import runs_escape_installer

        why = runs_escape_installer(command, command.cwd or "/", {})
        if why is not None:
            return _Outcome("unknown", why)  # the walker reports it (command_readers)
    if lower in _OPTION_COMMANDS:
        from gate.facts.option_commands import runs_option_installer

        why = runs_option_installer(command)
        if why is not None:
            return _Outcome("unknown", why)  # the walker reports it (option_commands)
    if lower in _DOWNLOADERS:
        if any(says_installs(w.value) for w in command.argv[1:]) and stdin_python:
            return _Outcome(
                "unknown", "an installer script is downloaded and may be piped into python", True
            )
        return _Outcome(
            "not-install", f"`{name}` downloads; what runs the download is judged there"
        )
    if lower in _SYSTEM_PACKAGERS:
        return _Outcome(
            "not-install", f"`{name}` installs its own packages (distro or conda), not through pip"
        )
    if lower in _DEFERRED:
        if runs_installer(_tokens(command.argv[1:])) and not step_installs:
            return _Outcome("unknown", f"`{name}` holds an install command the step may run", True)
        return _Outcome("not-install", f"`{name}` defines code; it is judged where it runs")
    if _PIPLIKE.match(lower) and any(w.value in _VERBS for w in command.argv[1:3]):
        return _Outcome("unknown", f"`{name}` is named like pip and given an install verb", True)
    if lower in _CODE_RUNNERS or code_runner(name) is not None:
        fed = _fed(command)
        given = " ".join(w.value for w in command.argv[1:])
        # awk's program is an operand: a heredoc or here-string it is given is data it reads.
        program = given if lower in _PROGRAM_OPERAND else inline_code(command) or given
        if fed is not None and lower not in _PROGRAM_OPERAND and _program_on_stdin(command):
            # `echo 'system("pip install x")' | perl`: given no code and no script (or `-`),
            # perl, ruby, node, php, lua and tclsh read their program from standard input.
            program = fed
        # `… | awk '{system($0)}'`: the program runs commands, the text it reads names them
        # (not `print | "sort"`, `system("date")`: a fixed command runs none of it).
        code = program if fed is None else f"{program}\n{fed}"
        runs = AWK_FIXED_COMMAND.sub(" ", program) if "awk" in lower else program
        if RUNS_COMMAND.search(program) and (
            runs_installer(TOKEN.findall(program))
            or (RUNS_COMMAND.search(runs) and runs_installer(TOKEN.findall(code)))
        ):
            return _Outcome("unknown", f"`{name}` code runs an install command", True)
    if lower in ("sed", "gsed") and _sed_runs_install(command):
        # GNU sed's `e` command and `s///e` flag run text as a shell command.
        return _Outcome("unknown", f"`{name}` runs an install command (its `e` command)", True)
    if lower == "git" and _git_alias_runs_installer(command):
        # An alias whose value starts with `!` is a shell command (`git -c alias.x='!pip …' x`).
        return _Outcome("unknown", "a git alias runs an installer in a shell", True)
    if lower in DATA_PROGRAMS or name in DATA_PROGRAMS:
        return _Outcome("not-install", f"`{name}` treats the installer's name as data")
    if not tail and _hidden_install(command):
        return _Outcome(
            "unknown",
            f"`{name}` runs its arguments in a way the gate does not know: an install",
            True,
        )
    return _Outcome("not-install", f"an argument of `{name}`, with no install verb after it")


def account(
    run: Run,
    script: Script,
    produced: Sequence[tuple[Command, tuple[int, ...]]],
) -> Accounted:
    """One Mention per command of `run` that names an installer (see the module docstring)."""
    mentions: list[Mention] = []
    opaque: list[Opaque] = []
    reported = {(o.line, o.text): o for o in script.opaque}
    step_installs = any(ids for _, ids in produced)
    stdin_python = any(_reads_stdin(c) or _runs_substitution(c) for c, _ in produced)
    # Commands peeled from one source text share it (2,000 `-exec` bodies of one 50 KB `find`
    # searched it 2,000 times, 12 s): each text is searched once.
    lost_texts: dict[str, bool] = {}
    for command, ids in produced:
        installer = _named(command)
        if installer is None and ids and command.argv:
            installer = command.argv[0].value  # a spelling the loose name search misses: -Impip
        lost = False
        if installer is None and not ids and command.wrappers:
            if command.text not in lost_texts:
                lost_texts[command.text] = _lost_to_a_wrapper(command)
            lost = lost_texts[command.text]
        if lost and (name := name_search(command.text)) is not None:
            installer = name.group(0)
        if installer is None:
            continue
        seen = reported.get((command.line, command.text))
        if ids:
            got = _Outcome("install", f"{len(ids)} install fact(s)")
        elif lost:
            # `strace --quiet pip install x` read as `--quiet pip`: the wrapper's options were
            # read in a way that took the installer away from what it runs.
            got = _Outcome(
                "unknown", f"`{command.wrappers[-1]}` took the installer as an option's value", True
            )
        elif seen is not None:
            got = _Outcome("unknown", seen.reason)
        else:
            got = _classify(command, step_installs, stdin_python)
        if got.new_opaque:
            item = Opaque(got.reason, command.text, command.line)
            if item not in opaque:
                opaque.append(item)
        mentions.append(
            Mention(
                run.location, command.line, command.text, installer, got.outcome, got.reason, ids
            )
        )
    if not mentions:
        text = " ".join(run.argv) if run.exec_form else run.script
        found = name_search(text)
        if found:
            mentions.append(_step_mention(run, script, found.group(0)))
    return Accounted(tuple(mentions), tuple(opaque))


_HOOK_NAMES = frozenset({"sitecustomize.py", "usercustomize.py"})


def may_be_startup_hook(path: str) -> bool:
    """A file whose code Python may run at every start, by its name."""
    name = path[path.rfind("/") + 1 :]  # every file a `COPY . .` writes is asked about
    return name.endswith(".pth") or name in _HOOK_NAMES


def is_startup_hook(path: str, text: str) -> bool:
    """Python runs this file's code at every start (a site-packages `.pth` file's `import`
    lines, `sitecustomize.py`), and that code runs an installer."""
    if not may_be_startup_hook(path):
        return False
    if path.endswith(".pth"):
        lines = text.splitlines()
        code = "\n".join(line for line in lines if line.startswith(("import ", "import\t")))
    else:
        code = text
    return bool(code) and runs_installer(TOKEN.findall(code))


def _lost_to_a_wrapper(command: Command) -> bool:
    """A peeled command whose source text runs an installer its argv no longer holds."""
    if not command.wrappers or name_search(command.text) is None:
        return False
    return runs_installer(TOKEN.findall(command.text))


def _step_mention(run: Run, script: Script, installer: str) -> Mention:
    text = (" ".join(run.argv) if run.exec_form else run.script).strip().splitlines()
    first = text[0][:200] if text else ""
    if script.opaque:
        return Mention(run.location, 0, first, installer, "unknown", script.opaque[0].reason)
    return Mention(
        run.location,
        0,
        first,
        installer,
        "not-install",
        "the name appears only in text the step does not run (a comment, a file's content, "
        "an option of the instruction)",
    )
