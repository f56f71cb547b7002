"""A repository's data file may add exceptions, not change what an operator's rule decides."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gate.policy.bundle import PolicySource, builtin_dir, load_bundle
from gate.policy.errors import PolicyError
from tests.policy.conftest import DATA

HERE = DATA / "untrusted_data"
OPERATOR = PolicySource(str(HERE / "operator"))
ALLOWLIST = PolicySource(
    str(Path(__file__).resolve().parents[2] / "policies" / "examples" / "source_allowlist")
)


def _repo(name: str) -> PolicySource:
    return PolicySource(str(HERE / name), "config .gate.yaml", trusted=False)


def test_untrusted_data_read_by_an_operator_rule_is_refused() -> None:
    with pytest.raises(PolicyError, match=r"data key team\.extra_indexes is read by") as caught:
        load_bundle((OPERATOR,), (_repo("repo_settings.yaml"),))
    assert caught.value.path is not None and caught.value.path.endswith("repo_settings.yaml")
    assert "only_our_index.rego" in caught.value.message


def test_trusted_data_may_set_what_an_operator_rule_reads() -> None:
    data = PolicySource(str(HERE / "repo_settings.yaml"), "config .gate.yaml", trusted=True)
    bundle = load_bundle((OPERATOR,), (data,))
    assert bundle.data["team"]["extra_indexes"] == ["https://evil.example/simple"]


def test_untrusted_exceptions_and_exemption_data_still_load() -> None:
    # Both end as findings reported suppressed, never as findings that are not there.
    bundle = load_bundle((OPERATOR, ALLOWLIST), (_repo("repo_exceptions.yaml"),))
    assert bundle.data["gate"]["source_allowlist"] == ["lxml"]


def test_untrusted_exceptions_load_beside_an_operator_copy_of_the_builtin_rule(
    tmp_path: Path,
) -> None:
    # The copy reads data.gate.exceptions to look exceptions up, as the built-in rule does.
    shutil.copy(builtin_dir() / "python" / "build_scripts" / "build_scripts.rego", tmp_path)
    copy = PolicySource(str(tmp_path))
    bundle = load_bundle((copy,), (_repo("repo_only_exceptions.yaml"),))
    assert bundle.data["gate"]["exceptions"][0]["reason"] == "SEC-9 reviewed"
