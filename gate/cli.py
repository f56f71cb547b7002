"""Command line: parse arguments, build the objects, wire them. No decision logic lives here.

Over 600 lines because it is every subcommand's argument table (each option with its help and
default); what each command does lives in its own module.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from gate import __version__
from gate.cli_help import ArgumentParser, HelpFormatter
from gate.model import GateError
from gate.report import FORMATS

if TYPE_CHECKING:
    from gate.config import ProjectConfig
    from gate.policy.bundle import PolicySource
    from gate.runner import DockerfileOptions, ImageInputs, Outcome, PolicyOptions
    from gate.sources.images import ImageOptions
    from gate.webhook.service import WebhookConfig


class DefaultsInHelp(argparse.HelpFormatter):
    """Every option's help ends with its default: written out where the help does not say it."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help
        if not text or not action.option_strings or "default" in text.lower():
            return text
        if action.default is argparse.SUPPRESS:
            return text
        if isinstance(action, argparse._StoreTrueAction | argparse._StoreFalseAction):
            return f"{text} (default: off)"  # the flag's own state, whatever it stores
        if action.default == [] or action.default is None:
            return f"{text} (default: none)"
        return f"{text} (default: %(default)s)"


class _HelpFormatter(DefaultsInHelp, HelpFormatter):
    """Defaults in the help, laid out without importing shutil (gate/cli_help.py)."""


def _config_options(parser: argparse.ArgumentParser, *, repository: bool = True) -> None:
    """Which config is in force: the operator's, the judged repository's (limited), or none."""
    add = parser.add_argument
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--config", metavar="FILE", default=None,
                       help="use this config (the operator's: trusted) and look for no other "
                       "(default: .gate.yaml in the working directory, when there is one)")
    group.add_argument("--no-config", action="store_true",
                       help="use no config file, whatever the working directory holds")
    if not repository:
        parser.set_defaults(trust_config=True)
        return
    add("--trust-config", action="store_true",
        help="the .gate.yaml found in the working directory may replace built-in rules, "
        "set strict: false and opa_url (by default a repository's config may only add)")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="output format (default: the config's format, else text)")
    parser.add_argument(
        "--policy", action="append", default=[], metavar="DIR",
        help="extra policy directory (may replace a built-in rule package: reports say so)",
    )
    parser.add_argument(
        "--data", action="append", default=[], metavar="FILE", help="policy data (YAML or JSON)"
    )
    parser.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="what gate cannot decide is denied, not warned (default: the config's strict, "
        "else off)",
    )
    parser.add_argument(
        "--opa-url", metavar="URL", default=None,
        help="evaluate on this OPA server (REST API) (default: the config's opa_url, else the "
        "embedded engine)",
    )
    parser.add_argument(
        "--no-inline-ignores", dest="inline_ignores", action="store_false",
        help="do not honour `# gate: ignore=` comments in the judged files",
    )
    _config_options(parser)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"want a number of processes, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"want 0 (one per core) or more, got {text!r}")
    return value or os.cpu_count() or 1


def _jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N",
                        help="judge inputs in N processes (0: one per core); output keeps "
                        "the input order")


def _build_arg(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not name:
        raise argparse.ArgumentTypeError(f"--build-arg wants K=V, got {text!r}")
    # `--build-arg K` without a value takes K from the caller's environment, as docker build does.
    return name, value if sep else os.environ.get(name, "")


def _build_options(parser: argparse.ArgumentParser) -> None:
    """What a Dockerfile is read with, the same for every command that reads one."""
    add = parser.add_argument
    add("--build-arg", type=_build_arg, action="append", default=[], metavar="K=V",
        help="build argument, as docker build --build-arg (K alone: from the environment)")
    add("--target", metavar="STAGE",
        help="only the stages this stage needs (default: every stage)")
    add("--context", metavar="DIR", help="build context COPY reads (default: the Dockerfile's dir)")
    add("--no-context", action="store_true", help="read no build context")
    _base_env_options(parser)


def _base_env_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--base-env", choices=("auto", "engine", "registry", "none"), default="auto",
        help="where the base image's config Env is read: the local engine when one is there and "
        "has the image (auto, engine; never pulls), the registry, or nowhere; best-effort: "
        "what cannot be read counts as setting nothing")
    add("--docker-host", metavar="URL",
        help="engine to read base images from (default: $DOCKER_HOST, else "
        "/var/run/docker.sock when it exists)")
    add("--insecure-registry", action="append", default=[], metavar="HOST",
        help="registry that may be reached over plain HTTP (--base-env registry)")
    add("--registry-ca", metavar="PEM", help="extra CA certificates to trust for registries")


def _dockerfile_options(args: argparse.Namespace) -> DockerfileOptions:
    from gate.runner import DockerfileOptions

    return DockerfileOptions(
        build_args=dict(args.build_arg),
        target=args.target,
        context=args.context,
        no_context=args.no_context,
        base_env=args.base_env,
        docker_host=args.docker_host,
        insecure_registries=tuple(args.insecure_registry),
        registry_ca=args.registry_ca,
    )


def _image_inputs(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("refs", nargs="*", metavar="REF", help="image references")
    add("--config-file", action="append", default=[], metavar="CONFIG.json",
        help="an image config JSON or a `docker history` table to judge")
    add("--archive", action="append", default=[], metavar="FILE.tar", help="docker save or OCI")
    add("--source", choices=("auto", "engine", "registry"), default="auto",
        help="where REFs are read: the local engine, a registry, or engine first (auto)")
    add("--platform", metavar="OS/ARCH",
        help="judge only this platform of an index (default: every platform)")
    add("--insecure-registry", action="append", default=[], metavar="HOST",
        help="registry that may be reached over plain HTTP")
    add("--registry-ca", metavar="PEM", help="extra CA certificates to trust for registries")
    add("--docker-host", metavar="URL",
        help="engine to read images from (default: $DOCKER_HOST, else /var/run/docker.sock)")
    add("--dockerfile", metavar="PATH",
        help="the Dockerfile an engine image was built from (marks its base layers)")


def _dockerfile_parser(df: argparse.ArgumentParser) -> None:
    df.add_argument("paths", nargs="+", metavar="PATH", help="Dockerfiles (- reads standard input)")
    _build_options(df)
    _jobs_option(df)
    _common(df)


def _image_parser(img: argparse.ArgumentParser) -> None:
    _image_inputs(img)
    _jobs_option(img)
    _common(img)


def _push_parser(push: argparse.ArgumentParser) -> None:
    push.add_argument("ref", metavar="REF", help="a local image to judge and push")
    push.add_argument("--docker-host", metavar="URL",
                      help="engine to read the image from (default: $DOCKER_HOST, else "
                      "/var/run/docker.sock)")
    push.add_argument("--dockerfile", metavar="PATH", help="the Dockerfile it was built from")
    _common(push)


def _facts_parser(facts: argparse.ArgumentParser) -> None:
    facts_sub = facts.add_subparsers(dest="facts_kind", required=True)
    fdf = facts_sub.add_parser("dockerfile", help="facts of a Dockerfile")
    fdf.add_argument("path", metavar="PATH", help="a Dockerfile (- reads standard input)")
    _build_options(fdf)
    fdf.add_argument("--wheels", action="store_true",
                     help="add a `wheels` section: whether each install still resolves with "
                     "wheels only for the image's platform and Python (see gate wheels; uses the "
                     "index below; default: off)")
    _wheel_check_options(fdf)
    fimg = facts_sub.add_parser("image", help="facts of images")
    _image_inputs(fimg)


def _policy_parser(policy: argparse.ArgumentParser) -> None:
    policy_sub = policy.add_subparsers(dest="policy_command", required=True)
    ptest = policy_sub.add_parser("test", help="run test_* rules in *_test.rego files")
    ptest.add_argument("dirs", nargs="*", metavar="DIR",
                       help="policy directories to test (default: the built-in policies)")
    ppush = policy_sub.add_parser("push", help="upload the policies and data to an OPA server")
    ppush.add_argument("--opa-url", metavar="URL", default=None, help="default: config opa_url")
    ppush.add_argument("--policy", action="append", default=[], metavar="DIR",
                       help="extra policy directory")
    ppush.add_argument("--data", action="append", default=[], metavar="FILE",
                       help="policy data (YAML or JSON)")
    _config_options(ppush)


def _rules_parser(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("--policy", action="append", default=[], metavar="DIR",
                       help="extra policy directory")
    rules.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _render(outcome: Outcome, fmt: str) -> int:
    from gate.report import render

    if outcome.reports:
        text = render(outcome.reports, fmt)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    for error in outcome.errors:
        print(_error_line(error), file=sys.stderr)
    if outcome.errors:
        return 2
    return 1 if any(r.deny_count for r in outcome.reports) else 0


def _config(args: argparse.Namespace) -> ProjectConfig:
    from gate.config import load_config

    return load_config(file=args.config, discover=not args.no_config, trust=args.trust_config)


def _policy_options(args: argparse.Namespace) -> tuple[PolicyOptions, str]:
    """Config defaults, then the command line on top (flags win; lists add up).

    A config found in the judged repository cannot lower what the operator chose: its
    `strict: false` changes nothing, and its `opa_url` (which would hand the verdict to a
    server of the repository's choosing) is refused unless the operator trusts the config.
    """
    from gate.runner import PolicyOptions

    config = _config(args)
    policy_dirs, data_files = _config_sources(config)
    strict = args.strict
    if strict is None:
        strict = bool(config.strict) if config.trusted else config.strict is True
    policy = PolicyOptions(
        policy_dirs=(*policy_dirs, *args.policy),
        data_files=(*data_files, *args.data),
        strict=strict,
        opa_url=args.opa_url or _config_opa_url(config),
        inline_ignores=args.inline_ignores,
    )
    fmt = args.format or config.format or "text"
    if fmt not in FORMATS:
        raise GateError(f"unknown format {fmt!r} (from {config.path})")
    return policy, fmt


def _config_sources(config: ProjectConfig) -> tuple[tuple[PolicySource, ...], ...]:
    from pathlib import Path

    from gate.policy.bundle import PolicySource, display

    origin = f"config {display(Path(config.path or ''))}"
    return (
        tuple(PolicySource(p, origin, config.trusted) for p in config.policy),
        tuple(PolicySource(p, origin, config.trusted) for p in config.data),
    )


def _config_opa_url(config: ProjectConfig) -> str | None:
    if config.opa_url and not config.trusted:
        raise GateError(
            f"{config.path}: opa_url from a repository's config is not honoured "
            "(pass --opa-url, --config FILE or --trust-config)"
        )
    return config.opa_url


def _run(args: argparse.Namespace) -> int:
    from gate import jobs, runner

    if args.command == "dockerfile":
        dockerfile = _dockerfile_options(args)
        policy, fmt = _policy_options(args)
        outcome = jobs.judge_dockerfiles(args.paths, dockerfile, policy, args.jobs)
        return _render(outcome, fmt)
    if args.command == "image":
        policy, fmt = _policy_options(args)
        return _render(jobs.judge_images(*_images(args), policy, args.jobs), fmt)
    if args.command == "push":
        return _push(args)
    if args.command == "fix":
        from gate.fix.command import run as fix

        return fix(args)
    if args.command == "facts":
        if args.facts_kind == "image":
            sources, errors = runner.image_sources(*_images(args))
            if errors:
                raise errors[0]
            docs = [runner.facts_document_json(source) for source in sources]
            print(json.dumps(docs[0] if len(docs) == 1 else docs, indent=2))
            return 0
        source = runner.dockerfile_source(args.path, _dockerfile_options(args))
        doc = runner.facts_document_json(source)
        if args.wheels:
            from gate.wheels.command import check_options, check_source, wheels_json

            checked = check_source(source, check_options(args))
            doc["wheels"] = wheels_json(checked)
        print(json.dumps(doc, indent=2))
        return 0
    if args.command == "policy" and args.policy_command == "push":
        from gate.policy.opa import bundle_root, push_policies

        config = _config(args)
        url = args.opa_url or _config_opa_url(config)
        if not url:
            raise GateError("gate policy push needs --opa-url URL (or opa_url in the config)")
        policy_dirs, data_files = _config_sources(config)
        pushed = push_policies((*policy_dirs, *args.policy), (*data_files, *args.data), url)
        print(
            f"pushed {len(pushed.modules)} policy files, {len(pushed.data)} data keys to {url} "
            f"under data.{bundle_root(pushed)}"
        )
        return 0
    if args.command == "policy":
        from gate.policy.testing import format_policy_test_report, run_policy_tests

        report = run_policy_tests(args.dirs)
        print(format_policy_test_report(report))
        return 0 if report.passed else 1
    if args.command == "rules":
        from gate.policy.judge import load_engine, rules
        from gate.report.rules import render_rules

        engine = load_engine(tuple(args.policy), (), bounded=True)
        sys.stdout.write(render_rules(rules(engine), args.format))
        return 0
    if args.command == "serve":
        return _serve(args)
    if args.command == "wheels":
        return _wheels(args)
    if args.command == "resident":
        from gate.resident.command import run as resident

        return resident(args)
    raise GateError(f"unknown command {args.command}")


def _images(args: argparse.Namespace) -> tuple[ImageInputs, ImageOptions]:
    from gate.runner import ImageInputs
    from gate.sources.images import ImageOptions, base_from_dockerfile

    inputs = ImageInputs(tuple(args.refs), tuple(args.archive), tuple(args.config_file))
    if not (inputs.refs or inputs.archives or inputs.config_files):
        raise GateError("gate image: name an image REF, --archive FILE or --config-file FILE")
    options = ImageOptions(
        source=args.source,
        platform=args.platform,
        insecure=tuple(args.insecure_registry),
        docker_host=args.docker_host,
        base=base_from_dockerfile(args.dockerfile) if args.dockerfile else None,
        registry_ca=args.registry_ca,
    )
    return inputs, options


def _push(args: argparse.Namespace) -> int:
    """Admission before push: judge the local image; only a passing image is pushed."""
    from gate import runner
    from gate.push import docker_push
    from gate.sources.images import ImageOptions, base_from_dockerfile

    policy, fmt = _policy_options(args)
    base = base_from_dockerfile(args.dockerfile) if args.dockerfile else None
    options = ImageOptions(source="engine", docker_host=args.docker_host, base=base)
    inputs = runner.ImageInputs(refs=(args.ref,))
    status = _render(runner.judge_images(inputs, options, policy), fmt)
    if status != 0:
        print(_error_line(f"{args.ref} not pushed"), file=sys.stderr)
        return status
    docker_push(args.ref, args.docker_host)
    return 0


# ---------------------------------------------------------------------------------------------
# gate wheels: would binary-only installs resolve (gate/wheels/)?


def _os_arch(text: str) -> str:
    from gate.wheels.target import parse_platform

    if parse_platform(text) is None:
        raise argparse.ArgumentTypeError(f"--platform wants OS/ARCH[/VARIANT], got {text!r}")
    return text


def _python_version(text: str) -> str:
    from gate.wheels.target import parse_python

    if parse_python(text) is None:
        raise argparse.ArgumentTypeError(f"--python-version wants X.Y, got {text!r}")
    return text


def _fix_parser(fix: argparse.ArgumentParser) -> None:
    from gate.fix.command import add_arguments

    add_arguments(fix)


def _wheels_parser(wh: argparse.ArgumentParser) -> None:
    wh.add_argument("paths", nargs="+", metavar="PATH", help="Dockerfiles")
    _build_options(wh)
    _wheel_check_options(wh)
    wh.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _wheel_check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--platform", metavar="OS/ARCH", type=_os_arch,
                        help="the image's platform, as docker build --platform (default: what "
                        "the Dockerfile says)")
    parser.add_argument("--python-version", metavar="X.Y", type=_python_version,
                        help="the image's Python version (default: what the Dockerfile says)")
    parser.add_argument("--index-url", metavar="URL", default=None,
                        help="simple index to resolve on (default: the public index)")
    parser.add_argument("--offline", action="store_true",
                        help="no network: answer from the cache or say it cannot check "
                        "(default: off)")
    parser.add_argument("--cache-dir", metavar="DIR",
                        help="default: $XDG_CACHE_HOME/gate/wheels")


def _wheels(args: argparse.Namespace) -> int:
    from gate import runner
    from gate.wheels.command import check_options, check_source, render_json, render_text

    options = check_options(args)
    reports = [
        check_source(runner.dockerfile_source(path, _dockerfile_options(args)), options)
        for path in args.paths
    ]
    render = render_json if args.format == "json" else render_text
    sys.stdout.write(render(reports))
    return 0 if all(r.all_safe for r in reports) else 1


# ---------------------------------------------------------------------------------------------
# gate serve: the admission webhook (gate/webhook/).


def _listen(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) < 65536:
        raise argparse.ArgumentTypeError(f"--listen wants HOST:PORT, got {text!r}")
    return host.strip("[]") or "0.0.0.0", int(port)


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    # NaN passes every check the limits make (each comparison with it is false): refused here.
    if math.isnan(value):
        raise argparse.ArgumentTypeError(f"want a number, got {text!r}")
    # inf (also 1e999) lifts a time limit altogether, and a CPU limit cannot be set from it.
    if math.isinf(value):
        raise argparse.ArgumentTypeError(f"want a finite number, got {text!r}")
    return value


def _positive(text: str) -> float:
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"want a number >= 0, got {text!r}")
    return value


def _timeout(text: str) -> float:
    # A timeout of 0 would fail every request at once: refused rather than read as a default.
    value = _number(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"want a timeout > 0 seconds, got {text!r}")
    return value


def _serve_parser(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--listen", type=_listen, default=("0.0.0.0", 8443), metavar="HOST:PORT",
                       help="address to serve HTTPS on (default: 0.0.0.0:8443)")
    serve.add_argument("--health-listen", type=_listen, metavar="HOST:PORT",
                       help="also serve /healthz, /readyz and /metrics here, plain HTTP, with a "
                       "connection cap of their own that review traffic cannot fill (default: "
                       "none; the chart's probes use it)")
    serve.add_argument("--tls-cert", required=True, metavar="FILE",
                       help="serving certificate (PEM), reloaded when it changes (required: no "
                       "default)")
    serve.add_argument("--tls-key", required=True, metavar="FILE",
                       help="the certificate's private key (PEM) (required: no default)")
    serve.add_argument("--tls-min-version", choices=("1.2", "1.3"), default="1.2",
                       help="oldest TLS version accepted")
    serve.add_argument("--client-ca", metavar="FILE",
                       help="answer reviews only for callers presenting a client certificate "
                       "this CA bundle (PEM) signed, such as the API server's or Gatekeeper's; "
                       "/healthz, /readyz and /metrics stay open (default: anyone)")
    serve.add_argument("--client-name", action="append", default=[], metavar="NAME",
                       help="with --client-ca: only a certificate whose subject CN or DNS "
                       "subjectAltName is NAME (repeatable; default: any the CA signed)")
    serve.add_argument("--mode", choices=("enforce", "audit"), default="enforce",
                       help="audit: admit non-compliant workloads with warnings")
    serve.add_argument("--registry-failure", choices=("closed", "open"), default="closed",
                       help="a registry that cannot be reached (transient): deny (closed) or "
                       "admit with a warning (open); lasting failures always deny")
    serve.add_argument("--policy", action="append", default=[], metavar="DIR",
                       help="extra policy directory")
    serve.add_argument("--data", action="append", default=[], metavar="FILE",
                       help="policy data (YAML or JSON)")
    serve.add_argument("--strict", action="store_true",
                       help="what gate cannot decide is denied, not warned")
    serve.add_argument("--opa-url", metavar="URL",
                       help="evaluate on this OPA server (default: the config's opa_url, else "
                       "the embedded engine)")
    serve.add_argument("--insecure-registry", action="append", default=[], metavar="HOST",
                       help="registry that may be reached over plain HTTP")
    serve.add_argument("--allow-private-registry", action="append", default=[], metavar="HOST",
                       help="registry host that may resolve to private addresses (10/8, "
                       "172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10); never loopback "
                       "or metadata")
    serve.add_argument("--allow-registry-host", action="append", default=[], metavar="HOST",
                       help="registry host that may resolve to any address, loopback included")
    serve.add_argument("--registry-ca", metavar="FILE", help="extra CA certificates (PEM)")
    serve.add_argument("--global-pull-secret", action="append", default=[], metavar="FILE",
                       help=".dockerconfigjson or .dockercfg used for every image")
    serve.add_argument("--kube-api", choices=("auto", "in-cluster", "none"), default="auto",
                       help="where pull secrets and service accounts are read")
    serve.add_argument("--cache-size", type=int, default=4096, metavar="N",
                       help="images whose configs are kept (verdicts: 4 x N)")
    serve.add_argument("--tag-ttl", type=_positive, default=60.0, metavar="SECONDS",
                       help="how long a tag's digest is remembered")
    serve.add_argument("--error-ttl", type=_positive, default=5.0, metavar="SECONDS",
                       help="how long a registry failure is remembered")
    serve.add_argument("--secret-ttl", type=_positive, default=30.0, metavar="SECONDS",
                       help="how long pull secrets read from the API server are remembered")
    serve.add_argument("--registry-timeout", type=_timeout, default=5.0, metavar="SECONDS",
                       help="deadline of one registry request")
    serve.add_argument("--default-timeout", type=_timeout, default=10.0, metavar="SECONDS",
                       help="deadline when the API server sends no ?timeout=")
    serve.add_argument("--max-body", type=int, default=4 * 1024 * 1024, metavar="BYTES",
                       help="largest AdmissionReview body read")
    serve.add_argument("--max-images", type=int, default=256, metavar="N",
                       help="distinct images one review may add (more: denied unjudged), and "
                       "images one Gatekeeper or Kyverno request may name")
    serve.add_argument("--drain-seconds", type=_positive, default=0.0, metavar="SECONDS",
                       help="on SIGTERM, keep serving this long before closing")
    # The webhook judges images, not the directory it runs in: a config there is the operator's.
    _config_options(serve, repository=False)
    serve.add_argument("--max-connections", type=int, default=256, metavar="N",
                       help="connections served at once; more are closed at once")
    serve.add_argument("--header-timeout", type=_positive, default=10.0, metavar="SECONDS",
                       help="TLS handshake, then a request's headers, must arrive within this")
    serve.add_argument("--body-timeout", type=_positive, default=10.0, metavar="SECONDS",
                       help="a request's body must arrive within this")
    serve.add_argument("--idle-timeout", type=_positive, default=30.0, metavar="SECONDS",
                       help="a kept-alive connection without a request is closed after this")
    serve.add_argument("--send-timeout", type=_timeout, default=10.0, metavar="SECONDS",
                       help="an answer must be read by the client within this")
    serve.add_argument("--min-body-rate", type=int, default=64 * 1024, metavar="BYTES",
                       help="bytes per second a request's body must average after the grace")
    serve.add_argument("--body-grace", type=_positive, default=2.0, metavar="SECONDS",
                       help="time a body may take before --min-body-rate applies")
    serve.add_argument("--prompt-within", type=_timeout, default=1.0, metavar="SECONDS",
                       help="at the connection cap, one that has kept the server waiting, or "
                       "sent a body, for longer than this is evicted first")
    serve.add_argument("--fresh-for", type=_positive, default=10.0, metavar="SECONDS",
                       help="at the connection cap, a connection older than this whose request "
                       "is not being judged is evicted before fresher ones")
    serve.add_argument("--judge-workers", type=int, default=0, metavar="N",
                       help="worker processes judging image histories (0: one per CPU, at most 4)")
    serve.add_argument("--judge-memory", type=int, default=256, metavar="MIB",
                       help="address space one judge worker may map beyond its loaded "
                       "libraries (RLIMIT_AS; default: 256)")
    serve.add_argument("--judge-cpu-seconds", type=_positive, default=10.0, metavar="SECONDS",
                       help="CPU time one image's judging may use")


def _serve(args: argparse.Namespace) -> int:
    from gate.webhook.service import run

    return run(webhook_config(args))


def webhook_config(args: argparse.Namespace) -> WebhookConfig:
    """`gate serve`'s settings: its flags over the operator's config file."""
    from pathlib import Path

    from gate.webhook.connections import ConnectionLimits
    from gate.webhook.judging import JudgeLimits
    from gate.webhook.server import ServerSettings
    from gate.webhook.service import WebhookConfig
    from gate.webhook.verdicts import CacheSettings

    if args.cache_size < 1:
        raise GateError("--cache-size must be at least 1")
    project = _config(args)
    if args.max_connections < 1 or args.judge_workers < 0 or args.judge_memory < 128:
        raise GateError(
            "--max-connections must be at least 1, --judge-workers at least 0 (one per CPU), "
            "--judge-memory at least 128 (MiB)"
        )
    if args.min_body_rate < 1 or args.max_images < 1:
        raise GateError("--min-body-rate (bytes per second) and --max-images must be at least 1")
    if args.client_name and not args.client_ca:
        raise GateError("--client-name needs --client-ca (the CA that signs those certificates)")
    host, port = args.listen
    config = WebhookConfig(
        tls_cert=Path(args.tls_cert),
        tls_key=Path(args.tls_key),
        client_ca=Path(args.client_ca) if args.client_ca else None,
        client_names=tuple(args.client_name),
        host=host,
        port=port,
        tls_min_version=args.tls_min_version,
        mode=args.mode,
        failure=args.registry_failure,
        policy_dirs=(*project.policy, *args.policy),
        data_files=(*project.data, *args.data),
        strict=args.strict or bool(project.strict),
        opa_url=args.opa_url or project.opa_url,
        insecure_registries=tuple(args.insecure_registry),
        allowed_hosts=tuple(args.allow_registry_host),
        private_registries=tuple(args.allow_private_registry),
        registry_ca=Path(args.registry_ca) if args.registry_ca else None,
        global_pull_secrets=tuple(Path(p) for p in args.global_pull_secret),
        kube_api=args.kube_api,
        caches=CacheSettings(
            configs=args.cache_size,
            verdicts=4 * args.cache_size,
            tags=args.cache_size,
            tag_ttl=args.tag_ttl,
            error_ttl=args.error_ttl,
        ),
        secret_ttl=args.secret_ttl,
        registry_timeout=args.registry_timeout,
        server=ServerSettings(
            host=host,
            port=port,
            mode=args.mode,
            failure=args.registry_failure,
            default_timeout=args.default_timeout,
            max_body=args.max_body,
            max_images=args.max_images,
            drain_seconds=args.drain_seconds,
            health_host=args.health_listen[0] if args.health_listen else "0.0.0.0",
            health_port=args.health_listen[1] if args.health_listen else None,
            connections=ConnectionLimits(
                max_connections=args.max_connections,
                header_timeout=args.header_timeout or 10.0,
                body_timeout=args.body_timeout or 10.0,
                idle_timeout=args.idle_timeout or 30.0,
                min_body_rate=args.min_body_rate,
                body_grace=args.body_grace,
                send_timeout=args.send_timeout,
                prompt_within=args.prompt_within,
                fresh_for=args.fresh_for,
            ),
        ),
        judge=JudgeLimits(
            workers=args.judge_workers,
            memory_bytes=args.judge_memory * 1024 * 1024,
            cpu_seconds=args.judge_cpu_seconds or 10.0,
        ),
    )
    return config


def _resident_parser(parser: argparse.ArgumentParser) -> None:
    from gate.resident.command import arguments

    arguments(parser)


_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "dockerfile": ("judge Dockerfiles", _dockerfile_parser),
    "image": ("judge images by their build history", _image_parser),
    "push": ("judge a local image, then docker push it if it passes", _push_parser),
    "facts": ("print the policy input document", _facts_parser),
    "policy": ("work with policies", _policy_parser),
    "rules": ("list the rules and their metadata", _rules_parser),
    "serve": ("run the Kubernetes admission webhook (HTTPS)", _serve_parser),
    "wheels": ("tell whether each install would build with only wheels", _wheels_parser),
    "fix": ("rewrite denied installs to their compliant form", _fix_parser),
    "resident": ("keep gate loaded in a background process: fast one-file calls",
                 _resident_parser),
}


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line parser. Given `argv`, only the named command's options are built:
    building every command's (about a hundred options) costs a one-file call more than judging
    the file. Without `argv`, every command is built."""
    parser = ArgumentParser(
        prog="gate",
        description="Find Python installs that can run third-party build scripts, "
        "in Dockerfiles and image histories, and judge them with Rego policies.",
    )
    parser.add_argument("--version", action="version", version=f"gate {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    wanted = None if argv is None else next((a for a in argv if not a.startswith("-")), "")
    for name, (summary, build) in _COMMANDS.items():
        command = sub.add_parser(name, help=summary)
        if wanted is None or name == wanted:
            build(command)
    _format_defaults(parser)
    return parser


def _format_defaults(parser: argparse.ArgumentParser) -> None:
    """Every parser of the tree formats its help with the options' defaults."""
    parser.formatter_class = _HelpFormatter
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _format_defaults(child)


# Parsers built ahead of the one call that takes them, by command: only the resident process's
# spare child fills it (gate/resident/spare.py). Parsing does not change a parser, and nothing of
# the environment is read when one is built (help is laid out when printed).
AHEAD: dict[str, argparse.ArgumentParser] = {}


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line as parsed (argparse exits with status 2 on a usage error)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    wanted = next((a for a in arguments if not a.startswith("-")), "")
    return (AHEAD.pop(wanted, None) or _parser(arguments)).parse_args(arguments)


# Written without allocating: reporting a MemoryError in Python would raise another.
_OUT_OF_MEMORY = b"gate: internal error: out of memory (the input was not judged)\n"


def out_of_memory() -> NoReturn:
    """Exit 2 at once, never 1 (denied) or a traceback, whatever memory is left."""
    try:
        os.write(2, _OUT_OF_MEMORY)
    finally:
        os._exit(2)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `gate` console script."""
    args = parse(argv)
    try:
        os.getcwd()
    except FileNotFoundError:
        # Files are named relative to it (gate/sources/file_name.py), config is found there:
        # every command failed later as "internal error: FileNotFoundError".
        print(_error_line("the working directory no longer exists; run gate from a folder "
                          "that does"), file=sys.stderr)  # fmt: skip
        return 2
    try:
        status = _run(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # `gate ... | head`: the reader left. Quietly, and never as a pass: 141 = 128 + SIGPIPE.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except GateError as error:
        print(_error_line(error), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gate: interrupted", file=sys.stderr)
        return 2
    except MemoryError:
        out_of_memory()
    except OSError as error:
        if error.filename is None or os.environ.get("GATE_DEBUG"):
            return _internal_error(error)
        # A path the checks before opening did not expect: Path.exists() raises for a name too
        # long for the system (ENAMETOOLONG). An input error, one line naming the file.
        name = str(error.filename)
        shown = name if len(name) <= 200 else name[:197] + "..."
        print(_error_line(f"{shown}: cannot read: {error.strerror or error}"), file=sys.stderr)
        return 2
    except Exception as error:
        if os.environ.get("GATE_DEBUG"):
            raise
        return _internal_error(error)


def _internal_error(error: Exception) -> int:
    # One line, as every error gate reports (an exception's text may span lines).
    why = " ".join(str(error).split())
    print(_error_line(f"internal error: {type(error).__name__}: {why}"), file=sys.stderr)
    return 2


def _error_line(message: object) -> str:
    from gate.report.common import error_line

    return error_line(message)


if __name__ == "__main__":
    sys.exit(main())
