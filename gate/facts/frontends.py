"""Programs that install packages through pip or uv with settings of their own, and task runners
whose recipes gate does not follow.

pex, shiv, pip-run, tox, nox, hatch, pixi, rye, micropipenv, flit, conda-lock, pre-commit,
pip-audit, `maturin develop`, pip-tools' module, zc.buildout and spack resolve or install PyPI
packages for the build, building source distributions unless their own configuration (a tox.ini,
a pixi.toml, a hatch environment, a buildout.cfg) says otherwise (spack, conda-build recipes and
buildout's eggs always build). gate does not model those settings, so such a command is
`unknown`.

just, task, poe, invoke, fabric, `pdm run` and npm (its lifecycle scripts) run recipes from files
of their own; where such a file in the build holds an install command, the command that runs it
is `unknown` (gate follows make's recipes, not these).
"""

from __future__ import annotations

import itertools
import json
import posixpath
import re
from collections.abc import Callable, Mapping
from typing import NamedTuple

from gate.build_files import Files
from gate.facts.mentions import AWK_FIXED_COMMAND, READS_STDIN, RUNS_COMMAND, TOKEN, runs_installer
from gate.facts.programs import (
    code_runner,
    identify,
    is_interpreter,
    module_argv,
    program_name,
    runner_args,
    script_word,
)
from gate.facts.toml_text import parse_toml
from gate.model import Command, Word

# Program → the verbs that install (None: any invocation but help and version).
_VERBS: dict[str, frozenset[str] | None] = {
    "pex": None,
    "shiv": None,
    "pip-run": None,
    "tox": None,
    "nox": None,
    "micropipenv": frozenset({"install"}),
    "flit": frozenset({"install"}),
    "conda-lock": frozenset({"install"}),
    # `fmt`/`check` sync the hatch-static-analysis environment; `clean` is `build --clean-only`,
    # which prepares the build environment first, as `version` does for a dynamic version;
    # `lock` resolves (hatch/cli/*).
    "hatch": frozenset(
        {"env", "run", "shell", "test", "build", "fmt", "check", "clean", "lock", "version"}
    ),
    # With pixi's clap aliases (i, a, s; src/cli/mod.rs); `lock` and `reinstall` resolve and
    # install PyPI dependencies too, as rye's `lock` does.
    "pixi": frozenset(
        {"install", "i", "run", "r", "shell", "s", "exec", "x", "add", "a", "update", "upgrade"}
        | {"lock", "reinstall"}
    ),
    "rye": frozenset({"sync", "add", "install", "run", "tools", "lock"}),
    "pre-commit": frozenset({"install-hooks", "run", "try-repo", "install"}),
    # `bin/buildout`: any part may fetch and build eggs.
    "buildout": None,
    # `spack install py-flask` builds PyPI sdists with pip, by its own recipes.
    "spack": frozenset({"install", "dev-build", "develop"}),
    # `maturin develop` pip-installs the project's Requires-Dist before its own wheel
    # (src/develop.rs; `--uv` with uv), with pip's settings from the environment.
    # (clap alias `dev`).
    "maturin": frozenset({"develop", "dev"}),
    # conda-build and its successors run a recipe's build script over the recipe's source, often
    # a PyPI sdist that the script builds with `pip install .`.
    "conda-build": None,
    "conda": frozenset({"build", "mambabuild"}),
    "mamba": frozenset({"build", "mambabuild"}),
    "boa": frozenset({"build"}),
    "rattler-build": frozenset({"build"}),
    # pip-tools, by its programs and as its module.
    "pip-compile": None,
    "pip-sync": None,
    "piptools": frozenset({"compile", "sync"}),
}
# _installs's programs (by program_name): installs looks at no other but an interpreter's
# module and a wrapper's words.
INSTALL_PROGRAMS = frozenset(_VERBS) | {"pip-audit"}
# Scripts an interpreter runs → the program whose reason they share.
_SCRIPTS = {"bootstrap-buildout.py": "buildout"}
_QUIET = frozenset({"-h", "--help", "-V", "--version", "-l", "--list", "--list-sessions"})


def installs(command: Command) -> str | None:
    """Why `command`, or a runner it runs under (`hatch run …`), may install packages the gate
    cannot judge; None when it does not."""
    for wrapper in command.wrappers:
        found = _installs([Word(w) for w in wrapper.split()])
        if found is not None:
            return found
    argv = list(command.argv)
    if len(argv) > 1 and argv[0].known and is_interpreter(program_name(argv[0].value)):
        # `python bootstrap-buildout.py`: the script installs buildout and what it needs.
        script = script_word(command.argv)
        if script is not None and program_name(script) in _SCRIPTS:
            return _reason(_SCRIPTS[program_name(script)])
        # `python -m tox`, `-Im pre_commit`, `-m piptools`: the module is the program.
        module = module_argv(command.argv)
        if module is not None:
            argv = [Word(module[0].value.replace("_", "-")), *module[1:]]
    return _installs(argv)


# Options that take no value in any of these programs; any other option word before the verb may
# take the next word as its value.
_FLAGS = re.compile(r"-v+|-q+|--verbose|--quiet|--no-color|--debug|--no-interactive|--offline")


def _install_hooks(word: str) -> bool:
    """`--install-hooks` as argparse takes it: any unique prefix (`--i`; install has no other
    `--i…` option)."""
    return len(word) >= 3 and "--install-hooks".startswith(word)


def _verb_candidates(words: list[str]) -> list[str]:
    """The words that may be the subcommand: the first operand, and while an operand follows an
    option word that may take it as its value (`hatch -e test run`, `spack -e . install`,
    `pixi --color always install`, argparse prefixes such as `spack --en e install`), the next
    one too."""
    found: list[str] = []
    previous = ""
    for word in words:
        if word.startswith("-"):
            previous = word
            continue
        found.append(word)
        if not previous or "=" in previous or _FLAGS.fullmatch(previous):
            break
        previous = ""
    return found


def _installs(argv: list[Word]) -> str | None:
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    if name not in INSTALL_PROGRAMS:
        return None  # most commands: their words are not looked at
    every = [w.value for w in argv[1:] if w.known]
    # Words after `--` belong to the command tox or nox runs, not to them.
    words = every[: every.index("--")] if "--" in every else every
    if any(w in _QUIET for w in words):
        return None
    if name == "pip-audit":
        # It audits the running environment, or installs -r files (or a project path) into a
        # temporary one to audit them.
        installs = any(map(_audit_requirement, words))
        return _reason(name) if installs or _audit_path(words) else None
    verbs = _VERBS[name]
    if verbs is None:
        return _reason(name)
    verb = next((w for w in _verb_candidates(words) if w in verbs), None)
    if verb is None:
        return None
    if name == "flit" and _deps_none(words):
        return None  # `flit install --deps none`: the project alone
    if name == "pre-commit" and verb == "install" and not any(map(_install_hooks, words)):
        return None  # only the git hook script
    return _reason(name)


# pip-audit's options that take a value (its one positional is a project path).
_AUDIT_VALUES = frozenset(
    {"-f", "--format", "-o", "--output", "-s", "--vulnerability-service", "--ignore-vuln",
     "--cache-dir", "--index-url", "--extra-index-url", "--timeout", "--desc", "--aliases",
     "--path"}
)  # fmt: skip


def _audit_requirement(word: str) -> bool:
    """pip-audit's -r as argparse reads it: in a cluster of short options (`-rF`, `-lr F`), or
    `--requirement` by a prefix that no other option shares (`--requirem`; `--require` may be
    `--require-hashes`), with or without `=`."""
    if not word.startswith("--"):
        return word.startswith("-") and "r" in word[1:]
    option = word.partition("=")[0]
    return len(option) >= len("--requirem") and "--requirement".startswith(option)


def _audit_path(words: list[str]) -> bool:
    k = 0
    while k < len(words):
        if words[k] in _AUDIT_VALUES:
            k += 2
            continue
        if not words[k].startswith("-"):
            return True
        k += 1
    return False


def _deps_none(words: list[str]) -> bool:
    return "--deps=none" in words or any(
        a == "--deps" and b == "none" for a, b in itertools.pairwise(words)
    )


_OWN_INSTALLER = {
    "buildout": "buildout fetches eggs and source distributions from an index and builds them, "
    "as its buildout.cfg says (the gate does not read it)",
    "spack": "spack builds Python packages from source distributions, by recipes of its own",
    **dict.fromkeys(
        ("conda-build", "conda", "mamba", "boa", "rattler-build"),
        "a conda recipe's build script builds the recipe's source (often a PyPI source "
        "distribution, with pip), which the gate does not read",
    ),
    "piptools": "pip-tools resolves with pip, which runs build backends for source "
    "distributions, and installs through pip, with pip options of its own",
    "pip-compile": "pip-compile resolves with pip, which runs build backends for source "
    "distributions, with its own pip options",
    "pip-sync": "pip-sync installs pinned requirements through pip, with its own pip options",
}


def _reason(name: str) -> str:
    return _OWN_INSTALLER.get(name) or (
        f"{name} installs packages from an index through pip or uv, with settings of its own "
        "the gate does not read"
    )


# Task runner → the files in its working directory that hold its recipes.
_RECIPE_FILES: dict[str, tuple[str, ...]] = {
    "just": ("justfile", "Justfile", ".justfile"),
    "task": ("Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml"),
    "poe": ("pyproject.toml", "poe_tasks.toml"),
    "pdm": ("pyproject.toml",),
    # invoke's tasks are Python (`c.run("pip install …")`) in tasks.py or a tasks/ package.
    "invoke": ("tasks.py", "tasks/__init__.py"),
    "inv": ("tasks.py", "tasks/__init__.py"),
    "fab": ("fabfile.py", "fabfile/__init__.py"),
}
# The verbs that run recipes (None: any operand names a recipe).
_RECIPE_VERBS: dict[str, frozenset[str] | None] = {
    "just": None,
    "task": None,
    "poe": None,
    "pdm": frozenset({"run"}),
    "invoke": None,
    "inv": None,
    "fab": None,
}
# runs_recipe_installer's programs (by program_name; with a wrapper, `pdm run` may be it too).
RECIPE_RUNNERS = frozenset(_RECIPE_VERBS) | {"pipenv"}
# `python -m MODULE` spellings of the task runners (their packages' __main__ modules).
_RUNNER_MODULES = {"pdm": "pdm", "poethepoet": "poe", "invoke": "invoke", "fabric": "fab"}
# pipenv looks for the Pipfile in the working directory and this many folders above it
# (PIPENV_MAX_DEPTH's default, pipenv/environments.py).
_PIPFILE_DEPTH = 3
# PDM's own commands (pdm 2.x src/pdm/cli/commands, with the aliases `py` and `plugin`). Any
# other first operand is no error: core.main reads it as `pdm run NAME` (the "Yarn-like" script
# shortcut, `pdm i-prod` for `pdm run i-prod`), and a plugin may add a command of that name.
_PDM_COMMANDS = frozenset(
    {"add", "build", "cache", "completion", "config", "export", "fix", "import", "info", "init",
     "install", "list", "lock", "new", "outdated", "publish", "python", "py", "remove", "run",
     "search", "self", "plugin", "show", "sync", "update", "use", "venv"}
)  # fmt: skip


def runs_recipe_installer(
    command: Command, cwd: str, files: Mapping[str, str | None]
) -> str | None:
    """Why the recipe a task runner runs may install packages gate does not see, or None."""
    script = _pipenv_script(command)
    if script is not None:
        return _pipenv_script_installs(script, cwd, files)
    runner = _runner(command)
    if runner is None:
        return None
    for name in _RECIPE_FILES[runner]:
        path = posixpath.join(cwd, name)
        text = files.get(path) if path in files else None
        if text is None and (why := _capped(files, path)):
            return f"{runner} runs a recipe of {path}, {why}"
        if text and runs_installer(TOKEN.findall(text[:1_000_000])):
            return f"a {runner} recipe in {path} runs an install command the gate does not follow"
    shortcut = _pdm_shortcut(_runner_argv(command)) if runner == "pdm" else None
    if shortcut is not None:
        path = posixpath.join(cwd, "pyproject.toml")
        text = files.get(path) if path in files else None
        if shortcut not in _pdm_scripts(text):
            # No script of that name: a plugin's command (pdm-dockerize's `dockerize` installs
            # the project's dependencies), or pdm stops with an error.
            return (
                f"`pdm {shortcut[:100]}` is no pdm command and no script of {path}: a plugin's "
                "command, which the gate does not model"
            )
    return None


def _pipenv_script(command: Command) -> str | None:
    """The name `pipenv run NAME …` runs: a `[scripts]` entry of the Pipfile where it has one,
    else the program NAME (walked as the command pipenv runs)."""
    call = identify(command)
    if call is None or call.tool != "pipenv":
        return None
    # Here, not at the top: pipenv's parser brings pip's whole option stack, tomllib and uv's
    # config (~25 ms, 65 M instructions), which every call paid at start-up for a pipenv command.
    from gate.facts.pipenv import parse as pipenv_parse

    parsed = pipenv_parse(call.args)
    if parsed.command != "run" or not parsed.trailing or not parsed.trailing[0].known:
        return None
    return parsed.trailing[0].value


def _pipenv_script_installs(name: str, cwd: str, files: Mapping[str, str | None]) -> str | None:
    """Why the `[scripts]` entry `name` of the Pipfile pipenv finds from `cwd` may install
    packages: its command runs an installer, or gate has not got the Pipfile's text."""
    folder = cwd or "/"
    for _ in range(_PIPFILE_DEPTH + 1):
        path = posixpath.join(folder, "Pipfile")
        if path in files:
            text = files.get(path)
            if text is None:
                why = _capped(files, path)
                return f"pipenv runs a script of {path}, {why}" if why else None
            doc = parse_toml(text)
            scripts = doc.get("scripts", {}) if doc is not None else None
            if not isinstance(scripts, dict):
                found = runs_installer(TOKEN.findall(text[:1_000_000]))
            else:
                # A script is a command line, or a table whose `cmd` is one (pipenv 2023+).
                entry = scripts.get(name)
                line = entry.get("cmd") if isinstance(entry, dict) else entry
                found = isinstance(line, str) and runs_installer(TOKEN.findall(line))
            return (
                f"the pipenv script {name[:100]} in {path} runs an install command the gate "
                "does not follow"
                if found
                else None
            )
        if folder == "/":
            break
        folder = posixpath.dirname(folder)
    return None


def _pdm_scripts(text: str | None) -> frozenset[str]:
    """The names `[tool.pdm.scripts]` of a pyproject text defines (none: unread or not TOML)."""
    if not text:
        return frozenset()
    doc = parse_toml(text)
    try:
        table = (doc or {}).get("tool", {}).get("pdm", {}).get("scripts", {})
    except AttributeError:  # `tool` or `pdm` not a table
        return frozenset()
    return frozenset(table) if isinstance(table, dict) else frozenset()


def _pdm_shortcut(argv: tuple[Word, ...]) -> str | None:
    """The script name `pdm NAME …` runs as `pdm run NAME` (NAME no command of pdm's own), or
    None. The name is found as pdm's Core.get_command finds it: the first word not an option,
    past the value of `-c`/`--config`."""
    need_value = False
    for word in argv[1:]:
        if not word.known:
            return None  # `pdm $CMD`: the pdm layer says it cannot tell
        arg = word.value
        if arg.startswith("-"):
            need_value = arg in ("-c", "--config")
        elif need_value:
            need_value = False
        else:
            return None if arg in _PDM_COMMANDS else arg
    return None


def _runner_argv(command: Command) -> tuple[Word, ...]:
    """`command`'s words as its task runner's own (`python3 -m pdm run x` as `pdm run x`)."""
    module = module_argv(command.argv)
    if module is not None and module[0].value in _RUNNER_MODULES:
        return (Word(_RUNNER_MODULES[module[0].value]), *module[1:])
    return command.argv


def _capped(files: Mapping[str, str | None], path: str) -> str | None:
    """Why gate's caps kept it from reading the build-context file at `path` (Unread.capped):
    its recipes or code are unknown, not none."""
    return files.capped(path) if isinstance(files, Files) else None


def _runner(command: Command) -> str | None:
    """The task runner `command` is (`yarn` alone installs), or runs under (`pdm run NAME`)."""
    for wrapper in command.wrappers:
        words = wrapper.split()
        if len(words) > 1 and program_name(words[0]) == "pdm" and words[1] == "run":
            return "pdm"
    argv = _runner_argv(command)
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    if name not in _RECIPE_VERBS:
        return None
    verbs = _RECIPE_VERBS[name]
    if any(w.value in _QUIET for w in argv[1:] if w.known):
        return None  # it lists its recipes, or prints help or its version
    if verbs is None:
        return name
    if name == "pdm" and _pdm_shortcut(argv) is not None:
        return name
    candidates = _verb_candidates([w.value for w in argv[1:] if w.known])
    return name if any(w in verbs for w in candidates) else None


# Programs that run the code of a file they are handed: an Ansible playbook (its `pip` tasks), a
# notebook (`%pip install` / `!pip install` cells). Operand suffixes → what the file is.
_FILE_RUNNERS: dict[str, tuple[str, ...]] = {
    "ansible-playbook": (".yml", ".yaml"),
    "jupyter": (".ipynb",),  # `nbconvert --execute`, `execute`, `run`
    "papermill": (".ipynb",),
    "ipython": (".ipynb", ".ipy"),
}
_JUPYTER_RUNS = frozenset({"execute", "run"})
# An Ansible task of the pip module: `pip:` or `ansible.builtin.pip:` as a key.
_PIP_TASK = re.compile(
    r"^[ \t]*(?:-[ \t]+)?(?:ansible\.(?:builtin|legacy)\.)?pip[ \t]*:", re.MULTILINE
)
_PIP_MODULE = frozenset({"pip", "ansible.builtin.pip", "ansible.legacy.pip"})
# A playbook's roles and included task files sit beside it (roles/, tasks/): the YAML files the
# build holds there are read too, up to this many.
_MAX_PLAYBOOK_FILES = 512
_MAX_TEXT = 4_000_000
# runs_file_installer's programs (by program_name: the walker asks it only of them).
FILE_RUNNER_PROGRAMS = frozenset(_FILE_RUNNERS) | {"ansible", "ansible-pull"}


def runs_file_installer(
    command: Command, cwd: str, files: Mapping[str, str | None]
) -> str | None:
    """Why a program that runs a file's code (a playbook, a notebook) may install packages gate
    does not judge: the file the build holds runs an installer, or (`ansible -m pip`, ansible-pull)
    the command says so itself; None when it does not."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    if name not in FILE_RUNNER_PROGRAMS:
        return None  # asked of every command: None below as well, and no words to list
    words = [w.value for w in argv[1:] if w.known]
    if any(w in _QUIET for w in words):
        return None
    if name == "ansible-pull":
        return "ansible-pull runs a playbook from a repository it fetches, which gate cannot read"
    if name == "ansible":
        modules = [b for a, b in itertools.pairwise(words) if a in ("-m", "--module-name")]
        modules += [w.split("=", 1)[1] for w in words if w.startswith("--module-name=")]
        if any(m in _PIP_MODULE for m in modules):
            return "Ansible's pip module installs from an index with options gate does not read"
        return None
    suffixes = _FILE_RUNNERS.get(name)
    if suffixes is None:
        return None
    runs = words[:1] == ["nbconvert"] and "--execute" in words
    if name == "jupyter" and not (runs or (words[:1] and words[0] in _JUPYTER_RUNS)):
        return None
    for word in words:
        if not word.endswith(suffixes):
            continue
        path = posixpath.normpath(posixpath.join(cwd, word))
        paths = [path] if name != "ansible-playbook" else _playbook_files(path, files)
        for path in paths:
            text = files.get(path) if path in files else None
            if text is None and (why := _capped(files, path)):
                return f"{path}, which {name} runs, {why}"
            if not text:
                continue
            text = text[:_MAX_TEXT]
            pip_task = name == "ansible-playbook" and _PIP_TASK.search(text) is not None
            if pip_task or runs_installer(TOKEN.findall(text)):
                return f"{path}, which {name} runs, installs packages the gate does not judge"
    return None


def _playbook_files(playbook: str, files: Mapping[str, str | None]) -> list[str]:
    """The playbook, then the YAML files the build holds in the roles/ and tasks/ folders
    beside it, where its roles and included task files are found."""
    folder = posixpath.dirname(playbook).rstrip("/")
    below = (f"{folder}/roles/", f"{folder}/tasks/")
    found = [p for p in files if p.startswith(below) and p.endswith((".yml", ".yaml"))]
    return [playbook, *sorted(p for p in found if p != playbook)[:_MAX_PLAYBOOK_FILES]]


# npm, yarn and pnpm run a package.json's scripts with `sh -c`: on install the lifecycle ones,
# on `run NAME` NAME with its pre and post scripts.
# bun runs its root package's lifecycle scripts on install, and `bun run NAME` as npm does
# (atk24; silent before).
_NODE_MANAGERS = frozenset({"npm", "yarn", "pnpm", "bun"})
NODE_MANAGERS = _NODE_MANAGERS  # package_scripts finds none for any other program_name
_LIFECYCLE = ("preinstall", "install", "postinstall", "preprepare", "prepare", "postprepare")
_NODE_INSTALLS = frozenset({"install", "i", "ci", "rebuild", "add"})
_NODE_RUNS = frozenset({"run", "run-script", "rum", "urn"})
_NODE_LIFECYCLE_VERBS = frozenset({"start", "test", "stop", "restart"})


# Options that name the package's folder: npm's --prefix (-C), pnpm's --dir (-C), yarn's --cwd.
_NODE_DIRS = frozenset({"--prefix", "-C", "--dir", "--cwd"})


def _node_directory(words: list[str]) -> str | None:
    """The folder the last --prefix/-C/--dir/--cwd names (`npm --prefix /app install` runs the
    scripts of /app/package.json), or None."""
    found = None
    for k, word in enumerate(words):
        option, eq, value = word.partition("=")
        if option in _NODE_DIRS and eq:
            found = value
        elif word in _NODE_DIRS and k + 1 < len(words):
            found = words[k + 1]
    return found


class PackageScripts(NamedTuple):
    """The package.json scripts a command runs: (name, shell text) in order, and why the file
    cannot be read where it is there but gate cannot read it (its scripts are unknown)."""

    scripts: list[tuple[str, str]]
    unread: str | None = None


def package_scripts(command: Command, cwd: str, files: Mapping[str, str | None]) -> PackageScripts:
    """The package.json scripts `command` runs."""
    argv = command.argv
    if not argv or not argv[0].known or program_name(argv[0].value) not in _NODE_MANAGERS:
        return PackageScripts([])
    words = [w.value for w in argv[1:] if w.known]
    if "--ignore-scripts" in words:
        return PackageScripts([])
    operands = [w for w in words if not w.startswith("-")]
    alone = "" if program_name(argv[0].value) in ("npm", "bun") else "install"  # `yarn` does
    verb = operands[0] if operands else alone
    # `npm --prefix /app install`, `npm --loglevel warn ci`: a value before the verb.
    known = _NODE_INSTALLS | _NODE_RUNS | _NODE_LIFECYCLE_VERBS
    verb = next((w for w in _verb_candidates(words) if w in known), verb)
    if verb in operands:
        operands = operands[operands.index(verb) :]
    if verb in _NODE_INSTALLS:
        names: tuple[str, ...] = _LIFECYCLE
    elif verb in _NODE_RUNS and len(operands) > 1:
        names = (f"pre{operands[1]}", operands[1], f"post{operands[1]}")
    elif verb in _NODE_LIFECYCLE_VERBS:
        names = (f"pre{verb}", verb, f"post{verb}")
    else:
        return PackageScripts([])
    path = posixpath.join(cwd, _node_directory(words) or "", "package.json")
    text = files.get(path) if path in files else None
    if text is None:
        capped = files.capped(path) if isinstance(files, Files) else None
        return PackageScripts([], f"{path}: {capped}" if capped else None)
    if len(text) > _MAX_PACKAGE_JSON:
        return PackageScripts([], f"{path}: larger than {_MAX_PACKAGE_JSON:,} characters")
    try:
        # npm strips a byte-order mark before it parses (json.loads refuses one).
        scripts = json.loads(text.removeprefix("\ufeff")).get("scripts")
    except RecursionError:
        # Nested deeper than Python's json reads; node's JSON.parse reads it.
        return PackageScripts([], f"{path}: nested deeper than the gate reads")
    except (ValueError, AttributeError):
        return PackageScripts([])  # npm refuses it too (EJSONPARSE): nothing runs
    if not isinstance(scripts, dict):
        return PackageScripts([])
    return PackageScripts([(n, scripts[n]) for n in names if isinstance(scripts.get(n), str)])


_MAX_PACKAGE_JSON = 4_000_000


# Code runners that read their input as data and may run it (`awk '{system($0)}' F`, `perl -ne
# 'system($_)' F`, `python3 -c 'os.system(sys.stdin.read())' < F`): awk's program is its first
# operand; the others take inline code after their `-e` (programs.runner_args), Python `-c`.
_AWK = frozenset({"awk", "gawk", "mawk", "nawk"})
AWKS = _AWK  # with the interpreters and code runners, the programs of inline code read here
_AWK_VALUES = frozenset({"-F", "-v", "--field-separator", "--assign"})
# Code that reads the files named on its command line (Perl's and Ruby's `-n`/`-p` loops, `<>`,
# ARGF, Python's fileinput); any of these, or a standard input reader, reads what `<` gives.
_READS_OPERANDS = re.compile(r"<>|\bARGF\b|\bfileinput\b|\bARGV\b")
_READS_INPUT = re.compile(r"(?i)\bstdin\b|<>|\bARGF\b|\bgets\b|\binput\s*\(|\bfileinput\b|readline")
_MAX_INPUT_FILES = 16


def code_and_operands(argv: tuple[Word, ...]) -> tuple[str, str, list[str]] | None:
    """(inline code, option letters, the words after it) of a code runner, or None."""
    name = program_name(argv[0].value)
    runner = code_runner(name)
    if runner is not None:
        # `perl -Mstrict -ne CODE F`, `ruby -r json -ne CODE F`: each runner's own options.
        got = runner_args(runner, argv)
        if not got.known or got.code is None or not got.code.known:
            return None
        rest = [w.value for w in argv[got.operand :] if w.known and not w.value.startswith("-")]
        return got.code.value, got.letters, rest
    words = argv[1:]
    letters = ""
    i = 0
    while i < len(words):
        word = words[i]
        if not word.known:
            return None
        value = word.value
        if name in _AWK:
            if value in _AWK_VALUES:
                i += 2
                continue
            if value.startswith(("-f", "--file")):
                return None  # the program is a file (`make`-like: not followed here)
            if value.startswith("-") and value != "-":
                i += 1
                continue
            return value, letters, [w.value for w in words[i + 1 :] if w.known]
        if value == "--" or not value.startswith("-"):
            return None  # a script operand: its code is not inline
        if is_interpreter(name) and not value.startswith("--") and value.endswith("c"):
            code = words[i + 1] if i + 1 < len(words) else None
            return (code.value, letters, []) if code is not None and code.known else None
        letters += value[1:] if not value.startswith("--") else ""
        i += 1
    return None


def runs_input_installer(
    command: Command,
    cwd: str,
    files: Mapping[str, str | None],
    installs: Callable[[str], bool | None],
) -> str | None:
    """Why inline code that runs commands may run an install it reads from a file the build
    holds: on standard input (`< F`, also `cat F |`, which the shell layer gives as `< F`) or
    as an operand it reads (awk's, `perl -n`'s, `<>`, ARGF, fileinput). A known text piped in
    is the mentions layer's (it has the text); None when no such file runs an installer.
    `installs`: whether a text runs an installer, searched once per build (code_files.Scanner;
    None past its budget, then the file is unknown)."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    found = code_and_operands(argv)
    if found is None:
        return None
    code, letters, operands = found
    name = program_name(argv[0].value)
    if name in _AWK:
        code = AWK_FIXED_COMMAND.sub(" ", code)  # a fixed command line runs none of the input
    if not (RUNS_COMMAND.search(code) or "subprocess" in code):
        return None
    paths = [
        r.target.value
        for r in command.redirects
        if r.op in ("<", "0<", "<+") and r.target is not None and r.target.known
    ]
    reads = name in _AWK or bool(READS_STDIN.search(code) or _READS_INPUT.search(code))
    if name in _AWK or set(letters) & set("np") or _READS_OPERANDS.search(code):
        paths.extend(operands)
        reads = True
    if not reads:
        return None
    for word in paths[:_MAX_INPUT_FILES]:
        path = posixpath.normpath(posixpath.join(cwd or "/", word))
        text = files.get(path) if path in files else None
        if text is None and (why := _capped(files, path)):
            return f"`{name}` code runs the commands it reads from {path}, {why}"
        if not text:
            continue
        hit = installs(text)
        if hit is None:
            return f"`{name}` code runs the commands it reads from {path}, past what gate searches"
        if hit:
            return f"`{name}` code runs the commands it reads from {path}, which install packages"
    return None
