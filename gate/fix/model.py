"""The typed results of planning fixes for one Dockerfile."""

from __future__ import annotations

from dataclasses import dataclass

from gate.model import Finding, Install


@dataclass(frozen=True)
class Edit:
    """Insert `text` at character `offset` of the file's text (nothing is ever deleted)."""

    offset: int
    text: str


@dataclass(frozen=True)
class Fix:
    """A denied install that one inserted flag or environment prefix makes compliant."""

    line: int  # the instruction's first line, as in findings
    install: Install
    finding: Finding
    edit: Edit
    summary: str  # what is inserted, for people: "--only-binary :all:"


@dataclass(frozen=True)
class Refusal:
    """A denied or undecided install that gate fix leaves alone, and why."""

    line: int
    text: str
    reason: str
    finding: Finding


@dataclass(frozen=True)
class FixPlan:
    path: str
    original: str  # the file's text, decoded losslessly (surrogateescape)
    applicable: tuple[Fix, ...]
    refused: tuple[Refusal, ...]
