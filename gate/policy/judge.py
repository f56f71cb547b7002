"""Facts in, findings out: evaluate the decision and turn each rule's objects into Findings.

Decision contract (policies/README.md): each `package gate.rules.<name>` contributes
`deny contains f` / `warn contains f`, f = {"install": id|null, "location": {...} (required when
install is null), "message": str, "fix": str|null, "verdict": "builds"|"unknown",
"exception"?: {"reason": str, "source": str}}. Every loaded rule package must be in the
decision with the sets it declares: one left out is an error, never "no findings".

An internal error of the gate (`Opaque.internal`: the shell layer failed on a text) is a denial
under the rule `gate-internal-error` whatever the policies say: a bug never lowers a verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from gate.fast_replace import replace
from gate.model import FactsDocument, Finding, Install, Location, RuleInfo, Severity, Span, Verdict
from gate.policy.bundle import PolicySource, load_bundle
from gate.policy.engine import EmbeddedEngine, PolicyEngine
from gate.policy.errors import PolicyError
from gate.policy.metadata import INTERNAL_RULE_ID, RULES_PREFIX, decision_lines
from gate.schema import SchemaProblem, check, load_schema

DECISION_SCHEMA = Path(__file__).with_name("decision.schema.json")

INTERNAL_RULE = RuleInfo(
    id=INTERNAL_RULE_ID,
    title="gate failed on this instruction",
    severity="deny",
    description="The gate itself failed while reading this instruction, so no rule could judge "
    "it. It is denied until the gate is fixed: an internal error never lowers a verdict.",
    fix="report the instruction to gate's maintainers; rewrite it meanwhile",
)


# The built-in policies' engine, loaded ahead of the one call that takes it: only the resident
# process's spare child fills it (gate/resident/spare.py), after the installation's stamp covers
# the bundled policy files; empty in every other process.
BUILT_IN_AHEAD: list[PolicyEngine] = []


def load_engine(
    policy_dirs: Sequence[str | PolicySource],
    data_files: Sequence[str | PolicySource],
    opa_url: str | None = None,
    *,
    bounded: bool = False,
) -> PolicyEngine:
    """Built-in policies plus `policy_dirs`, with `data_files`; embedded unless `opa_url` is set.

    Load once per process: compiling is the expensive part, evaluation is cheap. `bounded`: when
    user policies or data are loaded, they load and decide in children within limits
    (gate/policy/bounded.py), for callers with nothing else bounding them (the CLI).
    """
    if BUILT_IN_AHEAD and not policy_dirs and not data_files and not opa_url:
        return BUILT_IN_AHEAD.pop()
    if opa_url:
        from gate.policy.opa import refuse_untrusted

        refuse_untrusted((*policy_dirs, *data_files), opa_url)
    bundle = load_bundle(policy_dirs, data_files)
    if opa_url:
        from gate.policy.opa import OpaEngine

        sources = (*bundle.provenance.sources, f"evaluated on OPA at {opa_url}")
        provenance = replace(bundle.provenance, sources=sources)
        return OpaEngine(replace(bundle, provenance=provenance), opa_url)
    engine: PolicyEngine
    if bounded and (data_files or any(not module.builtin for module in bundle.modules)):
        from gate.policy.bounded import BoundedEngine

        only = data_files[0] if len(data_files) == 1 else None
        where = only.path if isinstance(only, PolicySource) else only
        engine = BoundedEngine(bundle, where=where)
    else:
        engine = EmbeddedEngine(bundle)
    if not bundle.verified:
        from gate.policy.cache import store_rules

        store_rules(bundle.policy_hash, bundle.rules)
    return engine


def rules(engine: PolicyEngine) -> tuple[RuleInfo, ...]:
    """Metadata of every loaded rule and gate's own internal-error rule, sorted by id."""
    return tuple(sorted((*engine.bundle.rules.values(), INTERNAL_RULE), key=lambda r: r.id))


def _where(engine: PolicyEngine, package: str, kind: str) -> tuple[str | None, int | None]:
    """The file and line of a package's deny/warn rule, for messages about what it returned."""
    for module in engine.modules:
        if module.package == RULES_PREFIX + package:
            line = decision_lines(module.text).get(kind)
            if line is not None:
                return module.path, line
    return None, None


def _short(raw: Any) -> str:
    text = repr(raw)
    return text if len(text) <= 120 else text[:119] + "…"


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _location(raw: Any) -> Location | None:
    """A location object a rule returned (JSON numbers may arrive as floats)."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("path"), str):
        return None
    return Location(
        path=raw["path"],
        line=_int_or_none(raw.get("line")),
        end_line=_int_or_none(raw.get("end_line")),
        stage=_str_or_none(raw.get("stage")),
        history_index=_int_or_none(raw.get("history_index")),
        created_by=_str_or_none(raw.get("created_by")),
        command=_span(raw.get("command")),
    )


def _span(raw: Any) -> Span | None:
    """A command's place a rule passed on from an install's location."""
    if not isinstance(raw, Mapping):
        return None
    parts = [_int_or_none(raw.get(key)) for key in ("line", "column", "end_line", "end_column")]
    if any(part is None for part in parts):
        return None
    line, column, end_line, end_column = (int(part or 0) for part in parts)
    return Span(line, column, end_line, end_column)


def _finding(
    raw: Any,
    info: RuleInfo,
    severity: Severity,
    installs: Mapping[int, Install],
    where: Callable[[], tuple[str | None, int | None]],
    *,
    strict: bool,
) -> Finding:
    def bad(problem: str) -> PolicyError:
        return PolicyError(f"{info.id}: {severity} {problem}", *where())

    try:
        check(raw, load_schema(DECISION_SCHEMA), "element")
    except SchemaProblem as problem:
        raise bad(f"{problem} (got {_short(raw)})") from None
    message: str = raw["message"]
    install: Install | None = None
    install_id = raw.get("install")
    if install_id is not None:
        if install_id not in installs:
            raise bad(f"element names install {install_id!r}, which the facts do not have")
        install = installs[install_id]
        location = install.location
    else:
        located = _location(raw.get("location"))
        if located is None:
            raise bad("element has neither an install nor a location with a path")
        location = located
    verdict: Verdict = "unknown" if raw.get("verdict") == "unknown" else "builds"
    fix = raw.get("fix", install.fix if install else None)
    exception = raw.get("exception")
    suppressed: str | None = None
    if exception is not None:
        # Where the exception is written, so a reader sees who waived the finding.
        source = exception.get("source")
        suppressed = exception["reason"]
        if isinstance(source, str) and source.strip():
            suppressed = f"{suppressed} (exception: {source})"
    if strict and severity == "warn" and verdict == "unknown":
        severity = "deny"
    return Finding(
        rule=info.id,
        severity=severity,
        verdict=verdict,
        message=message,
        fix=fix,
        location=location,
        install=install,
        suppressed=suppressed,
    )


def _sort_key(finding: Finding) -> tuple[str, int, int, str, str]:
    loc = finding.location
    return (
        loc.path,
        loc.line if loc.line is not None else -1,
        loc.history_index if loc.history_index is not None else -1,
        finding.message,
        finding.rule,
    )


def judge(doc: FactsDocument, engine: PolicyEngine, *, strict: bool) -> tuple[Finding, ...]:
    """The findings of every rule for one facts document, sorted by location then message.

    `strict`: a warning the gate could not decide (verdict unknown) becomes a denial.
    """
    from gate.facts.document import facts_text

    decision = engine.evaluate_text(facts_text(doc))
    installs = {install.id: install for install in doc.installs}
    findings: list[Finding] = []
    infos = engine.bundle.rules
    for package, info in infos.items():
        document = decision.get(package)
        if document is None:
            # OPA and regorus both give a declared set that is empty as []: a package missing
            # from the decision was not evaluated (a stale or partial upload), not compliant.
            raise PolicyError(
                f"the decision has no {RULES_PREFIX}{package}: the rule was not evaluated",
                *_where(engine, package, "deny"),
            )
        if not isinstance(document, Mapping):
            raise PolicyError(f"{RULES_PREFIX}{package} evaluated to {document!r}")
        declared = engine.bundle.declared.get(package, frozenset())
        for kind in ("deny", "warn"):
            if kind in declared and kind not in document:
                raise PolicyError(
                    f"{info.id}: the decision has no {kind} set: the rule was not evaluated",
                    *_where(engine, package, kind),
                )
            elements = document.get(kind, [])
            if not isinstance(elements, list):
                raise PolicyError(f"{info.id}: {kind} is not a set", *_where(engine, package, kind))
            severity: Severity = "deny" if kind == "deny" else "warn"

            def where(package: str = package, kind: str = kind) -> tuple[str | None, int | None]:
                return _where(engine, package, kind)

            for raw in elements:
                findings.append(_finding(raw, info, severity, installs, where, strict=strict))
    findings.extend(_internal_errors(doc))
    return tuple(sorted(_distinct(findings), key=_sort_key))


def _distinct(findings: Sequence[Finding]) -> list[Finding]:
    """`findings` without repeats: a command walked once per way its shell may stand (a venv
    activated in one branch only, a base /etc/profile that may keep $PATH) is one install per
    way, and ways that agree give the same finding of the same facts but for the install's id
    (and for where a relative requirements file lies: ways may stand in other folders, `[ -d
    /app ] && cd /app; pip install -r r.txt`)."""
    kept: dict[tuple[object, ...], list[Install | None]] = {}
    out: list[Finding] = []
    for finding in findings:
        install = finding.install
        # Location equality leaves out the command's own span: two commands of one step differ.
        spans = (finding.location.command, None if install is None else install.location.command)
        key = (finding.rule, finding.severity, finding.verdict, finding.message, finding.fix,
               finding.location, spans)  # fmt: skip
        same = None if install is None else replace(
            install,
            id=-1,
            requirement_files=tuple(replace(r, resolved="") for r in install.requirement_files),
        )
        seen = kept.setdefault(key, [])
        if same is not None and same in seen:
            continue
        seen.append(same)
        out.append(finding)
    return out


def _internal_errors(doc: FactsDocument) -> list[Finding]:
    return [
        Finding(
            rule=INTERNAL_RULE.id,
            severity="deny",
            verdict="unknown",
            message=f"gate failed on this instruction ({opaque.reason}); it is denied until "
            f"the gate is fixed: `{opaque.text}`",
            fix=None,
            location=location,
        )
        for location, opaque in doc.opaque
        if opaque.internal
    ]
