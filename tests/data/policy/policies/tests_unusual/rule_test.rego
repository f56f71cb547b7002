# Tests written in ways Rego allows and a line pattern did not expect (hostile round 21):
# each must run, and each of these fails.
package gate.rules.unusual_test

import data.gate.rules.unusual

test_plain_passes if count(unusual.deny) == 0

	test_indented_fails if {
		count(unusual.deny) == 1
	}

test_a_set_is_not_true contains 1 if true

test_head_on_its_own_line
	if false

default test_default_false := false
