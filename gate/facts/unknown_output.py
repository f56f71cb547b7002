"""What a command prints when a value gate cannot know reaches it: the build's own code with
that value in it. A file it prints into is held as Unread(capped), so a script run from it is
`unknown`, as `sh -c "$M"` is; such a file nothing runs stays silent.

A value reaches what a command prints through its words (`echo "$M"`, `yes "$M"`, `jq --arg m
"$M"`, `$TOOL`), the text on its input (`base64 -d <<< "$M"`, a pipe or file of such code), or
the environment it prints (`printenv M`, `env`, `awk 'BEGIN{print ENVIRON["M"]}'`). Measured
with bash 5.2, dash and busybox sh and a pip printing its argv (2026-12-07): with M holding a
newline and `pip install evil`, `printenv M > s.sh`, `env > s.sh`, `yes "$M" | head -2 > s.sh`
and `jq -nr --arg m "$M" '$m' > s.sh` then `sh s.sh` run pip; `export -p`, `set`, bash's
`export` and `declare -p`/`-x` quote each value, so a shell re-reading them runs nothing.
"""

from __future__ import annotations

import posixpath
import re

from gate.facts.file_writes import copies
from gate.model import PIPE_IN, STDIN_PATHS, Command, Env, Word
from gate.sources.image_paths import MAX_CACHED_PATH, resolved

_TEXT_EDITORS = frozenset({"sed", "awk", "gawk", "mawk", "nawk"})
# Programs whose output holds nothing of the text on their input or their words: a count, a
# checksum, nothing at all.
_NOT_PRINTING = frozenset(
    {"wc", "md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "b2sum",
     "cksum", "sum", "true", "false", ":", "test", "[", "sleep"}
)  # fmt: skip
_HERE = frozenset({"<<", "<<-", "<<<"})
_FETCHERS = frozenset({"curl", "wget", "wget2", "aria2c"})  # hidden_address
# How a pipe's unknown text begins when a download of a hidden address wrote it (the shell
# layer says nothing of a pipe from a download into a shell: the facts layer does).
DOWNLOADED = "downloaded by"
# Code that reads the environment it is given: awk's ENVIRON, perl's %ENV, ruby's ENV,
# python's os.environ / os.getenv, node's process.env, php's getenv, lua's os.getenv.
_READS_ENV = re.compile(r"ENVIRON|\$ENV\{|\bENV\[|\benviron\b|getenv|process\.env")
_REFERENCE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
# A process's environment, NUL-separated (proc(5); measured: cat, cp and strings of
# /proc/self/environ print the reader's own).
_ENVIRON = re.compile(r"/proc/(?:self|thread-self|\d+)(?:/task/\d+)?/environ")
_CODE_PROGRAMS = re.compile(
    r"(?:python|pypy)[0-9.]*|perl[0-9.]*|ruby[0-9.]*|php[0-9.]*|lua[0-9.]*|node(?:js)?|"
    r"[gmn]?awk|busybox"
)


def prints_unknown_values(command: Command) -> bool:
    """The command prints text holding values gate cannot know: a word of unknown value, a
    heredoc or here-string that expands one, or (a printer of the environment, or code that
    reads it) an environment variable of unknown value. An in-place edit prints nothing."""
    argv = command.argv
    if not argv:
        return False
    if not argv[0].known or command.stdin_args:
        # `$TOOL > s.sh`: whatever it is, it may print its words; `xargs echo` is given words
        # gate did not read.
        return True
    program = argv[0].value.rpartition("/")[2]
    if program in _NOT_PRINTING:
        return False
    if any(r.op in _HERE and r.content is None for r in command.redirects):
        return True
    if program in _TEXT_EDITORS and any(w.value.startswith(("-i", "--in-place")) for w in argv):
        return False
    if program in ("curl", "wget", "wget2"):
        # A value elsewhere than its address (a header, a token) is not in what it downloads.
        return hidden_address(command)
    if any(not w.known for w in argv[1:]):
        return True
    if program in ("printenv", "env"):
        return _prints_unknown_env(command)
    if program == "envsubst":
        # It fills in the environment's values: those of the names its format gives, else all.
        names = _REFERENCE.findall(" ".join(w.value for w in argv[1:]))
        return (
            command.env_open
            or any(command.env.get(n, "") is None for n in names)
            or (not names and _any_unknown(command.env))
        )
    if _CODE_PROGRAMS.fullmatch(program) and any(_READS_ENV.search(w.value) for w in argv[1:]):
        return command.env_open or _any_unknown(command.env)
    # `cat /proc/self/environ` (a plain search first: every command piping out is asked).
    read = (*argv[1:], *_inputs(command))
    if any("environ" in w.value for w in read) and any(_ENVIRON.fullmatch(w.value) for w in read):
        return command.env_open or _any_unknown(command.env)
    return False


def fills_script(command: Command, path: str, text: str) -> bool:
    """envsubst fills a template into what looks like a script (`*.sh`, `*.py`, a file in a
    `bin` folder): a value gate cannot know that it keeps as written (`echo $E`, read as a
    config template is) is spliced in there, code the shell runs (`E='x; pip install evil'`).
    Other files keep the text: a config's `index-url = ${PIP_INDEX_URL}` is read as before."""
    argv = command.argv
    if not argv or not argv[0].known or argv[0].value.rpartition("/")[2] != "envsubst":
        return False
    folder, _, name = path.rpartition("/")
    if not (name.endswith(_SCRIPT_SUFFIXES) or folder.endswith(("/bin", "/sbin"))):
        return False
    kept = _REFERENCE.findall(text)
    return command.env_open or any(command.env.get(n, "") is None for n in kept)


_SCRIPT_SUFFIXES = (".sh", ".bash", ".py", ".pl", ".rb", ".js")


def hidden_address(command: Command) -> bool:
    """curl, wget(2) or aria2c given an address wholly of a value gate cannot know (`curl
    "$URL"`): a word of unknown value, and none showing where it leads (`https://host/$V/x`
    names its host and folder). It may be any script (get-pip.py)."""
    argv = command.argv
    if not argv or not argv[0].known or argv[0].value.rpartition("/")[2] not in _FETCHERS:
        return False
    return any(not w.known for w in argv[1:]) and not any("://" in w.value for w in argv[1:])


def _inputs(command: Command) -> list[Word]:
    return [r.target for r in command.redirects if r.op in ("<", "0<") and r.target is not None]


def prints_environ(command: Command, path: str) -> bool:
    """`cp /proc/self/environ F`: F holds the environment, with a value gate cannot know."""
    return bool(_ENVIRON.fullmatch(path)) and (command.env_open or _any_unknown(command.env))


def _any_unknown(env: Env) -> bool:
    return any(v is None for v in env.values())


def _prints_unknown_env(command: Command) -> bool:
    """`printenv [NAME…]` or `env` with no program: whether what it prints holds a value gate
    cannot know (`env -i` prints only what it is given)."""
    words = [w.value for w in command.argv[1:]]
    names = [w for w in words if not w.startswith("-") and "=" not in w]
    if command.argv[0].value.rpartition("/")[2] == "env":
        if any(w in ("-i", "-", "--ignore-environment") for w in words):
            return False
        names = []
    if command.env_open:
        return True
    if names:
        return any(command.env.get(n, "") is None for n in names)
    return _any_unknown(command.env)


def printed_paths(command: Command, cwd: str) -> set[str]:
    """The files the command's standard output goes to (`> F`, `>> F`, `&> F`, tee's, dd's
    `of=`), and those it copies its input to (`cp /dev/stdin F`)."""
    argv = command.argv
    out = {
        _resolve(cwd, r.target.value)
        for r in command.redirects
        if r.op in (">", ">|", "&>", "1>", ">>", "&>>", "1>>")
        and r.target is not None
        and r.target.known
    }
    program = argv[0].value.rpartition("/")[2] if argv and argv[0].known else ""
    if program == "tee":
        out.update(
            _resolve(cwd, w.value) for w in argv[1:] if w.known and not w.value.startswith("-")
        )
    if program in ("cp", "install"):
        # `cp /dev/stdin F <<< "$M"`: F holds what the command reads.
        out.update(dest for src, dest in copies(command, cwd) if src in STDIN_PATHS)
    if program == "dd":
        out.update(
            _resolve(cwd, w.value[3:]) for w in argv[1:] if w.known and w.value.startswith("of=")
        )
    return out


def filtered_files(command: Command, cwd: str) -> list[str]:
    """The files a command may read and print, changed or in part: its operands and what is
    redirected to its input (`grep . F`, `sort < F`, `xargs -a F echo`); none for a program
    whose output holds nothing of them (`wc`, `sha256sum`)."""
    argv = command.argv
    if not argv or not argv[0].known or argv[0].value.rpartition("/")[2] in _NOT_PRINTING:
        return []
    words = [w for w in argv[1:] if w.known and not w.value.startswith("-")]
    words += [
        r.target for r in command.redirects if r.op in ("<", "0<", "<+") and r.target is not None
    ]
    return [_resolve(cwd, w.value) for w in words if w.known]


def filters_pipe(command: Command) -> bool:
    """The command may print what it reads from a pipe (`| grep x`, `| xargs echo`, `| column`)."""
    argv = command.argv
    return (
        bool(argv)
        and argv[0].known
        and argv[0].value.rpartition("/")[2] not in _NOT_PRINTING
        and any(r.op == PIPE_IN for r in command.redirects)
    )


def _resolve(cwd: str, path: str) -> str:
    if len(cwd) + len(path) > MAX_CACHED_PATH:
        return posixpath.normpath(posixpath.join(cwd, path))
    return resolved(cwd, path)
