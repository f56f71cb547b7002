# Not below gate.exemptions: the exceptions library iterates that namespace, and a test
# package there would evaluate itself.
package gate.exemptions_test.source_allowlist

import data.gate.exemptions.source_allowlist as policy
import data.gate.rules.python_build_scripts as rule

_install(no_binary, requirements) := {
	"id": 1, "tool": "pip", "command": "install", "argv": [], "text": "",
	"location": {"path": "Dockerfile", "line": 1},
	"binary": {"only_binary": [":all:"], "no_binary": no_binary},
	"requirements": requirements, "requirement_files": [], "unknowns": [],
	"resolves": false, "no_deps": false, "from_base": false, "fix": null,
}

_doc(install) := {"target": {"kind": "dockerfile", "path": "Dockerfile"}, "installs": [install], "opaque": [], "unjudgeable": []}

test_allowlisted_source_build_is_an_exception if {
	doc := _doc(_install(["lxml"], [{"kind": "name", "text": "lxml"}]))
	found_1 := rule.deny with input as doc with data.gate.source_allowlist as ["LXML"]
	some f in found_1
	f.exception == {"reason": "lxml may build from source (team allowlist)", "source": "policy gate.exemptions.source_allowlist"}
}

test_package_off_the_list_is_not_excepted if {
	doc := _doc(_install(["lxml", "evil"], []))
	count(policy.exception) == 0 with input as doc with data.gate.source_allowlist as ["lxml"]
}

test_direct_sources_are_never_excepted if {
	doc := _doc(_install(["lxml"], [{"kind": "vcs", "text": "git+https://x"}]))
	count(policy.exception) == 0 with input as doc with data.gate.source_allowlist as ["lxml"]
}

test_without_allowlist_nothing_is_excepted if {
	count(policy.exception) == 0 with input as _doc(_install(["lxml"], []))
}
