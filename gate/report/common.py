"""What every report format shares: finding order, counts, safe text, paths and source excerpts."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from gate.model import BaseImageRead, Finding, Location, PolicyProvenance, Report, RuleInfo

# A finding shows at most this many source lines; longer instructions end in an ellipsis line.
MAX_SOURCE_LINES = 6
# Human formats cut single lines here; machine formats (json, sarif) keep everything.
MAX_LINE_CHARS = 160
ELLIPSIS = "…"

# C0 and C1 controls, DEL, lone surrogates and the two XML non-characters. None of them may reach
# a terminal (escape sequences in a hostile Dockerfile), an XML document (not allowed in XML 1.0)
# or a workflow command (\r and \n end it), so every human-facing string goes through `printable`.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str, *, keep: str = "") -> str:
    """`text` with control characters written as visible escapes (\\x1b), except those in `keep`."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char in keep:
            return char
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNPRINTABLE.sub(escape, text)


def error_line(message: object) -> str:
    """An error as gate writes it to stderr: one line, `gate: ` first, its control characters
    escaped (a file name or a quoted word may carry a terminal escape sequence or a newline)."""
    return f"gate: {printable(str(message))}"


def shorten(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """`text` cut to `limit` characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


@dataclass(frozen=True)
class Counts:
    """Unsuppressed denials and warnings, and suppressed findings of any severity."""

    deny: int = 0
    warn: int = 0
    suppressed: int = 0

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Counts:
        deny = warn = suppressed = 0
        for finding in findings:
            if finding.suppressed:
                suppressed += 1
            elif finding.severity == "deny":
                deny += 1
            else:
                warn += 1
        return cls(deny, warn, suppressed)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.deny + other.deny, self.warn + other.warn, self.suppressed + other.suppressed
        )


def total(reports: Iterable[Report]) -> Counts:
    """Counts over every report."""
    result = Counts()
    for report in reports:
        result = result + Counts.of(report.findings)
    return result


def summary_line(reports: Sequence[Report]) -> str:
    """`2 denied, 1 warning, 0 suppressed in 3 files` over every report."""
    counts = total(reports)
    warnings = "warning" if counts.warn == 1 else "warnings"
    noun = "file" if all(r.target.kind != "image" for r in reports) else "target"
    targets = f"{len(reports)} {noun}{'' if len(reports) == 1 else 's'}"
    return (
        f"{counts.deny} denied, {counts.warn} {warnings}, {counts.suppressed} suppressed "
        f"in {targets}"
    )


def _none_first(value: int | None) -> tuple[int, int]:
    # Findings without a line (the whole file or image) come before line-bound ones.
    return (0, 0) if value is None else (1, value)


def order_key(finding: Finding) -> tuple[object, ...]:
    """Sort key: path, line, history index, rule; then document order of the install (several
    installs share one RUN line), severity and message, so equal inputs give equal output."""
    loc = finding.location
    return (
        loc.path,
        _none_first(loc.line),
        _none_first(loc.history_index),
        finding.rule,
        _none_first(finding.install.id if finding.install is not None else None),
        finding.severity,
        finding.message,
        finding.suppressed or "",
    )


def ordered(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings in the one order every format uses."""
    return tuple(sorted(findings, key=order_key))


def display_path(path: str) -> str:
    """A file path as reports show it: forward slashes, no leading ``./``, relative to the
    working directory when it lies below it (CI annotations and code scanning want repo paths)."""
    text = path.replace(os.sep, "/") if os.sep != "/" else path
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path, os.getcwd())
        except ValueError:  # another drive on Windows
            return text
        if relative != ".." and not relative.startswith(".." + os.sep):
            return relative.replace(os.sep, "/")
        return text
    while text.startswith("./"):
        text = text[2:]
    return text or "."


def is_image(report: Report, location: Location) -> bool:
    """The location is an image history entry (or the image as a whole), not a file line."""
    return report.target.kind == "image" or location.history_index is not None


def where(report: Report, location: Location) -> str:
    """`Dockerfile:4`, `python:3.12 history[5]`, or just the path when nothing finer is known."""
    if report.target.kind == "image":
        base = location.path
    else:
        base = display_path(location.path)
    if location.history_index is not None:
        return f"{base} history[{location.history_index}]"
    if location.command is not None:
        return f"{base}:{location.command.line}:{location.command.column}"
    if location.line is not None:
        return f"{base}:{location.line}"
    return base


@dataclass(frozen=True)
class Excerpt:
    """The source lines of a finding, trimmed for display."""

    lines: tuple[tuple[int, str], ...]  # (1-based line number, text without common indent)
    omitted: int = 0  # lines left out after the shown ones


@lru_cache(maxsize=16)
def source_lines(text: str) -> tuple[str, ...]:
    """A source split into lines once, however many findings point into it."""
    return tuple(text.splitlines())


def excerpt(report: Report, location: Location, limit: int = MAX_SOURCE_LINES) -> Excerpt:
    """The finding's source lines from report.sources, at most `limit` shown: the command's own
    lines when it was found in the text, else the instruction's (line..end_line)."""
    text = report.sources.get(location.path)
    if text is None or location.line is None or location.line < 1:
        return Excerpt(())
    all_lines = source_lines(text)
    first = location.line
    last = location.end_line if location.end_line and location.end_line >= first else first
    if location.command is not None and location.command.line >= first:
        first, last = location.command.line, max(location.command.end_line, location.command.line)
    last = min(last, len(all_lines))
    if first > last:
        return Excerpt(())
    span = all_lines[first - 1 : last]
    shown = span if len(span) <= limit else span[: limit - 1]
    indent = min(
        (len(line) - len(line.lstrip()) for line in shown if line.strip()),
        default=0,
    )
    lines = tuple((first + i, line[indent:].rstrip()) for i, line in enumerate(shown))
    return Excerpt(lines, omitted=len(span) - len(shown))


def command_text(finding: Finding) -> str:
    """The command the finding is about, for fingerprints: the install, else the history entry."""
    if finding.install is not None and finding.install.text:
        return finding.install.text
    if finding.location.created_by:
        return finding.location.created_by
    return finding.message


def fingerprints(findings: Sequence[Finding]) -> tuple[str, ...]:
    """A stable identity per finding: rule + path + whitespace-normalised command, numbered
    when the same command repeats in a file, so editing other lines does not move it."""
    seen: dict[str, int] = {}
    result: list[str] = []
    for finding in findings:
        command = " ".join(command_text(finding).split())
        material = "\0".join((finding.rule, display_path(finding.location.path), command))
        digest = hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        result.append(f"{digest}:{seen[digest]}")
    return tuple(result)


def rule_for(finding: Finding, rules: dict[str, RuleInfo]) -> RuleInfo:
    """The rule's metadata, or a minimal stand-in when the policy did not describe it."""
    known = rules.get(finding.rule)
    if known is not None:
        return known
    return RuleInfo(id=finding.rule, title=finding.rule, severity=finding.severity, description="")


def all_rules(reports: Iterable[Report]) -> dict[str, RuleInfo]:
    """Rule metadata of every report by id (the first description of an id wins)."""
    rules: dict[str, RuleInfo] = {}
    for report in reports:
        for rule in report.rules:
            rules.setdefault(rule.id, rule)
    return rules


def provenance(reports: Sequence[Report]) -> PolicyProvenance | None:
    """The policies in force (one engine judges a whole run); None when no report says."""
    for report in reports:
        if report.policy.sources:
            return report.policy
    return None


def provenance_lines(policy: PolicyProvenance) -> list[str]:
    """`policy: built-in, policy DIR (config F)`, one line per replaced built-in package, and
    a line when inline ignores were refused: what a reader must know to trust the verdict."""
    lines = [f"policy: {', '.join(policy.sources)}"]
    lines.extend(f"REPLACED built-in rules: {item}" for item in policy.replaced)
    if not policy.inline_ignores:
        lines.append("inline `# gate: ignore=` comments: not honoured (--no-inline-ignores)")
    return [printable(line) for line in lines]


def span_json(location: Location) -> dict[str, int] | None:
    """The command's place as JSON (1-based; end_column one past the last character)."""
    span = location.command
    if span is None:
        return None
    return {
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
    }


def provenance_json(policy: PolicyProvenance) -> dict[str, object]:
    return {
        "sources": list(policy.sources),
        "replaced": list(policy.replaced),
        "hash": policy.policy_hash,
        "inline_ignores": policy.inline_ignores,
    }


# Variable names a base image line lists before it says how many more there are.
MAX_BASE_ENV_NAMES = 8


def base_image_line(read: BaseImageRead) -> str:
    """`base image env read from python:3.12@sha256:… for stage build (engine unix://…): PATH, …`:
    a verdict may rest on these values, and a run without them would not see them."""
    if read.error is not None:
        return printable(
            f"base image env not read from {read.reference} for stage {read.stage} "
            f"({read.read_from}): {read.error}; judged as if the base sets nothing"
        )
    image = (
        f"{read.reference}@{read.digest}" if read.digest else f"{read.reference} (digest unknown)"
    )
    names = ", ".join(read.env[:MAX_BASE_ENV_NAMES]) or "no variables"
    if len(read.env) > MAX_BASE_ENV_NAMES:
        names += f" and {len(read.env) - MAX_BASE_ENV_NAMES} more"
    line = f"base image env read from {image} for stage {read.stage} ({read.read_from}): {names}"
    if read.shell is not None:
        line += f"; Shell {list(read.shell)}"
    return printable(line)


def base_image_json(read: BaseImageRead) -> dict[str, object]:
    document: dict[str, object] = {
        "stage": read.stage,
        "reference": read.reference,
        "digest": read.digest,
        "read_from": read.read_from,
        "env": list(read.env),
        "shell": None if read.shell is None else list(read.shell),
    }
    if read.error is not None:
        document["error"] = read.error
    return document
