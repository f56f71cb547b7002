"""`gate fix PATH...`: the command's arguments and its run (cli.py only wires it in)."""

from __future__ import annotations

import argparse
import sys

from gate.fix.apply import apply_fixes, unified_diff
from gate.fix.model import FixPlan
from gate.fix.plan import plan_fixes
from gate.model import Finding, GateError
from gate.report.common import error_line, printable
from gate.runner import DockerfileOptions, PolicyOptions
from gate.wheels.command import CheckOptions


def add_arguments(fix: argparse.ArgumentParser) -> None:
    fix.description = (
        "Insert the flag gate suggests (pip --only-binary :all:, uv --no-build, "
        "POETRY_INSTALLER_ONLY_BINARY=:all:) into each denied install, keeping the file's "
        "formatting. What a flag cannot fix (direct references, resolution commands, unknowns) "
        "is listed, not changed. Exit 0: nothing denied is left; 1: denials are left (or, with "
        "--diff, changes are pending); 2: input error."
    )
    add = fix.add_argument
    add("paths", nargs="+", metavar="PATH", help="Dockerfiles to rewrite in place")
    add("--diff", action="store_true", help="print the changes as a unified diff; write nothing")
    add("--build-arg", action="append", default=[], metavar="K=V",
        help="build argument, as for gate dockerfile (default: none)")
    add("--context", metavar="DIR", help="build context COPY reads (default: the Dockerfile's dir)")
    add("--no-context", action="store_true", help="read no build context")
    add("--policy", action="append", default=[], metavar="DIR",
        help="extra policy directory (default: none)")
    add("--data", action="append", default=[], metavar="FILE",
        help="policy data, YAML or JSON (default: none)")
    add("--check", action="store_true",
        help="apply only the fixes a binary-only resolution for the image's platform and Python "
        "calls safe (see gate wheels); list the others with the reason (default: off)")
    add("--index-url", metavar="URL", default=None,
        help="with --check: the simple index to resolve on (default: the public index)")
    add("--offline", action="store_true",
        help="with --check: no network; answer from the cache or leave the fix (default: off)")
    add("--platform", metavar="OS/ARCH", default=None,
        help="with --check: the image's platform (default: what the Dockerfile says)")
    add("--python-version", metavar="X.Y", default=None,
        help="with --check: the image's Python version (default: what the Dockerfile says)")
    add("--cache-dir", metavar="DIR", default=None,
        help="with --check: default $XDG_CACHE_HOME/gate/wheels")


def _options(args: argparse.Namespace) -> tuple[DockerfileOptions, PolicyOptions]:
    build_args = dict(item.partition("=")[::2] for item in args.build_arg)
    return (
        DockerfileOptions(build_args=build_args, context=args.context, no_context=args.no_context),
        PolicyOptions(policy_dirs=tuple(args.policy), data_files=tuple(args.data)),
    )


def _check_options(args: argparse.Namespace) -> CheckOptions | None:
    if not args.check:
        return None
    from gate.wheels.command import check_options
    from gate.wheels.target import parse_platform, parse_python

    if args.platform is not None and parse_platform(args.platform) is None:
        raise GateError(f"--platform wants OS/ARCH[/VARIANT], got {args.platform!r}")
    if args.python_version is not None and parse_python(args.python_version) is None:
        raise GateError(f"--python-version wants X.Y, got {args.python_version!r}")
    return check_options(args)


def _plan(
    path: str, options: DockerfileOptions, policy: PolicyOptions, check: CheckOptions | None
) -> FixPlan:
    plan = plan_fixes(path, options, policy)
    if check is None or not plan.applicable:
        return plan
    from gate.fix.check import only_safe
    from gate.runner import dockerfile_source

    return only_safe(plan, dockerfile_source(path, options), check)


def _shown_line(finding: Finding, line: int) -> int:
    """The line every report names: the command's own line inside a multi-line RUN."""
    span = finding.location.command
    return span.line if span is not None else line


def run(args: argparse.Namespace) -> int:
    options, policy = _options(args)
    check = _check_options(args)
    out = sys.stderr if args.diff else sys.stdout
    fixed = left = pending = 0
    errors = False
    planned = 0
    for path in args.paths:
        try:
            plan = _plan(path, options, policy, check)
        except GateError as error:
            print(error_line(error), file=sys.stderr)
            errors = True
            continue
        planned += 1
        text = apply_fixes(plan)
        for fix in plan.applicable:
            verb = "would fix" if args.diff else "fixed"
            line = _shown_line(fix.finding, fix.line)
            print(f"{path}:{line}: {verb}: {printable(fix.install.text)} (+ {fix.summary})",
                  file=out)  # fmt: skip
        # A command walked once per value of a variable is refused once per value: one line.
        shown: dict[str, bool] = {}
        for refusal in plan.refused:
            message = (f"{path}:{_shown_line(refusal.finding, refusal.line)}: left: "
                       f"{printable(refusal.text)}: {refusal.reason}")  # fmt: skip
            denied = refusal.finding.severity == "deny"
            shown[message] = shown.get(message, False) or denied
        for message in shown:
            print(message, file=out)
        left += sum(shown.values())
        if not plan.applicable:
            continue
        pending += len(plan.applicable)
        if args.diff:
            sys.stdout.write(unified_diff(plan, text))
        else:
            with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as dest:
                dest.write(text)
            fixed += len(plan.applicable)
    verb = "to fix" if args.diff else "fixed"
    if planned:
        # Not when no file could be read: with --diff the count goes to stderr, and an input
        # error is one line there.
        print(f"{pending if args.diff else fixed} {verb}, {left} denied left", file=out)
    if errors:
        return 2
    return 1 if left or (args.diff and pending) else 0
