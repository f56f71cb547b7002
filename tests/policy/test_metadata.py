"""METADATA annotations become RuleInfo: they drive `gate rules` and every report format."""

from __future__ import annotations

import pytest

from gate.model import RuleInfo
from gate.policy.errors import PolicyError
from gate.policy.metadata import decision_lines, package_of, read_annotations, rule_info

PACKAGE_LEVEL = """\
# METADATA
# title: No sdists
# description: >-
#   Source distributions
#   run code.
# related_resources:
#   - ref: https://example.com/a
#     description: doc
#   - https://example.com/b
# custom:
#   id: no-sdists
#   severity: warn
#   fix: use wheels
package gate.rules.no_sdists

deny contains "x" if false
"""

RULE_LEVEL = """\
package gate.rules.rule_level

# METADATA
# title: On the rule
# custom:
#   id: on-the-rule
deny contains "x" if false
"""


def test_package_level_block_becomes_the_rule_info() -> None:
    info = rule_info(PACKAGE_LEVEL, "p.rego", "gate.rules.no_sdists")
    assert info == RuleInfo(
        id="no-sdists",
        title="No sdists",
        severity="warn",
        description="Source distributions run code.",
        fix="use wheels",
        references=("https://example.com/a", "https://example.com/b"),
    )


def test_block_on_the_deny_rule_is_read_when_the_package_has_none() -> None:
    info = rule_info(RULE_LEVEL, "r.rego", "gate.rules.rule_level")
    assert (info.id, info.title, info.severity) == ("on-the-rule", "On the rule", "deny")


def test_without_metadata_the_id_comes_from_the_package() -> None:
    info = rule_info(
        "package gate.rules.team_rule\n\nwarn contains 1 if false\n",
        "t.rego",
        "gate.rules.team_rule",
    )
    assert (info.id, info.title, info.severity) == ("team-rule", "team-rule", "deny")


def test_invalid_metadata_yaml_names_file_and_line() -> None:
    text = "# METADATA\n# title: ok\n# custom: [unclosed\npackage gate.rules.x\n"
    with pytest.raises(PolicyError) as caught:
        read_annotations(text, "x.rego")
    assert caught.value.path == "x.rego"
    assert caught.value.line is not None and caught.value.line >= 2


def test_unknown_severity_is_an_error() -> None:
    text = "# METADATA\n# custom:\n#   severity: fatal\npackage gate.rules.x\n"
    with pytest.raises(PolicyError, match="deny or warn"):
        rule_info(text, "x.rego", "gate.rules.x")


def test_package_and_decision_lines() -> None:
    assert package_of(PACKAGE_LEVEL) == ("gate.rules.no_sdists", 14)
    assert decision_lines(PACKAGE_LEVEL) == {"deny": 16}
