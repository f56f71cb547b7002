"""`--jobs N`: judge many Dockerfiles or images in N worker processes, reports in input order.

Judging is CPU-bound Python (the shell walker and expansion), so threads would share one core;
processes use them all. Each worker loads the policy engine once (the policy cache makes that
cheap) and judges whole inputs; results come back in the order the inputs were given, so the
output of `--jobs 4` is the output of `--jobs 1`. Errors keep their kind across the process
boundary: an unreadable input is reported and does not stop the others, any other gate error
(a broken policy) fails the run, as it does in one process.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from gate.model import GateError, InputError, Report

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from gate.policy.engine import PolicyEngine
    from gate.runner import DockerfileOptions, ImageInputs, Outcome, PolicyOptions
    from gate.sources.images import ImageOptions


@dataclass(frozen=True)
class Failure:
    """A GateError as data: exceptions with extra fields do not survive pickling intact."""

    message: str
    path: str | None
    line: int | None
    input_error: bool  # an input that could not be read (the run goes on), else fatal

    @classmethod
    def of(cls, error: GateError) -> Failure:
        return cls(error.message, error.path, error.line, isinstance(error, InputError))

    def error(self) -> GateError:
        kind = InputError if self.input_error else GateError
        return kind(self.message, self.path, self.line)


Result = Report | Failure

# One per worker process, built by _start.
_engine: PolicyEngine | None = None
_policy: PolicyOptions | None = None


def _start(policy: PolicyOptions) -> None:
    """Load the engine, unless this process was forked from one that had (the parent loads it
    first, so forked workers start with it)."""
    from gate.runner import load_policy

    global _engine, _policy
    if _engine is None or _policy != policy:
        _engine, _policy = load_policy(policy), policy


def _start_worker(policy: PolicyOptions) -> None:
    """A worker judges inputs of this one run and ends: it lists each context folder once."""
    from gate.sources.build_context import keep_listings

    _start(policy)
    keep_listings()


def _judge_dockerfile(item: tuple[str, DockerfileOptions]) -> list[Result]:
    from gate.runner import dockerfile_source, judge

    assert _engine is not None and _policy is not None
    path, options = item
    try:
        return [judge(dockerfile_source(path, options), _engine, _policy)]
    except GateError as error:
        return [Failure.of(error)]


def _judge_image_input(item: tuple[ImageInputs, ImageOptions]) -> list[Result]:
    from gate.runner import image_sources, judge

    assert _engine is not None and _policy is not None
    inputs, options = item
    results: list[Result] = []
    try:
        sources, errors = image_sources(inputs, options)
        results.extend(Failure.of(error) for error in errors)
        results.extend(judge(source, _engine, _policy) for source in sources)
    except GateError as error:
        results.append(Failure.of(error))
    return results


T = TypeVar("T")
CHUNK = 8  # inputs per chunk at most: small enough that the processes finish together


def _warm(work: Callable[[T], list[Result]]) -> None:
    """Import what judging needs before the workers fork, so that they start warm: this process
    judges too, and needs it anyway. A library that starts threads when loaded (BuildKit's Go
    parser) stands in as a module that loads it on first use, after the fork (as the resident
    process does)."""
    import importlib

    from gate.resident.preload import DEFERRED, DeferredModule

    for name in DEFERRED:  # first: the modules below import it
        sys.modules.setdefault(name, DeferredModule(name))
    from gate.facts.walker import EXTRACTOR_MODULES
    from gate.frozen_init import speed_up
    from gate.shell.posix import _parser

    # The Windows dialects and find's evaluator are imported where a step first uses them
    # (one-file runs rarely do): the workers still start with them.
    modules = ["gate.shell.build_commands", "gate.shell.walk", "gate.facts.document",
               "gate.shell.cmd", "gate.shell.powershell", "gate.facts.find_expr",
               *sorted(set(EXTRACTOR_MODULES.values()))]  # fmt: skip
    if work is _judge_dockerfile:
        modules.append("gate.sources.dockerfile")
    for module in modules:
        importlib.import_module(module)
    _parser()  # the tree-sitter-bash parser, built on first use
    speed_up()  # a run with workers has many inputs (gate/frozen_init.py)


def _start_method() -> BaseContext:
    """Fork (workers start warm, with the engine loaded) only from a single-threaded process: a
    thread holding a lock at the fork (a Go runtime thread of a loaded parser, a program that
    embeds gate) leaves the child waiting on it forever. Otherwise start workers afresh."""
    import multiprocessing

    from gate.resident.preload import threads

    try:
        single = threads() == 1
    except OSError:
        single = False  # no /proc (not Linux): start workers afresh
    if single:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _each(work: Callable[[T], list[Result]], chunk: Sequence[T]) -> list[Result]:
    return [result for item in chunk for result in work(item)]


def _run(
    work: Callable[[T], list[Result]], items: Sequence[T], policy: PolicyOptions, jobs: int
) -> Outcome:
    """`jobs` processes judge `items`: this one and jobs - 1 workers. Items go out in small
    chunks, in order; this process takes chunks from the end for as long as no worker has
    taken them, so no process waits while another still has work, and the warm-up of one
    process (imports, parsers) overlaps the others'."""
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only for jobs > 1

    from gate.runner import Outcome
    from gate.sources.build_context import shared_listings

    _start(policy)  # a broken policy fails here, once, before any worker starts
    _warm(work)
    processes = min(jobs, len(items))
    size = max(1, min(CHUNK, len(items) // (processes * 8)))
    chunks = [items[k : k + size] for k in range(0, len(items), size)]
    here: dict[int, list[Result]] = {}
    pool_of = ProcessPoolExecutor(
        processes - 1, mp_context=_start_method(), initializer=_start_worker, initargs=(policy,)
    )
    with pool_of as pool:
        # The workers start (fork) at the first submit, before this process loads a parser
        # that starts threads.
        futures = [pool.submit(_each, work, chunk) for chunk in chunks]
        with shared_listings():
            for k in reversed(range(len(chunks))):
                if not futures[k].cancel():
                    break  # a worker has it, and every chunk before it
                here[k] = _each(work, chunks[k])
        results = [
            result
            for k, future in enumerate(futures)
            for result in (here[k] if k in here else future.result())
        ]
    reports: list[Report] = []
    errors: list[GateError] = []
    for result in results:
        if isinstance(result, Report):
            reports.append(result)
        elif result.input_error:
            errors.append(result.error())
        else:
            raise result.error()
    return Outcome(tuple(reports), tuple(errors))


def judge_dockerfiles(
    paths: Sequence[str], dockerfile: DockerfileOptions, policy: PolicyOptions, jobs: int = 1
) -> Outcome:
    """runner.judge_dockerfiles over `jobs` processes (one process: exactly that function)."""
    from gate import runner

    if jobs <= 1 or len(paths) <= 1:
        return runner.judge_dockerfiles(paths, dockerfile, policy)
    return _run(_judge_dockerfile, [(path, dockerfile) for path in paths], policy, jobs)


def judge_images(
    inputs: ImageInputs, options: ImageOptions, policy: PolicyOptions, jobs: int = 1
) -> Outcome:
    """runner.judge_images over `jobs` processes, one input (reference, archive, config) each."""
    from gate import runner

    singles = [
        *(runner.ImageInputs(refs=(ref,)) for ref in inputs.refs),
        *(runner.ImageInputs(archives=(path,)) for path in inputs.archives),
        *(runner.ImageInputs(config_files=(path,)) for path in inputs.config_files),
    ]
    if jobs <= 1 or len(singles) <= 1:
        return runner.judge_images(inputs, options, policy)
    return _run(_judge_image_input, [(single, options) for single in singles], policy, jobs)
