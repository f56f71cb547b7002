package gate.rules.sample_test

import data.gate.rules.sample

test_passes if {
	count(sample.deny) == 1 with input as {"bad": true}
}

test_fails if {
	count(sample.deny) == 2 with input as {"bad": true}
}

test_errors if {
	to_number("not a number") == 1
}
