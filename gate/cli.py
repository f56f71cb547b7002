"""Command line: parse arguments, build the objects, wire them. No decision logic lives here."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gate import __version__
from gate.model import GateError

if TYPE_CHECKING:
    from gate.runner import Outcome, PolicyOptions

FORMATS = ("text", "json", "sarif", "junit", "github")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default=None, help="output format")
    parser.add_argument(
        "--policy", action="append", default=[], metavar="DIR", help="extra policy directory"
    )
    parser.add_argument(
        "--data", action="append", default=[], metavar="FILE", help="policy data (YAML or JSON)"
    )
    parser.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="what gate cannot decide is denied, not warned",
    )


def _build_arg(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not name:
        raise argparse.ArgumentTypeError(f"--build-arg wants K=V, got {text!r}")
    # `--build-arg K` without a value takes K from the caller's environment, as docker build does.
    return name, value if sep else os.environ.get(name, "")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gate",
        description="Find Python installs that can run third-party build scripts, "
        "in Dockerfiles and image histories, and judge them with Rego policies.",
    )
    parser.add_argument("--version", action="version", version=f"gate {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    df = sub.add_parser("dockerfile", help="judge Dockerfiles")
    df.add_argument("paths", nargs="+", metavar="PATH")
    df.add_argument("--build-arg", type=_build_arg, action="append", default=[], metavar="K=V")
    df.add_argument("--target", metavar="STAGE", help="judge only the stages this stage needs")
    df.add_argument("--context", metavar="DIR", help="build context, to read copied files")
    _common(df)

    facts = sub.add_parser("facts", help="print the policy input document")
    facts_sub = facts.add_subparsers(dest="facts_kind", required=True)
    fdf = facts_sub.add_parser("dockerfile", help="facts of a Dockerfile")
    fdf.add_argument("path", metavar="PATH")
    fdf.add_argument("--build-arg", type=_build_arg, action="append", default=[], metavar="K=V")
    fdf.add_argument("--target", metavar="STAGE")
    fdf.add_argument("--context", metavar="DIR")

    policy = sub.add_parser("policy", help="work with policies")
    policy_sub = policy.add_subparsers(dest="policy_command", required=True)
    ptest = policy_sub.add_parser("test", help="run test_* rules in *_test.rego files")
    ptest.add_argument("dirs", nargs="*", metavar="DIR")

    rules = sub.add_parser("rules", help="list the rules and their metadata")
    rules.add_argument("--policy", action="append", default=[], metavar="DIR")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _render(outcome: Outcome, fmt: str) -> int:
    from gate.report import render

    if outcome.reports:
        text = render(outcome.reports, fmt)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    for error in outcome.errors:
        print(f"gate: {error}", file=sys.stderr)
    if outcome.errors:
        return 2
    return 1 if any(r.deny_count for r in outcome.reports) else 0


def _policy_options(args: argparse.Namespace) -> tuple[PolicyOptions, str]:
    """Project config defaults, then the command line on top (flags win; lists add up)."""
    from gate.config import load_config
    from gate.runner import PolicyOptions

    config = load_config()
    strict = args.strict if args.strict is not None else bool(config.strict)
    policy = PolicyOptions(
        policy_dirs=(*config.policy, *args.policy),
        data_files=(*config.data, *args.data),
        strict=strict,
    )
    fmt = args.format or config.format or "text"
    if fmt not in FORMATS:
        raise GateError(f"unknown format {fmt!r} (from {config.path})")
    return policy, fmt


def _run(args: argparse.Namespace) -> int:
    from gate import runner

    if args.command == "dockerfile":
        dockerfile = runner.DockerfileOptions(
            build_args=dict(args.build_arg), target=args.target, context=args.context
        )
        policy, fmt = _policy_options(args)
        return _render(runner.judge_dockerfiles(args.paths, dockerfile, policy), fmt)
    if args.command == "facts":
        options = runner.DockerfileOptions(dict(args.build_arg), args.target, args.context)
        doc = runner.facts_document_json(runner.dockerfile_source(args.path, options))
        print(json.dumps(doc, indent=2))
        return 0
    if args.command == "policy":
        from gate.policy.testing import format_policy_test_report, run_policy_tests

        report = run_policy_tests(args.dirs)
        print(format_policy_test_report(report))
        return 0 if report.passed else 1
    if args.command == "rules":
        from gate.policy.judge import load_engine, rules

        infos = rules(load_engine(tuple(args.policy), ()))
        if args.format == "json":
            print(json.dumps([info.__dict__ for info in infos], indent=2, default=list))
        else:
            for info in infos:
                print(f"{info.id}  [{info.severity}]  {info.title}")
        return 0
    raise GateError(f"unknown command {args.command}")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `gate` console script."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except GateError as error:
        print(f"gate: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gate: interrupted", file=sys.stderr)
        return 2
    except Exception as error:
        if os.environ.get("GATE_DEBUG"):
            raise
        print(f"gate: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
