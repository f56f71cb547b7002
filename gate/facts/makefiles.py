"""What `make` runs: the recipes of the goals it is asked for, from a Makefile the build knows.

`RUN printf 'all:\\n\\tpip install x\\n' > Makefile && make`, or a Makefile copied from the build
context, runs its recipes through /bin/sh. The gate reads the rules (GNU make's syntax, as far as
a Dockerfile needs it): the goals named on the command line, else `.DEFAULT_GOAL` or the first
target; each goal's prerequisites first, each rule once; recipe lines with their `@`, `-`, `+`
prefixes dropped, each in its own shell (a subshell here), as make runs them, under the
Makefile's SHELL. Variables: simple `NAME = value` (and `:=`, `::=`, `?=`, `+=`) definitions of
the file and `NAME=value` words of the command line are expanded; any other `$(NAME)` becomes the
shell's `${NAME}` (make imports the environment), and a function call (`$(shell …)`, `NAME !=
cmd`) stays a command substitution the walker cannot resolve: an unknown word, never a silent one.
Conditionals are not evaluated: the lines of every branch count. A goal the gate cannot read
(`make $TARGET`) may be any rule: every rule counts. A goal or prerequisite with no explicit rule
in a Makefile with pattern rules or includes is said unknown; in one without, make stops.
"""

from __future__ import annotations

import functools
import posixpath
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from gate.argscan import Table, Token, tokens, value_of
from gate.build_files import Files
from gate.facts.programs import WHOLE_EXPANSION
from gate.model import STDIN_OPERANDS, Word

MAKE_PROGRAMS = frozenset({"make", "gmake"})
_DEFAULT_NAMES = ("GNUmakefile", "makefile", "Makefile")
_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"})
# GNU make's options (getopt_long: a unique prefix of a long name is that name). -j and -l take
# an optional number: attached, or (make's own rule) the next word when it is a number.
_OPTIONS = Table(
    short_value="fCIoWE",
    short_attached="jlO",
    long_value=frozenset(
        {"--file", "--makefile", "--directory", "--include-dir", "--old-file", "--assume-old"}
        | {"--what-if", "--new-file", "--assume-new", "--eval", "--jobserver-auth"}
    ),
    long_attached=frozenset(
        {"--jobs", "--load-average", "--max-load", "--debug", "--output-sync", "--shuffle"}
    ),
    long_flags=frozenset(
        {"--always-make", "--environment-overrides", "--help", "--ignore-errors", "--keep-going"}
        | {"--check-symlink-times", "--just-print", "--dry-run", "--recon", "--print-data-base"}
        | {"--question", "--no-builtin-rules", "--no-builtin-variables", "--silent", "--quiet"}
        | {"--no-silent", "--stop", "--no-keep-going", "--touch", "--trace", "--version"}
        | {"--print-directory", "--no-print-directory", "--warn-undefined-variables"}
        | {"--jobserver-style"}
    ),
    abbreviations=True,
)
_NUMBER_OPTIONS = frozenset({"-j", "-l", "--jobs", "--load-average", "--max-load"})
# make takes the next word as -j's count when it is all digits, as -l's load when it starts with a
# digit or a dot (a floating point number: `-l 2.5`, `-l .5`).
_NUMBER = {"j": re.compile(r"[0-9]+\Z"), "l": re.compile(r"[0-9.]")}
# Options under which make runs no recipe line but those marked `+` or running $(MAKE).
_NO_RECIPES = frozenset(
    {"-n", "-q", "-t", "--just-print", "--dry-run", "--recon", "--question", "--touch"}
)
_ASSIGNMENT = re.compile(r"(\.?[A-Za-z_][A-Za-z0-9_.-]*)\s*(::=|:=|\?=|\+=|!=|=)\s*(.*)", re.DOTALL)
_DIRECTIVE = re.compile(r"(ifeq|ifneq|ifdef|ifndef|else|endif)\b")
_INCLUDE = re.compile(r"-?include\s|sinclude\s")
# Ways a Makefile sets variables gate does not follow: said as unknown, as the values may be
# anything (measured, GNU make 4.3: `$(eval CMD = pip)`, at the top or in a recipe, and
# `$(var) = pip` with var = CMD, make `$(CMD) install evil` run pip over `CMD = echo`). An
# eval in a recipe acts only when make expands that recipe, i.e. runs its rule (also under
# -n): one in a rule the goals do not reach sets nothing (measured, GNU make 4.3: `other:
# $(eval CMD = pip)` beside `all: ; $(CMD) install evil` runs echo under `make all`, pip when
# `all` depends on `other`; an eval in a `define` body acts where the variable expands).
_EVAL = re.compile(r"\$[({]eval[ \t]")
_COMPUTED_NAME = re.compile(r"[^:=#]*\$[^:=#]*(?:::=|:=|\?=|\+=|!=|=)")
_UNREAD_SETTING = (
    "the Makefile sets variables in a way the gate does not read ($(eval), a computed name)"
)
# GNU make 4.3's default suffix list (`make -p`), and its special targets, which are no rules
# for files.
_SUFFIXES = frozenset(
    [
        ".out",
        ".a",
        ".ln",
        ".o",
        ".c",
        ".cc",
        ".C",
        ".cpp",
        ".p",
        ".f",
        ".F",
        ".m",
        ".r",
        ".y",
        ".l",
        ".ym",
        ".yl",
        ".s",
        ".S",
        ".mod",
        ".sym",
        ".def",
        ".h",
        ".info",
        ".dvi",
        ".tex",
        ".texinfo",
        ".texi",
        ".txinfo",
        ".w",
        ".ch",
        ".web",
        ".sh",
        ".elc",
        ".el",
    ]
)
_SPECIAL = frozenset(
    [
        ".PHONY",
        ".SUFFIXES",
        ".DEFAULT",
        ".PRECIOUS",
        ".INTERMEDIATE",
        ".NOTINTERMEDIATE",
        ".SECONDARY",
        ".SECONDEXPANSION",
        ".DELETE_ON_ERROR",
        ".IGNORE",
        ".LOW_RESOLUTION_TIME",
        ".SILENT",
        ".EXPORT_ALL_VARIABLES",
        ".NOTPARALLEL",
        ".ONESHELL",
        ".POSIX",
        ".WAIT",
    ]
)
_EXPORT = re.compile(r"(export|unexport)(?:[ \t]+(.*))?")
_SHELL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_EXPORTS = 256
# `override` and `export` before an assignment (in either order, measured with GNU make 4.3):
# still an assignment, `override` one that wins over a command-line value.
_MODIFIERS = re.compile(r"(?:(?:override|export)[ \t]+)+")
_DEFINE = re.compile(r"define[ \t]+(\.?[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(::=|:=|\?=|\+=|!=|=)?\Z")
# `$(shell CMD)` in text make expands while reading the Makefile runs CMD then, whatever the
# goals and under -n too (measured, GNU make 4.3, a pip printing its argv: `X := $(shell pip
# install evil)`, `X != pip install evil`, a line `$(shell …)` alone, `ifeq ($(shell …),)`, a
# rule's prerequisites `all: $(shell …)` each ran pip; `X = $(shell …)` never referenced did not).
_SHELL_CALL = re.compile(r"\$([({])shell[ \t]")
_REFERENCE = re.compile(r"\$(?:\$|\(([^()]*)\)|\{([^{}]*)\}|([@<^*?%+|]))")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
# Bounds: a hostile Makefile must stay cheap (expansion doubles as `A = $(A)$(A)` does).
MAX_EXPANSION = 64 * 1024
MAX_DEPTH = 16
MAX_RULES = 4096
MAX_PREREQUISITES = 65_536  # prerequisite names over all rules
MAX_RECIPE_BYTES = 256 * 1024  # the recipe text one `make` runs, as a script file's cap
MAX_NOTES = 8
MAX_ALTERNATIVES = 4  # values one variable is read with, over the branches of conditionals
MAX_REFERENCES = 100_000


@dataclass(frozen=True)
class Recipes:
    """What `make ARGS` runs: shell text to walk, and what of it the gate cannot know."""

    path: str  # the (first) Makefile read
    text: str
    unknown: tuple[str, ...] = ()


class _Rule:
    __slots__ = ("given", "prerequisites", "recipe", "restart")

    def __init__(self) -> None:
        self.prerequisites: list[str] = []
        self.recipe: list[str] = []
        # A recipe was written (`t: ;` gives an empty one): without one make looks for a
        # pattern rule's.
        self.given = False
        # A later single-colon rule with a recipe replaces the earlier recipe (make warns
        # "overriding recipe"); `::` rules each keep theirs.
        self.restart = False

    def add(self, line: str) -> None:
        if self.restart:
            self.recipe, self.restart = [], False
        self.recipe.append(line)
        self.given = True


def makefile_script(
    args: tuple[Word, ...],
    cwd: str,
    files: Files,
    stdin: Callable[[], str | None] = lambda: None,
    env: Mapping[str, str | None] | None = None,
) -> Recipes | None:
    """What `make ARGS` runs, or None when the gate does not know the Makefile's text (or an
    argument it cannot read changes which Makefile or directory is used). `stdin`: the text on
    make's standard input, for `-f -` (GNU make 4.3 reads it as a Makefile). `env`: make's
    environment (MAKEFLAGS, and the values `-e` puts over the Makefile's)."""
    env = env or {}
    flags = _make_flags(env)
    named: list[str] = []
    evaluated: list[str] = []  # --eval/-E texts: read before any Makefile (their first
    # target is the default goal, measured with GNU make 4.3)
    goals: list[str] = []
    any_goal = False  # a goal the gate cannot read: any rule may be the one
    overrides: dict[str, str] = {}
    number_next = ""  # "j" or "l": the next word may be that option's number
    dry_run = False
    environment_first = False  # -e: the environment's values win over the Makefile's
    for token in tokens(flags or (), 0, _OPTIONS):
        # MAKEFLAGS: its options and variables count as the command line's; its -f/-C and goals
        # are not read (measured, GNU make 4.3).
        word = (flags or ())[token.index]
        if token.kind in ("operand", "unknown"):
            assigned = _ASSIGNMENT.fullmatch(word.value)
            if assigned is not None and "=" in assigned.group(2):
                overrides[assigned.group(1)] = _assigned_value(assigned)
            continue
        dry_run |= token.name in _NO_RECIPES
        environment_first |= token.name in _ENVIRONMENT_FIRST
        value = _value(token, flags or ())
        if token.name in ("-E", "--eval") and value is not _UNREADABLE:
            evaluated.append(value)
    for token in tokens(args, 0, _OPTIONS):
        word = args[token.index]
        if token.kind in ("operand", "unknown"):
            if number_next and (not word.known or _NUMBER[number_next].match(word.value)):
                number_next = ""
                continue  # `-j 4`, `-j "$(nproc)"`, `-l 2.5`: the option's number
            number_next = ""
            assigned = _ASSIGNMENT.fullmatch(word.value)
            if assigned is not None and "=" in assigned.group(2):
                overrides[assigned.group(1)] = _assigned_value(assigned)
            elif word.known:
                goals.append(word.value)
            else:
                any_goal = True
            continue
        number_next = (
            ("j" if token.name in ("-j", "--jobs") else "l")
            if token.name in _NUMBER_OPTIONS and token.attached is None
            else ""
        )
        dry_run |= token.name in _NO_RECIPES
        environment_first |= token.name in _ENVIRONMENT_FIRST
        value = _value(token, args)
        if value is _UNREADABLE and token.name in ("-E", "--eval"):
            return Recipes("--eval", "", ("make evaluates Makefile text the gate cannot read",))
        if value is _UNREADABLE and token.name in ("-f", "--file", "--makefile"):
            named_by = value_of(token, args, Word)
            if named_by is not None and WHOLE_EXPANSION.fullmatch(named_by.value):
                # `make -f "$F"`: a Makefile named wholly by a value gate cannot know runs
                # recipes it cannot see, as `sh "$F"` runs a script it cannot see.
                why = (
                    f"make reads the Makefile {named_by.value[:200]} names, of a value gate "
                    "cannot know"
                )
                return Recipes(named_by.value, "", (why,))
            if named_by is not None:
                # `make -f "$D/x.mk"`: a held Makefile fitting the known parts may be the one
                # read, as for `sh "$D/10.sh"` (silent before over a held one that installs).
                from gate.facts.scripts import unknown_named  # scripts reads this module

                fits = unknown_named(named_by.value, cwd, files)
                if fits is not None:
                    return Recipes(named_by.value, "", fits.unknown)
        if value is _UNREADABLE:
            return None  # `-C "$DIR"`, a name no held file fits, or a value make refuses
        if token.name in ("-E", "--eval"):
            evaluated.append(value)
        elif token.name in ("-f", "--file", "--makefile"):
            named.append(value)
        elif token.name in ("-C", "--directory"):
            cwd = posixpath.normpath(posixpath.join(cwd, value))
    # -C applies before any Makefile is read: -f names are relative to the last directory.
    paths = [
        n if n in STDIN_OPERANDS else posixpath.normpath(posixpath.join(cwd, n)) for n in named
    ] or [
        next(
            (p for p in (posixpath.join(cwd, n) for n in _DEFAULT_NAMES)
             if files.get(p) or _capped(files, p)),
            "",
        )
    ]  # fmt: skip
    for path in paths:
        # A Makefile the build wrote with a value gate cannot know (`printenv M > Makefile`):
        # its recipes are that value's code.
        if path and path not in STDIN_OPERANDS and (unknown_code := _capped(files, path)):
            return Recipes(path, "", (f"make reads {path[:200]}, {unknown_code}",))
    texts = [_text(p, files, stdin) if p else None for p in paths]
    if any(p in STDIN_OPERANDS for p in paths) and any(t is None for t in texts):
        why = "make reads a Makefile on its input, which the gate does not know"
        return Recipes("<stdin>", "", (why,))
    if any(t is None for t in texts) and not (evaluated and paths == [""]):
        return None
    every = [*evaluated, *(t for t in texts if t is not None)]
    given = frozenset(overrides)
    if environment_first:
        overrides = {**_environment(env), **overrides}
    preamble, preamble_unknown = _makefiles(env, cwd, files)
    makefile = _parsed("\n".join(every), tuple(overrides.items()), preamble)
    passed = frozenset(env) | given
    text, unknown = makefile.script(goals, any_goal, dry_run, passed, given)
    if flags is None:
        unknown = (*unknown, "make reads MAKEFLAGS the gate cannot read")
    if preamble_unknown:
        unknown = (*unknown, preamble_unknown)
    return Recipes(paths[0] or "--eval", text, unknown)


def _capped(files: Files, path: str) -> str | None:
    """Why `path` holds code gate cannot know (Unread.capped); a plain map (tests) has none."""
    return files.capped(path) if isinstance(files, Files) else None


def _makefiles(env: Mapping[str, str | None], cwd: str, files: Files) -> tuple[str, str]:
    """(the text of the files MAKEFILES names, what of them the gate cannot read). make reads
    them before every other Makefile, relative to the directory -C chose, a missing one passed
    over; the default goal is not one of their targets unless they set .DEFAULT_GOAL (measured,
    GNU make 4.3). A file gate has not got may be missing or not: unknown."""
    if "MAKEFILES" not in env:
        return "", ""
    value = env["MAKEFILES"]
    if value is None:
        return "", "make reads MAKEFILES the gate cannot read"
    texts: list[str] = []
    for name in value.split()[:MAX_NOTES]:
        text = files.get(posixpath.normpath(posixpath.join(cwd, name)))
        if text is None:
            return "", f"make reads {name[:100]} (MAKEFILES), which the gate does not have"
        texts.append(text)
    if len(value.split()) > MAX_NOTES:
        return "", f"MAKEFILES names more than {MAX_NOTES} files"
    return "\n".join(texts), ""


_ENVIRONMENT_FIRST = frozenset({"-e", "--environment-overrides"})
# What make takes from its environment as neither its options nor a value -e puts first.
_MAKE_OWN = frozenset({"MAKEFLAGS", "GNUMAKEFLAGS", "MFLAGS", "MAKEFILES", "MAKELEVEL", "SHELL"})
_FLAG_WORD = re.compile(r"(?:\\.|[^\\ \t])+", re.DOTALL)


def _make_flags(env: Mapping[str, str | None]) -> tuple[Word, ...] | None:
    """GNUMAKEFLAGS's and MAKEFLAGS's words as make reads them (blanks split them, a backslash
    escapes the next character, a first word of neither `-` nor `=` is single-letter options),
    or None when either is set to a value the gate cannot read."""
    words: list[Word] = []
    for name in ("GNUMAKEFLAGS", "MAKEFLAGS"):
        if name not in env:
            continue
        value = env[name]
        if value is None:
            return None
        found = _flag_words(value)
        if found and not found[0].startswith("-") and "=" not in found[0]:
            found[0] = "-" + found[0]
        words += (Word(w) for w in found)
    return tuple(words)


def _flag_words(value: str) -> list[str]:
    """MAKEFLAGS's words: split at blanks, a backslash escaping the next character."""
    return [re.sub(r"\\(.)", r"\1", w, flags=re.DOTALL) for w in _FLAG_WORD.findall(value)]


def _environment(env: Mapping[str, str | None]) -> dict[str, str]:
    """The values `make -e` puts over the Makefile's: each environment variable's, or a shell
    reference to it where the gate does not know it."""
    return {
        name: f"$${{{name}}}" if value is None else value
        for name, value in env.items()
        if name not in _MAKE_OWN and _NAME.fullmatch(name)
    }


def _text(path: str, files: Files, stdin: Callable[[], str | None]) -> str | None:
    return stdin() if path in STDIN_OPERANDS else files.get(path)


_UNREADABLE = "\0"


def _value(token: Token, args: tuple[Word, ...]) -> str:
    """The value of a -f/-C-like option ("" for others), _UNREADABLE when not known."""
    if token.kind != "option" or token.spec is None or token.spec.arity != "value":
        return ""
    found = value_of(token, args, Word)
    return _UNREADABLE if found is None or not found.known else found.value


def _assigned_value(assigned: re.Match[str]) -> str:
    """An assignment's value as later references see it: `NAME != cmd` is cmd's output."""
    _, op, value = assigned.groups()
    return f"$(shell {value})" if op == "!=" else value


@functools.lru_cache(maxsize=8)
def _parsed(text: str, overrides: tuple[tuple[str, str], ...], preamble: str = "") -> _Makefile:
    """A Makefile's rules and variables, read once per build however often make runs it (each
    `script` call starts its own expansion budget). `preamble`: MAKEFILES's text, read first."""
    return _Makefile(text, dict(overrides), preamble)


class _Makefile:
    def __init__(self, text: str, overrides: dict[str, str], preamble: str = "") -> None:
        self.variables: dict[str, str] = {"MAKE": "make", "SHELL": "/bin/sh"}
        self.budget = MAX_REFERENCES
        # What the gate could not read of the Makefile, said as unknown (at most MAX_NOTES).
        self.unknown: list[str] = []
        self.prerequisites = 0
        self.size = 0  # bytes of recipe text collected
        self.rules: dict[str, _Rule] = {}
        self.first: str | None = None
        self.patterns = False  # pattern rules or includes: rules the gate does not read
        self.read_runs: list[str] = []  # commands $(shell …) runs while make reads the file
        self.read_budget = MAX_REFERENCES  # references those expansions may take, apart
        self.shelled = False  # some value read so far holds `shell` (a reference may reach it)
        self.simple: set[str] = set()  # names set by `:=`: `+=` expands onto them at once
        self.pattern_targets: list[str] = []  # the target patterns (`%.done`, `%`)
        in_pattern = False  # reading the recipe of a rule with pattern targets only
        # Values a variable takes in the branches of conditionals: a recipe line naming one is
        # read with each (every branch counts, and a later branch must not hide an earlier one).
        self.alternatives: dict[str, list[str]] = {}
        self.defaults: list[str] = []  # .DEFAULT_GOAL values set in conditionals
        depth = 0  # conditionals open
        prefix = "\t"
        current: list[_Rule] = []
        fixed = set(overrides)  # command-line values: only an `override` assignment changes them
        self.forced: set[str] = set()  # names an `override` assignment set
        # What make exports to its recipes' environment: `export NAME`/`unexport NAME` (the
        # last one read decides), and whether every variable is (`export` alone).
        self.exported: dict[str, bool] = {}
        self.export_all = False
        self.assigned: set[str] = set()  # names the Makefile (or a MAKEFLAGS it sets) assigns
        self.targeted: list[tuple[str, str, str]] = []  # target-specific (name, op, value)
        self.variables.update(overrides)
        self.shelled = any("shell" in value for value in overrides.values())
        defining: list[str] | None = None  # the lines of a `define` block being read
        nested = 0  # `define`s opened inside it (make counts them to find its `endef`)
        head: tuple[str, str, bool] = ("", "=", False)  # the block's name, operator, override
        # None: the end of MAKEFILES's text, whose targets are no default goal.
        lines: list[str | None] = [*_logical_lines(preamble), None] if preamble else []
        for line in [*lines, *_logical_lines(text)]:
            if line is None:
                self.first, defining, current = None, None, []
                continue
            if defining is not None:
                opened = _MODIFIERS.sub("", line.strip().split("#", 1)[0], count=1)
                if opened.split(None, 1)[:1] == ["endef"]:
                    if nested:
                        nested -= 1
                    else:
                        name, op, forced = head
                        value = "\n".join(defining)
                        if "eval" in value and _EVAL.search(value):
                            self.note(_UNREAD_SETTING)  # acts wherever the variable expands
                        value = f"$(shell {value})" if op == "!=" else value
                        self._assign(name, op, value, forced, fixed, depth)
                        defining = None
                        continue
                elif _DEFINE.match(opened):
                    nested += 1
                defining.append(line)
                continue
            if line.startswith(prefix) and (current or in_pattern):
                for rule in current:
                    rule.add(line[len(prefix) :])
                # A recipe's `$(eval …)` is said where its rule runs (_run); a pattern rule's
                # runs only where gate already says make uses a rule it does not read.
                continue
            if "eval" in line and _EVAL.search(line):
                self.note(_UNREAD_SETTING)  # `$(eval X = v)` outside any recipe
            # A tab line where no rule's recipe is open is read as any other line, not skipped
            # (GNU make read.c: only after targets is it a recipe). Measured, GNU make 4.3:
            # `PIP = echo`, then `ifndef CI` / `<tab>PIP := pip` / `endif`, then `all:` /
            # `<tab>$(PIP) install flask` ran pip install flask.
            stripped = line.split("#", 1)[0].strip()
            directive = _DIRECTIVE.match(stripped)
            if directive is not None:
                word = directive.group(1)
                if word.startswith("if"):
                    self._at_read(stripped[len(word) :])
                depth += 1 if word.startswith("if") else -1 if word == "endif" else 0
                depth = max(depth, 0)
                continue  # here or inside a recipe: every branch counts
            if not stripped:
                continue
            in_pattern = False
            if _INCLUDE.match(stripped):
                self._at_read(stripped)
                # An included file's variables are the Makefile's too (measured, GNU make 4.3:
                # `include common.mk` holding `CMD = pip` over `CMD = echo` runs pip).
                self.patterns = True
                self.note("the Makefile includes files whose variables the gate does not read")
                current = []
                continue
            modifiers = _MODIFIERS.match(stripped) if stripped[:1] in ("o", "e") else None
            bare = stripped[modifiers.end() :] if modifiers is not None else stripped
            forced = modifiers is not None and "override" in modifiers.group().split()
            if modifiers is not None and "export" in modifiers.group().split():
                exported = _DEFINE.match(bare) or _ASSIGNMENT.fullmatch(bare)
                if exported is not None:
                    self.exported[exported.group(1)] = True
            define = _DEFINE.match(bare) if bare.startswith("define") else None
            if define is not None:
                head = (define.group(1), define.group(2) or "=", forced)
                defining, nested, current = [], 0, []
                continue
            assigned = _ASSIGNMENT.fullmatch(bare)
            if assigned is not None and ":" not in bare[: assigned.start(2)]:
                name, op, _ = assigned.groups()
                self._assign(name, op, _assigned_value(assigned), forced, fixed, depth)
                if name == ".RECIPEPREFIX" and name in self.variables:
                    prefix = self.variables[name][:1] or "\t"
                current = []
                continue
            if "$" in bare and _COMPUTED_NAME.match(bare):
                self.note(_UNREAD_SETTING)  # `$(var) = v`: a name gate does not work out
                current = []
                continue
            undefine = re.fullmatch(r"undefine[ \t]+(.*)", bare)
            if undefine is not None:
                for name in undefine.group(1).split()[:MAX_RULES]:
                    if forced or name not in fixed:
                        self.variables.pop(name, None)
                        self.alternatives.pop(name, None)
                current = []
                continue
            export = _EXPORT.fullmatch(stripped)
            if export is not None and ":" not in stripped:
                # `export`/`unexport` alone: every variable; else the names it lists.
                names = (export.group(2) or "").split()
                if not names:
                    self.export_all = export.group(1) == "export"
                for name in names[:MAX_RULES]:
                    self.exported[name] = export.group(1) == "export"
                current = []
                continue
            targets, colon, rest = stripped.partition(":")
            if not colon:
                self._at_read(stripped)  # a line make expands and drops (`$(shell …)` alone)
                current = []
                continue
            double = rest.startswith(":")
            rest = rest.lstrip(":")  # `::` rules
            if self._target_variable(rest.strip(), fixed):
                current = []
                continue
            self._at_read(targets + ":" + _before_recipe(rest))
            prerequisites, semi, inline = rest.partition(";")
            current = []
            for target in self._expand(targets, "", ()).split():
                if "%" in target:
                    self.patterns = True
                    in_pattern = True
                    if len(self.pattern_targets) < MAX_RULES:
                        self.pattern_targets.append(target)
                    else:
                        self.note(f"the Makefile has more than {MAX_RULES} pattern rules")
                    continue
                if len(self.rules) >= MAX_RULES and target not in self.rules:
                    self.note(f"the Makefile has more than {MAX_RULES} rules the gate reads")
                    continue
                rule = self.rules.setdefault(target, _Rule())
                names = self._expand(prerequisites, "", ()).split()
                room = MAX_PREREQUISITES - self.prerequisites
                if len(names) > room:
                    self.note(f"the Makefile names more than {MAX_PREREQUISITES} prerequisites")
                    names = names[: max(room, 0)]
                self.prerequisites += len(names)
                rule.prerequisites.extend(names)
                # A later recipe replaces the earlier one, but not from another branch of a
                # conditional (which branch make takes is not known: both count).
                rule.restart = bool(rule.recipe) and not double and not depth
                if semi and inline.strip():
                    rule.add(inline.strip())
                elif semi:
                    rule.given = True
                current.append(rule)
                # A target starting with `.` is no default goal unless it holds a `/`.
                if self.first is None and (not target.startswith(".") or "/" in target):
                    self.first = target
        self._apply_targeted()
        self._suffix_rules()
        # make reads MAKEFLAGS again once the Makefiles are read: a variable the Makefile put
        # in it is a command-line value, over the command line's own (measured, GNU make 4.3:
        # `MAKEFLAGS += CMD=pip` then `CMD = echo`, under `make CMD=true` too, runs pip).
        for word in _flag_words(self.variables.get("MAKEFLAGS", ""))[:MAX_RULES]:
            assigned = None if word.startswith("-") else _ASSIGNMENT.fullmatch(word)
            if assigned is not None and "=" in assigned.group(2):
                name = assigned.group(1)
                if name not in self.forced:
                    self.variables[name] = _assigned_value(assigned)
                    self.assigned.add(name)
                    self.alternatives.pop(name, None)
        self.read_notes = tuple(self.unknown)

    def _suffix_rules(self) -> None:
        """Old-fashioned suffix rules are pattern rules: `.in.out:` makes `%.out` from `%.in`,
        `.sh:` makes any name from NAME.sh, when make knows the suffixes (its default list, and
        every one a `.SUFFIXES:` line names: one that clears the list is not followed, so more
        rules count, never fewer). Measured with GNU make 4.3: `.SUFFIXES: .in .out` and `.in.out:
        ; pip install evil $@` beside `all: x.out` (x.in there), or `.sh: ; pip …` beside `all:
        x`, run pip install evil."""
        declared = self.rules.get(".SUFFIXES")
        known = {*_SUFFIXES, *(declared.prerequisites if declared is not None else ())}
        for target, rule in self.rules.items():
            if not rule.given or target[:1] != "." or "/" in target or target in _SPECIAL:
                continue
            made = [target[len(head) :] for head in known if target.startswith(head)]
            if target in known:
                made.append("")  # a single-suffix rule: `%` from `%.sh`
            for suffix in made:
                if suffix == "" or suffix in known:
                    self.patterns = True
                    if len(self.pattern_targets) < MAX_RULES:
                        self.pattern_targets.append("%" + suffix)

    def _assign(
        self, name: str, op: str, value: str, forced: bool, fixed: set[str], depth: int
    ) -> None:
        """`NAME op value` read in the Makefile (`forced`: under `override`)."""
        self.shelled = self.shelled or "shell" in value
        if op in (":=", "::=", "!=") or (op == "+=" and name in self.simple):
            self._at_read(value)  # expanded now, even where a command-line value wins
        if op in (":=", "::="):
            self.simple.add(name)
        elif op in ("=", "!=", "?=") and not (op == "?=" and name in self.variables):
            self.simple.discard(name)
        if name in fixed and not forced:
            return  # a command-line value wins over every branch's
        if forced:
            self.forced.add(name)
        self.assigned.add(name)
        if op == "+=" and name in self.variables:
            value = f"{self.variables[name]} {value}"
        if len(value) > MAX_EXPANSION:
            # Past the cap (`A += x` a million times): a value the gate cannot read.
            value = f"$(shell {name[:100]})"
        if depth and name in self.variables and op != "?=":
            seen = self.alternatives.setdefault(name, [self.variables[name]])
            if value not in seen and len(seen) < MAX_ALTERNATIVES:
                seen.append(value)
        if depth and name == ".DEFAULT_GOAL":
            self.defaults.append(value)
        if name == ".DEFAULT_GOAL" and not value.strip():
            self.first = None  # cleared: the next target read is the default goal
        if op != "?=" or name not in self.variables:
            self.variables[name] = value

    def _target_variable(self, text: str, fixed: set[str]) -> bool:
        """`TARGETS: [override|export|private] NAME op value` (text after the colon): a value
        the variable takes in those targets' recipes and their prerequisites'. Which recipes
        those are is not worked out: each recipe naming the variable is read with it too, as
        with a conditional's branches. Measured with GNU make 4.3: `all: CMD = pip` (also
        `%: CMD = pip`, or set on a prerequisite's target) over `CMD = echo` runs `$(CMD)
        install evil` as pip install evil."""
        words = re.match(r"((?:(?:override|export|private)[ \t]+)*)(.*)", text, re.DOTALL)
        assert words is not None
        assigned = _ASSIGNMENT.fullmatch(words.group(2))
        if assigned is None or ":" in words.group(2)[: assigned.start(2)]:
            return False
        modifiers = words.group(1).split()
        name, op, _ = assigned.groups()
        self.shelled = self.shelled or "shell" in assigned.group(3) or op == "!="
        if op in (":=", "::=", "!="):
            self._at_read(_assigned_value(assigned))
        if name in fixed and "override" not in modifiers:
            return True
        if len(self.targeted) < MAX_RULES:
            self.targeted.append((name, op, _assigned_value(assigned)))
        else:
            self.note(f"the Makefile sets more than {MAX_RULES} target-specific variables")
        if "export" in modifiers:
            self.note(f"make exports {name[:100]} to some targets' recipes only")
        return True

    def _apply_targeted(self) -> None:
        """The target-specific values, once the global ones are known (`+=` appends to the
        global value, whenever that is set)."""
        for name, op, value in self.targeted:
            if op == "+=" and name in self.variables:
                value = f"{self.variables[name]} {value}"
            if len(value) > MAX_EXPANSION:
                value = f"$(shell {name[:100]})"
            if name not in self.variables:
                self.variables[name] = value
            seen = self.alternatives.setdefault(name, [self.variables[name]])
            if value not in seen:
                if len(seen) < MAX_ALTERNATIVES:
                    seen.append(value)
                else:
                    self.note(
                        f"make sets {name[:100]} for some targets to more values than gate reads"
                    )

    def _at_read(self, text: str) -> None:
        """The `$(shell …)` commands in `text`, which make expands as it reads the Makefile."""
        if "$" not in text or ("shell" not in text and not self.shelled):
            return
        kept, self.budget = self.budget, self.read_budget
        try:
            expanded = self._expand(text, "", (), 1)  # past a bound: raised, not left as written
        except _TooMuch:
            self.note("make expands more as it reads the Makefile than the gate follows")
            return
        finally:
            self.read_budget, self.budget = self.budget, kept
        commands, readable = _shell_calls(expanded)
        if not readable:
            self.note("make runs a $(shell …) the gate cannot read as it reads the Makefile")
        for command in commands:
            self.size += len(command)
            if len(self.read_runs) >= MAX_RULES or self.size > MAX_RECIPE_BYTES:
                self.note("make runs more $(shell …) commands than the gate reads")
                return
            self.read_runs.append(command)

    def note(self, why: str) -> None:
        if len(self.unknown) < MAX_NOTES and why not in self.unknown:
            self.unknown.append(why)

    def script(
        self,
        goals: list[str],
        any_goal: bool,
        dry_run: bool,
        passed: frozenset[str] = frozenset(),
        given: frozenset[str] = frozenset(),
    ) -> tuple[str, tuple[str, ...]]:
        """The recipes `make GOALS` runs, as shell text; `passed`: the names make exports
        unless told otherwise (those in its environment or on its command line), `given`: those
        its command line (or MAKEFLAGS) sets."""
        # One run of make: its own budgets; what reading the file could not read stays said.
        self.budget, self.size = MAX_REFERENCES, 0
        self.unknown = list(self.read_notes)
        default: list[str] = []
        # Set in the branches of conditionals, each value may be the one; else the last set.
        for value in [*self.defaults, self.variables.get(".DEFAULT_GOAL", "")]:
            default += [g for g in self._expand(value, "", ()).split()[:1] if g not in default]
        wanted = goals or default or ([self.first] if self.first else [])
        if any_goal:
            wanted = [*goals, *self.rules]
        done: set[str] = set()
        recipes: list[list[str]] = []
        for goal in wanted:
            self._run(goal, done, recipes, dry_run, 0)
        shell = self._expand(self.variables.get("SHELL", "/bin/sh"), "", ()).split()
        if ".ONESHELL" in self.rules:
            recipes = [["\n".join(lines)] for lines in recipes if lines]
        lines = [line for lines in recipes for line in lines]
        read = list(self.read_runs)
        if shell and posixpath.basename(shell[0]) not in _SHELLS:
            # `SHELL := python3`: each recipe line is that program's code (`python3 -c LINE`).
            flags = self.variables.get(".SHELLFLAGS", "-c")
            program = " ".join(shlex.quote(w) for w in [*shell, *flags.split()])
            lines = [f"{program} {shlex.quote(line)}" for line in lines]
            read = [f"{program} {shlex.quote(line)}" for line in read]
        body = "".join(f"(\n{line}\n)\n" for line in lines)
        exports = self._exports(passed, given) if body or read else ""
        # What $(shell …) runs while make reads: without make's exports (GNU make 4.3) and,
        # where there are some, with them too (make 4.4 passes them on).
        early = "".join(f"(\n{line}\n)\n" for line in read)
        if early and exports:
            early += exports + early
            exports = ""
        return early + exports + body, tuple(dict.fromkeys(self.unknown))

    def _exports(self, passed: frozenset[str], given: frozenset[str]) -> str:
        """Shell text giving the recipes the environment make gives them: a variable exported
        (`export NAME`, `export` alone, .EXPORT_ALL_VARIABLES, or one make's environment or
        command line has) with its value as the Makefile left it, `unexport NAME` unset.
        Measured with GNU make 4.3: `export PIP_NO_BINARY = evil`, or `PIP_ONLY_BINARY =`
        under an `ENV PIP_ONLY_BINARY=:all:`, make pip build evil in a recipe."""
        every = self.export_all or ".EXPORT_ALL_VARIABLES" in self.rules
        out: list[str] = []
        for name, value in self.variables.items():
            wanted = self.exported.get(name, every or name in passed)
            if not wanted or name in ("MAKE", "SHELL") or not _SHELL_NAME.fullmatch(name):
                continue
            if name not in self.assigned and name not in given:
                continue  # the environment's value, which the recipes have already
            if len(out) >= MAX_EXPORTS:
                self.note(f"make exports more than {MAX_EXPORTS} variables to its recipes")
                break
            text = self._expand(value, "", ())
            if "$" in text or "`" in text:
                # What the shell makes of it (a `$(shell …)` is a substitution gate cannot run).
                quoted = '"' + re.sub(r'(["\\])', r"\\\1", text) + '"'
            else:
                quoted = shlex.quote(text)
            out.append(f"export {name}={quoted}\n")
        out += [
            f"unset {name}\n"
            for name, wanted in self.exported.items()
            if not wanted and _SHELL_NAME.fullmatch(name)
        ][:MAX_EXPORTS]
        return "".join(out)

    def _run(
        self, target: str, done: set[str], recipes: list[list[str]], dry_run: bool, depth: int
    ) -> None:
        if target in done or self.size > MAX_RECIPE_BYTES:
            return
        if depth > MAX_DEPTH:
            self.note(f"make's prerequisites nest deeper than the {MAX_DEPTH} the gate follows")
            return
        done.add(target)
        rule = self.rules.get(target)
        by_pattern = f"make builds {target[:100]} by a pattern rule or an included Makefile "
        if rule is None:
            if self.patterns:
                self.note(by_pattern + "the gate does not read")
            # With no rule for it, make runs .DEFAULT's recipe (measured, GNU make 4.3:
            # `.DEFAULT: ; pip install evil $@` beside `all: foo` runs pip install evil foo).
            fallback = self.rules.get(".DEFAULT")
            if fallback is None or not fallback.recipe:
                return
            rule, prerequisites = fallback, []
        else:
            if not rule.given and self._by_pattern(target):
                # Explicit rules with no recipe: make takes a pattern rule's (measured, GNU
                # make 4.3: `all:` beside `%: ; pip install evil $@` runs pip under `make all`).
                self.note(by_pattern + "the gate does not read")
            prerequisites = rule.prerequisites
            for prerequisite in prerequisites:
                self._run(prerequisite, done, recipes, dry_run, depth + 1)
        lines: list[str] = []
        for line in rule.recipe:
            if "eval" in line and _EVAL.search(line):
                self.note(_UNREAD_SETTING)  # make expands the recipe, -n or not
            command = line.lstrip("@-+ \t")
            # -n, -q, -t run only the lines marked `+` or that run $(MAKE).
            runs = not dry_run or "+" in line[: len(line) - len(command)]
            if command and (runs or "$(MAKE)" in command or "${MAKE}" in command):
                for expanded in self._variants(command, target, prerequisites):
                    self.size += len(expanded)
                    if self.size > MAX_RECIPE_BYTES:
                        self.note(f"make runs more than {MAX_RECIPE_BYTES // 1024} KiB of recipes")
                        break
                    lines.append(expanded)
        recipes.append(lines)

    def _by_pattern(self, target: str) -> bool:
        """Whether a pattern rule of the Makefile may make `target` (not a .PHONY one: make
        looks for no implicit rule for those). As GNU make matches: `%` stands for one or more
        characters; a pattern without `/` is matched against the target's last name."""
        phony = self.rules.get(".PHONY")
        if phony is not None and target in phony.prerequisites:
            return False
        for pattern in self.pattern_targets:
            name = target if "/" in pattern else posixpath.basename(target)
            head, _, tail = pattern.partition("%")
            if len(name) > len(head) + len(tail) and name.startswith(head) and name.endswith(tail):
                return True
        return False

    def _variants(self, line: str, target: str, prerequisites: list[str]) -> list[str]:
        """The recipe line as make may run it: with each value a variable it names takes in the
        branches of conditionals (one variable at a time, the others as last set)."""
        out = [self._expand(line, target, prerequisites)]
        for name, values in self.alternatives.items():
            if f"$({name})" not in line and f"${{{name}}}" not in line:
                continue
            kept = self.variables[name]
            for value in values:
                self.variables[name] = value
                variant = self._expand(line, target, prerequisites)
                if variant not in out:
                    out.append(variant)
            self.variables[name] = kept
        return out

    def _expand(
        self, text: str, target: str, prerequisites: list[str] | tuple[()], depth: int = 0
    ) -> str:
        """make's references in `text`, as the shell will see the recipe line. A reference whose
        expansion passes the bounds is left as written: the walker reads `$(NAME)` as a command
        substitution it cannot resolve, an unknown word."""
        size = len(text)

        def one(m: re.Match[str]) -> str:
            nonlocal size
            whole = m.group(0)
            self.budget -= 1
            if self.budget < 0:
                raise _TooMuch
            got = self._reference(m, target, prerequisites, depth)
            size += len(got) - len(whole)
            if size > MAX_EXPANSION:
                raise _TooMuch
            return got

        if depth > 0:
            return _REFERENCE.sub(one, text)

        def top(m: re.Match[str]) -> str:
            try:
                return one(m)
            except _TooMuch:
                return m.group(0)

        return _REFERENCE.sub(top, text)

    def _reference(
        self, m: re.Match[str], target: str, prerequisites: list[str] | tuple[()], depth: int
    ) -> str:
        whole = m.group(0)
        if whole == "$$":
            return "$"
        auto = m.group(3)
        if auto is not None:
            if auto in "@*%":
                return target
            if auto == "<":
                return prerequisites[0] if prerequisites else ""
            return " ".join(prerequisites)
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if not _NAME.fullmatch(inner):
            return whole  # a function call: a command substitution the walker cannot read
        value = self.variables.get(inner)
        if value is None:
            return "${" + inner + "}"  # make imports the environment: the shell's variable
        if depth >= MAX_DEPTH:
            raise _TooMuch
        return self._expand(value, target, prerequisites, depth + 1)


def _shell_calls(text: str) -> tuple[list[str], bool]:
    """The commands of the `$(shell …)` calls in expanded text, and whether each one's end was
    found."""
    commands: list[str] = []
    readable = True
    for call in _SHELL_CALL.finditer(text):
        opening = call.group(1)
        closing = ")" if opening == "(" else "}"
        depth, at = 1, call.end()
        while at < len(text) and depth:
            depth += (text[at] == opening) - (text[at] == closing)
            at += 1
        if depth:
            readable = False
        else:
            commands.append(text[call.end() : at - 1])
    return commands, readable


def _before_recipe(rest: str) -> str:
    """A rule line's text after the colon up to its inline recipe's `;` (one outside a
    reference: make expands the prerequisites as it reads, the recipe when it runs)."""
    depth = 0
    for at, char in enumerate(rest):
        if char in "({":
            depth += 1
        elif char in ")}":
            depth = max(depth - 1, 0)
        elif char == ";" and not depth:
            return rest[:at]
    return rest


class _TooMuch(Exception):
    """An expansion passed MAX_EXPANSION, MAX_DEPTH or the file's MAX_REFERENCES."""


def _logical_lines(text: str) -> list[str]:
    """Physical lines with backslash-newline joined (a recipe keeps it, as make passes it on)."""
    out: list[str] = []
    pending = ""
    for line in text.split("\n"):
        if line.endswith("\\"):
            recipe = line.startswith("\t") or pending.startswith("\t")
            pending += line + "\n" if recipe else line[:-1] + " "
            continue
        out.append(pending + line)
        pending = ""
    if pending:
        out.append(pending)
    return out
