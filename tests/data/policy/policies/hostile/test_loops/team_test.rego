package gate.rules.team_loops_test

import data.gate.rules.team_loops

test_passes if {
	count(team_loops.deny) == 0
}

# Nested ranges: four hundred million steps, little memory.
test_loops if {
	some i in numbers.range(1, 20000)
	some j in numbers.range(1, 20000)
	i * j == -1
}
