package gate.rules.no_extra_index_url_test

import data.gate.rules.no_extra_index_url as rule

_doc(argv) := {"installs": [{"id": 3, "tool": "pip", "argv": argv}]}

test_extra_index_url_is_denied if {
	found_1 := rule.deny with input as _doc(["pip", "install", "--extra-index-url", "https://x", "a"])
	some f in found_1
	f.install == 3
}

test_equals_form_and_prefix_are_denied if {
	count(rule.deny) == 1 with input as _doc(["pip", "install", "--extra-index-url=https://x"])
	count(rule.deny) == 1 with input as _doc(["pip", "install", "--extra-index", "https://x"])
}

test_index_url_alone_is_fine if {
	count(rule.deny) == 0 with input as _doc(["pip", "install", "--index-url", "https://x", "a"])
	count(rule.deny) == 0 with input as _doc(["pip", "install", "--extras", "a"])
}
