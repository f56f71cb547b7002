"""The policy engine protocol and the embedded engine (regorus, Rego v1, no server).

An engine is built once per process from a Bundle and then evaluates the decision document
`data.gate.rules` for one input per call (one query for every rule; ~tens of µs in regorus).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Protocol

from gate.policy.bundle import Bundle, PolicyModule
from gate.policy.errors import PolicyError, from_regorus
from gate.policy.package import declaration

# The one query: every rule package's deny and warn sets.
DECISION = "data.gate.rules"
# A code point in the surrogate range is always a lone surrogate in a Python str.
_SURROGATE = re.compile("[\ud800-\udfff]")


def input_text(text: str) -> str:
    """JSON text (ensure_ascii off) as an engine accepts it. Text from an image config can hold
    lone surrogates (JSON escapes of nothing, undecodable bytes); regorus and OPA refuse them,
    so they become U+FFFD here: the facts are judged, not the engine's parser."""
    if text.isascii():
        # No surrogate then (CPython keeps the flag: no scan), as in most facts texts, which the
        # pattern's search otherwise reads whole for every file.
        return text
    return _SURROGATE.sub("\ufffd", text)


class PolicyEngine(Protocol):
    """Evaluates the gate decision for facts documents."""

    @property
    def bundle(self) -> Bundle:
        """The modules and data the engine was built from."""
        ...

    @property
    def modules(self) -> tuple[PolicyModule, ...]:
        """The loaded policy files, built-in ones first."""
        ...

    @property
    def policy_hash(self) -> str:
        """Same policies and data, same hash: the key for caching decisions."""
        ...

    def evaluate(self, input_doc: Mapping[str, Any]) -> Mapping[str, Any]:
        """The decision document: rule package name → its evaluated document (deny, warn, …)."""
        ...

    def evaluate_text(self, text: str) -> Mapping[str, Any]:
        """`evaluate` of the input given as JSON text (ensure_ascii off)."""
        ...


def compile_modules(
    modules: tuple[PolicyModule, ...], data: Mapping[str, Any] | None = None
) -> Any:
    """A regorus Engine holding the modules (and data); a parse error names file and line."""
    import regorus

    engine = regorus.Engine()
    for module in modules:
        try:
            read_as = engine.add_policy(module.path, module.text)
        except Exception as error:  # regorus raises RuntimeError with the location in the text
            raise from_regorus(error, module.path) from None
        _same_package(module, read_as)
    if data:
        try:
            engine.add_data_json(json.dumps(data))
        except Exception as error:
            raise PolicyError(f"data does not load: {from_regorus(error).message}") from None
    return engine


def _same_package(module: PolicyModule, read_as: object) -> None:
    """Fail when regorus puts a module in another package than gate took it for: which
    built-in package a module joins is what keeps an untrusted one from extending gate's."""
    declared = declaration(module.text, module.path)
    if declared is None or declared.spelling != read_as:
        line = declared.line if declared is not None else None
        raise PolicyError(
            f"regorus reads the package as {read_as}, gate as "
            f"{declared.spelling if declared is not None else 'none'}",
            module.path,
            line,
        )


def _entry_points(bundle: Bundle) -> list[str]:
    from gate.policy.metadata import RULES_PREFIX, decision_lines

    points: set[str] = set()
    for module in bundle.modules:
        if module.package.startswith(RULES_PREFIX):
            points.update(f"data.{module.package}.{kind}" for kind in decision_lines(module.text))
        elif module.package.startswith("gate.exemptions.") and "exception contains" in module.text:
            points.add(f"data.{module.package}.exception")
    return sorted(points)


def check_functions(bundle: Bundle) -> None:
    """Fail at load on a call to a function that does not exist.

    The interpreter resolves calls only when it reaches them, so a typo in a rarely taken branch
    would otherwise surface on some later file. regorus's RVM compiler resolves every call; only
    that class of its errors is used, since it does not support every construct the interpreter
    does.
    """
    import regorus

    points = _entry_points(bundle)
    if not points:
        return
    try:
        regorus.Program.compile_from_modules(
            "{}", [(m.path, m.text) for m in bundle.modules], points
        )
    except Exception as error:
        if "Unknown function" in str(error) or "could not find function" in str(error):
            raise from_regorus(error) from None


# Builtins regorus knows but answers without doing what OPA does: http.send is undefined (no
# network), opa.runtime() has no `env` or `config`. A rule built on either never fires in the
# embedded engine, silently: `deny … if http.send(…).body.banned` denies nothing.
# (Not a field of that name: `input.opa.runtime`.)
_NO_ANSWER = re.compile(r"(?<![\w.])(http\.send|opa\.runtime)\b")
# Strings and comments, where the names are only text.
_TEXT = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|#[^\n]*')


def check_builtins(bundle: Bundle) -> None:
    """Fail on a user rule module calling a builtin the embedded engine does not answer."""
    for module in bundle.modules:
        if module.builtin or module.path.endswith("_test.rego"):
            continue
        code = _TEXT.sub(lambda m: " " * len(m.group()), module.text)
        found = _NO_ANSWER.search(code)
        if found is not None:
            raise PolicyError(
                f"{found.group(1)} has no answer in the embedded engine (regorus), so a rule "
                "built on it would silently never fire; evaluate on OPA (--opa-url)",
                module.path,
                code.count("\n", 0, found.start()) + 1,
            )


def _first_module(bundle: Bundle) -> str | None:
    return bundle.modules[0].path if bundle.modules else None


class BundleEngine:
    """What every engine answers from the bundle it was built from."""

    def __init__(self, bundle: Bundle) -> None:
        self._bundle = bundle
        self._hash: str | None = None

    @property
    def bundle(self) -> Bundle:
        return self._bundle

    @property
    def modules(self) -> tuple[PolicyModule, ...]:
        return self._bundle.modules

    @property
    def policy_hash(self) -> str:
        # Hashing reads every module and the data: once per engine, not once per decision.
        if self._hash is None:
            self._hash = self._bundle.policy_hash
        return self._hash


class EmbeddedEngine(BundleEngine):
    """regorus in-process. Not thread-safe: give each thread its own (see `clone`)."""

    def __init__(self, bundle: Bundle, *, _engine: Any = None) -> None:
        super().__init__(bundle)
        if _engine is None:
            check_builtins(bundle)
        self._engine = (
            _engine if _engine is not None else compile_modules(bundle.modules, bundle.data)
        )
        if _engine is None and not bundle.verified:
            check_functions(bundle)
            # regorus resolves references lazily: evaluate once with an empty input so that an
            # unknown function or a conflict fails now, at load, and not on the first file.
            self.evaluate(
                {"version": 1, "target": {}, "installs": [], "opaque": [], "unjudgeable": []}
            )

    def clone(self) -> EmbeddedEngine:
        """A copy sharing nothing mutable with this engine (for another thread)."""
        copy = EmbeddedEngine(self._bundle, _engine=self._engine.clone())
        copy._hash = self._hash
        return copy

    def evaluate(self, input_doc: Mapping[str, Any]) -> Mapping[str, Any]:
        return self.evaluate_text(json.dumps(input_doc, ensure_ascii=False))

    def evaluate_text(self, text: str) -> Mapping[str, Any]:
        try:
            self._engine.set_input_json(input_text(text))
        except Exception as error:
            # The input's fault, not a policy file's: name no policy file.
            reason = from_regorus(error).message
            raise PolicyError(f"the facts document is not valid policy input: {reason}") from None
        try:
            raw = self._engine.eval_query_as_json(DECISION)
        except Exception as error:
            raise from_regorus(error, _first_module(self._bundle)) from None
        rows = json.loads(raw).get("result") or []
        if not rows or not rows[0].get("expressions"):
            raise PolicyError(f"the decision {DECISION} is undefined (no rule package loaded?)")
        value = rows[0]["expressions"][0].get("value")
        if not isinstance(value, dict):
            raise PolicyError(f"the decision {DECISION} is not an object of rule packages")
        return value
