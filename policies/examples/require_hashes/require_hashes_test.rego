package gate.rules.require_hashes_test

import data.gate.rules.require_hashes as rule

_doc(tool, command, argv) := {"installs": [{"id": 1, "tool": tool, "command": command, "argv": argv}]}

test_pip_install_without_hashes_is_denied if {
	found_1 := rule.deny with input as _doc("pip", "install", ["pip", "install", "-r", "r.txt"])
	some f in found_1
	f.message == "pip install does not check hashes: add --require-hashes with a hashed lock file"
}

test_require_hashes_is_compliant if {
	count(rule.deny) == 0 with input as _doc("pip", "install", ["pip", "install", "--require-hashes", "-r", "r.txt"])
	count(rule.deny) == 0 with input as _doc("uv", "pip sync", ["uv", "pip", "sync", "--require-hashes", "r.txt"])
}

test_other_commands_are_not_judged if {
	count(rule.deny) == 0 with input as _doc("pip", "download", ["pip", "download", "x"])
	count(rule.deny) == 0 with input as _doc("poetry", "install", ["poetry", "install"])
}
