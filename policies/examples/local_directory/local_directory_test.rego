package gate.rules.no_local_directory_test

import data.gate.rules.no_local_directory as rule

_doc(requirements) := {"installs": [{"id": 2, "tool": "pip", "command": "install", "requirements": requirements}]}

test_local_directory_is_denied if {
	found_1 := rule.deny with input as _doc([{"kind": "local", "text": "."}])
	some f in found_1
	f.message == "pip install installs the local directory ., which runs its build backend"
}

test_named_packages_and_wheels_are_fine if {
	count(rule.deny) == 0 with input as _doc([{"kind": "name", "text": "flask"}, {"kind": "wheel", "text": "x.whl"}])
}
