"""The glue for each command: source → facts → policy → report. No decisions live here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gate.model import BuildCommands, BuildSource, FactsDocument, GateError, InputError, Report
from gate.suppressions import apply_suppressions

if TYPE_CHECKING:
    from gate.policy.bundle import PolicySource
    from gate.policy.engine import PolicyEngine
    from gate.sources.base_env import BaseEnvSource
    from gate.sources.images import ImageOptions


# From this many inputs on, a run spends a few ms at its start to build objects faster (see
# gate/frozen_init.py); fewer would not win it back.
MANY = 16


@dataclass(frozen=True)
class DockerfileOptions:
    build_args: Mapping[str, str] = field(default_factory=dict)
    target: str | None = None
    # The build context COPY reads from; None: the Dockerfile's own directory, as `docker build .`
    # beside it would use, unless no_context (then copied files are known to exist, not read).
    context: str | None = None
    no_context: bool = False
    # Where the base image's config Env is read (gate/sources/base_env.py): `auto` asks the local
    # engine only when one is there and never pulls; `registry` fetches; `none` reads nothing.
    base_env: BaseEnvSource = "auto"
    docker_host: str | None = None
    insecure_registries: tuple[str, ...] = ()
    registry_ca: str | None = None


@dataclass(frozen=True)
class PolicyOptions:
    policy_dirs: tuple[str | PolicySource, ...] = ()
    data_files: tuple[str | PolicySource, ...] = ()
    strict: bool = False
    opa_url: str | None = None  # evaluate on this OPA server instead of the embedded engine
    inline_ignores: bool = True  # honour `# gate: ignore=` comments (the operator may refuse)


def _context(path: str, options: DockerfileOptions) -> str | None:
    if options.no_context or (path == "-" and options.context is None):
        # A Dockerfile on stdin has no folder: like `docker build -`, no context unless given.
        return None
    if options.context is not None:
        return options.context
    return str(Path(path).parent)


def dockerfile_source(path: str, options: DockerfileOptions) -> BuildSource:
    """Read one Dockerfile into stages of steps."""
    from gate.sources.base_env import BaseEnvOptions, base_env_lookup
    from gate.sources.dockerfile import read_dockerfile

    lookup = base_env_lookup(
        BaseEnvOptions(
            source=options.base_env,
            docker_host=options.docker_host,
            insecure=options.insecure_registries,
            registry_ca=options.registry_ca,
        )
    )
    source: BuildSource = read_dockerfile(
        path,
        build_args=dict(options.build_args),
        target=options.target,
        context=_context(path, options),
        base_env=lookup,
    )
    return source


def commands_of(source: BuildSource) -> BuildCommands:
    """The shell layer's stage: each Run of the source as the commands it would execute."""
    from gate.shell.build_commands import build_commands

    commands: BuildCommands = build_commands(source)
    return commands


def facts_of(source: BuildSource) -> FactsDocument:
    """The policy input document for a source: instructions → commands → facts."""
    from gate.facts.walker import extract_facts
    from gate.shell.walk import analyse, build_pool

    with build_pool():  # the build's RUN steps share one bound as well as each its own
        doc: FactsDocument = extract_facts(commands_of(source), analyse=analyse)
    return doc


def facts_document_json(source: BuildSource) -> dict[str, Any]:
    from gate.facts.document import facts_json

    return facts_json(facts_of(source))


def load_policy(options: PolicyOptions) -> PolicyEngine:
    """The policy engine: built-in policies plus the user's, with the user's data."""
    from gate.policy.judge import load_engine

    return load_engine(options.policy_dirs, options.data_files, options.opa_url, bounded=True)


def judge(source: BuildSource, engine: PolicyEngine, options: PolicyOptions) -> Report:
    """Judge one source: its facts go through the policy; findings come back as a Report."""
    from gate.policy.judge import judge as judge_facts
    from gate.policy.judge import rules

    doc = facts_of(source)
    findings = judge_facts(doc, engine, strict=options.strict)
    sources: dict[str, str] = {}
    if source.text is not None:
        sources[source.target.path] = source.text
    infos = rules(engine)
    if options.inline_ignores:
        # Only policy rules may be named: gate's own internal-error denial is never suppressed.
        known = {info.id for info in engine.bundle.rules.values()}
        findings = apply_suppressions(findings, sources, known)
    provenance = replace(engine.bundle.provenance, inline_ignores=options.inline_ignores)
    return Report(
        source.target, findings, infos, sources, provenance, base_images=source.base_images
    )


@dataclass(frozen=True)
class Outcome:
    """Reports for the inputs gate could read, and one error line for each it could not."""

    reports: tuple[Report, ...]
    errors: tuple[GateError, ...]


def judge_dockerfiles(
    paths: Sequence[str], dockerfile: DockerfileOptions, policy: PolicyOptions
) -> Outcome:
    """Judge every Dockerfile; a broken one is reported and does not stop the others."""
    from gate.sources.build_context import shared_listings

    engine = load_policy(policy)
    thresholds: tuple[int, int, int] | None = None
    if len(paths) >= MANY:
        import gc

        from gate.frozen_init import speed_up

        speed_up()
        # What is loaded by now (modules, the policy engine) lives as long as the run: out of
        # the collector's sight, each full collection no longer walks it again (the resident
        # server does the same). Collected first, so that no garbage is kept for good.
        gc.collect()
        gc.freeze()
        # Judging makes and drops thousands of small containers per file, nearly all freed by
        # their counts: at the default 700 the young generation crossed its threshold ~290
        # times over the 261 realworld files (~40 ms, 1.5-2% of the run), at 10,000 five
        # times (peak RSS the same, 72 MB). Cycles are still collected, ~10,000 objects later.
        thresholds = gc.get_threshold()
        gc.set_threshold(_MANY_GC_THRESHOLD, *thresholds[1:])
    reports: list[Report] = []
    errors: list[GateError] = []
    try:
        with shared_listings():
            for path in paths:
                try:
                    reports.append(judge(dockerfile_source(path, dockerfile), engine, policy))
                except InputError as error:
                    errors.append(error)
    finally:
        if thresholds is not None:
            import gc

            gc.set_threshold(*thresholds)
    return Outcome(tuple(reports), tuple(errors))


_MANY_GC_THRESHOLD = 10_000


@dataclass(frozen=True)
class ImageInputs:
    """What `gate image` was asked to judge: references, archives and bare config files."""

    refs: tuple[str, ...] = ()
    archives: tuple[str, ...] = ()
    config_files: tuple[str, ...] = ()


def image_sources(
    inputs: ImageInputs, options: ImageOptions
) -> tuple[list[BuildSource], list[GateError]]:
    """Every image the inputs name, as BuildSources; one error for each input that failed."""
    from gate.sources.archive import read_archive
    from gate.sources.config_file import read_config_file
    from gate.sources.images import build_sources, image_configs, saved_for_platform

    sources: list[BuildSource] = []
    errors: list[GateError] = []
    for ref in inputs.refs:
        try:
            sources += build_sources(image_configs(ref, options), "image", ref)
        except GateError as error:
            errors.append(error)
    for path in inputs.archives:
        try:
            configs = saved_for_platform(path, read_archive(path), options.platform)
            sources += build_sources(configs, "archive", path)
        except GateError as error:
            errors.append(error)
    for path in inputs.config_files:
        try:
            configs = saved_for_platform(path, [read_config_file(path)], options.platform)
            sources += build_sources(configs, "config")
        except GateError as error:
            errors.append(error)
    return sources, errors


def judge_images(inputs: ImageInputs, options: ImageOptions, policy: PolicyOptions) -> Outcome:
    """Judge every image; one that cannot be read is reported and does not stop the others."""
    engine = load_policy(policy)
    sources, errors = image_sources(inputs, options)
    reports = [judge(source, engine, policy) for source in sources]
    return Outcome(tuple(reports), tuple(errors))
