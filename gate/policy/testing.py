"""`gate policy test`: run every `test_*` rule of `*_test.rego` files, with coverage.

With no directory the built-in policies are tested, examples included. For user directories
only their tests run, against the user's modules plus the built-in (non-example, non-test) ones,
so team rules can import data.gate.lib and be tested beside the rules they join.
Each test is its own query: a test that errors fails alone; a module that does not compile stops
the run with a PolicyError (exit 2), and so does a user's test past its CPU-time or memory limit.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gate.policy.bundle import PolicyModule, load_modules
from gate.policy.engine import compile_modules
from gate.policy.errors import from_regorus

if TYPE_CHECKING:
    from gate.policy.bounded import ChildSide, DecisionLimits


@dataclass(frozen=True)
class TestResult:
    package: str
    name: str
    path: str
    line: int
    passed: bool
    error: str | None = None


@dataclass(frozen=True)
class FileCoverage:
    path: str
    covered: int
    not_covered: int

    @property
    def percent(self) -> float:
        total = self.covered + self.not_covered
        return 100.0 * self.covered / total if total else 100.0


@dataclass(frozen=True)
class PolicyTestReport:
    results: tuple[TestResult, ...]
    coverage: tuple[FileCoverage, ...] = ()

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)


def _tests(module: PolicyModule) -> list[tuple[str, int]]:
    """The module's `test_*` rules and their lines, as regorus parsed them.

    A line pattern missed every test it did not expect (an indented `test_x if …`, one written
    `test_x contains …`), and a missed test is one that silently does not run.
    """
    import regorus

    parser = regorus.Engine()
    try:
        parser.add_policy(module.path, module.text)
        parsed = json.loads(parser.get_ast_as_json())
    except Exception as error:
        raise from_regorus(error, module.path) from None
    seen: dict[str, int] = {}
    for item in parsed:
        for rule in item.get("ast", {}).get("rules", ()):
            found = _rule_name(rule)
            if found is not None and found[0].startswith("test_"):
                seen.setdefault(*found)
    return sorted(seen.items(), key=lambda test: test[1])


def _rule_name(rule: Any) -> tuple[str, int] | None:
    """The document a rule defines (`test_x` of `test_x.y contains …`) and its line; None for a
    function (a test takes no arguments)."""
    if not isinstance(rule, dict) or len(rule) != 1:
        return None
    (body,) = rule.values()
    head = body.get("head") if "head" in body else {"Default": body}
    if not isinstance(head, dict) or len(head) != 1 or "Func" in head:
        return None
    (shape,) = head.values()
    ref = shape.get("refr") if isinstance(shape, dict) else None
    while isinstance(ref, dict) and len(ref) == 1:
        ((kind, node),) = ref.items()
        if kind == "Var":
            return str(node.get("value")), int(node.get("span", {}).get("line", 0))
        ref = node.get("refr") if isinstance(node, dict) else None
    return None


def _coverage(engine: Any, test_paths: set[str]) -> tuple[FileCoverage, ...]:
    try:
        report = json.loads(engine.get_coverage_report_as_json())
    except Exception:  # coverage is a report extra; its absence does not fail tests
        return ()
    files: list[FileCoverage] = []
    for item in report.get("files", ()):
        path = str(item.get("path"))
        if path in test_paths:
            continue
        files.append(
            FileCoverage(path, len(item.get("covered", ())), len(item.get("not_covered", ())))
        )
    return tuple(sorted(files, key=lambda f: f.path))


def run_policy_tests(dirs: Sequence[str], limits: DecisionLimits | None = None) -> PolicyTestReport:
    """Run the Rego unit tests of `dirs` (default: the built-in policies, examples included).

    A user's tests run in a child within limits (gate/policy/bounded.py), each test with its own
    CPU-time budget: a test that loops or grows ends the run with one line naming it (exit 2).
    """
    if not dirs:
        return _run_tests(dirs, None)
    from gate.policy.bounded import Child, DecisionLimits

    body = partial(_tests_in_child, tuple(dirs))
    child = Child(body, dirs[0], limits or DecisionLimits(), "the tests", "no test result given")
    try:
        while True:
            message = child.message()
            if "started" not in message:
                return _report(child.unwrap(message))
            name, child.where, child.line = message["started"]
            child.what = f"test {name}"
    finally:
        child.close()


def _tests_in_child(dirs: tuple[str, ...], side: ChildSide) -> None:
    side.answer(lambda: asdict(_run_tests(dirs, side)))


def _report(value: dict[str, Any]) -> PolicyTestReport:
    return PolicyTestReport(
        tuple(TestResult(**r) for r in value["results"]),
        tuple(FileCoverage(**c) for c in value["coverage"]),
    )


def _run_tests(dirs: Sequence[str], side: ChildSide | None) -> PolicyTestReport:
    """The tests run here; `side`: in a bounded child, which is told each test as it starts."""
    if dirs:
        modules = load_modules(dirs, tests=True, builtin_tests=False)
    else:
        modules = load_modules((), tests=True, examples=True)
    engine = compile_modules(modules)
    with contextlib.suppress(Exception):  # coverage is a report extra, not a requirement
        engine.set_enable_coverage(True)
    results: list[TestResult] = []
    test_paths: set[str] = set()
    for module in modules:
        if not Path(module.path).name.endswith("_test.rego"):
            continue
        test_paths.add(module.path)
        for name, line in _tests(module):
            rule = f"data.{module.package}.{name}"
            if side is not None:
                side.send({"started": [f"{module.package}.{name}", module.path, line]})
                side.budget()
            try:
                engine.set_input_json("{}")
                value = engine.eval_rule(rule)
            except Exception as error:
                problem = from_regorus(error, module.path)
                results.append(
                    TestResult(module.package, name, module.path, line, False, str(problem))
                )
                continue
            results.append(TestResult(module.package, name, module.path, line, value is True))
    return PolicyTestReport(tuple(results), _coverage(engine, test_paths))


def format_policy_test_report(report: PolicyTestReport) -> str:
    """PASS/FAIL per test, then coverage per policy file and a summary line."""
    lines: list[str] = []
    for result in report.results:
        status = "PASS" if result.passed else "FAIL"
        where = f"{result.path}:{result.line}"
        lines.append(f"{status}  {result.package}.{result.name}  ({where})")
        if result.error:
            lines.append(f"      error: {result.error}")
    if report.coverage:
        lines.append("")
        lines.append("coverage:")
        for item in report.coverage:
            lines.append(f"  {item.percent:5.1f}%  {item.path}")
    passed = sum(1 for r in report.results if r.passed)
    failed = len(report.results) - passed
    if not report.results:
        lines.append("no tests found")
    lines.append(f"{passed} passed, {failed} failed")
    return "\n".join(lines)
