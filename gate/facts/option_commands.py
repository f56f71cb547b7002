"""Options and variables through which programs gate otherwise reads as handling data (tar, git,
apt, dpkg, rpm) run a command line of their own.

`tar --to-command=CMD` (and `-I`/`--use-compress-program`, `--checkpoint-action=exec=CMD`,
`-F`/`--info-script`, `--rsh-command`), `apt-get -o APT::Update::Pre-Invoke::=CMD` (any `-o`
hook), `dpkg --pre-invoke=CMD`, `rpm --eval '%(CMD)'`, `git -c core.sshCommand=CMD` (or
core.fsmonitor, a credential helper, `--upload-pack`, an `ext::` address) and git's
GIT_SSH_COMMAND run CMD in a shell. Where CMD runs an installer the command is `unknown`;
before (atk24, 2026-12-08) they gave no finding, as tar's and git's words are data elsewhere.
"""

from __future__ import annotations

import re
import shlex

from gate.facts.mentions import TOKEN, runs_installer
from gate.facts.programs import program_name
from gate.model import Command

_TAR = frozenset(
    {"--to-command", "-I", "--use-compress-program", "--checkpoint-action", "-F"}
    | {"--info-script", "--new-volume-script", "--rsh-command"}
)
_APT = frozenset({"-o", "--option"})
_GIT = frozenset({"-c", "--upload-pack", "-u", "--receive-pack", "--exec", "--config"})
_OPTIONS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("tar", "gtar", "bsdtar"), _TAR),
    **dict.fromkeys(("apt-get", "apt", "apt-cache", "aptitude", "apt-mark"), _APT),
    "dpkg": frozenset({"--pre-invoke", "--post-invoke", "--status-logger"}),
    "rpm": frozenset({"-E", "--eval", "-D", "--define"}),
    "git": _GIT,
}
PROGRAMS = frozenset(_OPTIONS)
# The variables git runs as a command (GIT_SSH names a program, run with its arguments).
_GIT_VARIABLES = ("GIT_SSH_COMMAND", "GIT_SSH", "GIT_EDITOR", "GIT_EXTERNAL_DIFF", "GIT_ASKPASS")


def _values(words: list[str], options: frozenset[str]) -> list[str]:
    """The values `options` take in `words`: `-o V`, `-oV`, `--opt=V`, `--opt V`."""
    out: list[str] = []
    for i, word in enumerate(words):
        name, eq, value = word.partition("=")
        if word in options and i + 1 < len(words):
            out.append(words[i + 1])
        elif eq and name in options and name.startswith("--"):
            out.append(value)
        elif not word.startswith("--") and word[:2] in options and len(word) > 2:
            out.append(word[2:])
    return out


def runs_option_installer(command: Command) -> str | None:
    """Why `command` may run an install command through an option or variable of its own."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    options = _OPTIONS.get(name)
    if options is None:
        return None
    words = [w.value for w in argv[1:] if w.known]
    values = _values(words, options)
    if name == "git":
        # A pager runs only when the output is a terminal, which a build's is not.
        values = [v for v in values if not v.lower().startswith(("core.pager=", "pager."))]
        values += [w for w in words if w.startswith("ext::")]
        values += [v for k in _GIT_VARIABLES if (v := command.env.get(k)) is not None]
        # GIT_CONFIG_COUNT with GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n: `-c` by the environment.
        values += [
            v for k, v in command.env.items() if k.startswith("GIT_CONFIG_VALUE_") and v is not None
        ]
    for value in values:
        if runs_installer(TOKEN.findall(value)):
            return f"`{name}` runs the command one of its options or variables names: an install"
    return None


# git settings whose value is a command line git hands `sh -c` (an alias or credential helper
# only with a leading `!`): walked as that text, so a held script it runs is judged.
_GIT_COMMAND_KEYS = re.compile(
    r"core\.(?:sshcommand|fsmonitor|editor|askpass)|sequence\.editor|gpg\.(?:\w+\.)?program"
    r"|diff\.external|diff\..+\.(?:command|textconv)|merge\..+\.driver"
    r"|filter\..+\.(?:clean|smudge|process)|uploadpack\.packobjectshook|(alias|credential)\..*"
    r"|credential\.helper"
)
_TAR_TEXTS = frozenset(_TAR - {"--checkpoint-action"})
_RPM_SHELL = re.compile(r"%\(([^()]*)\)")
MAX_TEXTS = 64  # texts walked per command


def command_texts(command: Command) -> list[str]:
    """The command lines the program's options and variables hand `/bin/sh -c` (tar's
    --to-command, -I, --checkpoint-action=exec=; git's -c core.sshCommand=, alias.X=!…,
    GIT_SSH_COMMAND; apt's and dpkg's invoke hooks; rpm's %(…)), to walk as such texts are.
    Measured GNU tar 1.34 and git 2.39: `sh FILE` in each of these ran FILE's pip."""
    argv = command.argv
    if not argv or not argv[0].known:
        return []
    name = program_name(argv[0].value)
    words = [w.value for w in argv[1:] if w.known]
    texts: list[str] = []
    if name in ("tar", "gtar", "bsdtar"):
        texts += _values(words, _TAR_TEXTS)
        texts += [
            v.split("=", 1)[1]
            for v in _values(words, frozenset({"--checkpoint-action"}))
            if v.startswith("exec=")
        ]
    elif name == "dpkg":
        texts += _values(words, frozenset({"--pre-invoke", "--post-invoke"}))
    elif name == "rpm":
        values = _values(words, _OPTIONS["rpm"])
        texts += [m.group(1) for v in values for m in _RPM_SHELL.finditer(v)]
    elif name in _OPTIONS and _OPTIONS[name] is _APT:
        for value in _values(words, _APT):
            key, eq, text = value.partition("=")
            if eq and ("Invoke" in key or "Pre-Install-Pkgs" in key):
                texts.append(text)
    elif name == "git":
        settings = _values(words, frozenset({"-c", "--config"}))
        settings += [
            f"{command.env.get('GIT_CONFIG_KEY_' + k[len('GIT_CONFIG_VALUE_'):]) or ''}={v}"
            for k, v in command.env.items()
            if k.startswith("GIT_CONFIG_VALUE_") and v is not None
        ]
        for setting in settings:
            key, eq, text = setting.partition("=")
            key = key.lower()
            if not eq or not _GIT_COMMAND_KEYS.fullmatch(key):
                continue
            if key.startswith(("alias.", "credential.")):
                if text.startswith("!"):
                    texts.append(text[1:])
            else:
                texts.append(text)
        texts += _values(words, frozenset({"--upload-pack", "-u", "--receive-pack", "--exec"}))
        texts += _git_subcommand_texts(words)
        texts += [w[len("ext::") :] for w in words if w.startswith("ext::")]
        texts += [v for k in ("GIT_SSH_COMMAND", "GIT_EDITOR") if (v := command.env.get(k))]
    return [t for t in dict.fromkeys(texts) if t.strip()][:MAX_TEXTS]


# git subcommands that run a command line of their own (git-submodule(1), git-rebase(1),
# git-bisect(1), git-filter-branch(1)).
_GIT_GLOBAL_VALUED = frozenset({"-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config"})
_FILTERS = frozenset(
    {"--tree-filter", "--index-filter", "--msg-filter", "--env-filter", "--commit-filter"}
    | {"--parent-filter", "--tag-name-filter"}
)


def _git_subcommand_texts(words: list[str]) -> list[str]:
    """`git submodule foreach [--recursive] CMD…`, `git rebase -x CMD`, `git bisect run CMD…`,
    `git filter-branch --tree-filter CMD`: the command lines they run (silent before atk25:
    'git submodule foreach pip install flask' gave no finding)."""
    i = 0
    while i < len(words) and words[i].startswith("-"):
        i += 2 if words[i] in _GIT_GLOBAL_VALUED else 1
    rest = words[i:]
    if not rest:
        return []
    sub, args = rest[0], rest[1:]
    if sub == "submodule" and args[:1] == ["foreach"]:
        cmd = args[1:]
        while cmd and cmd[0] in ("--recursive", "-q", "--quiet", "--"):
            cmd = cmd[1:]
        return [cmd[0] if len(cmd) == 1 else shlex.join(cmd)] if cmd else []
    if sub == "rebase":
        return _values(args, frozenset({"-x", "--exec"}))
    if sub == "bisect" and args[:1] == ["run"] and len(args) > 1:
        return [shlex.join(args[1:])]
    if sub == "filter-branch":
        return _values(args, _FILTERS)
    return []
