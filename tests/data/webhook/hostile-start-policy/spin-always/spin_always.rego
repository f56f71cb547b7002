# METADATA
# title: Test only - a rule that spins whatever its input
# description: >-
#   For gate serve's start: deciding once, on any input (the check at load), spins (10^10 iterations, little
#   memory). Never shipped.
# custom:
#   id: test-spin-always
#   severity: deny
package gate.rules.test_spin_always

deny contains f if {
	count({i | some i in numbers.range(1, 100000); some j in numbers.range(1, 100000)}) > 0
	f := {"install": "none", "message": "never reached", "fix": null, "verdict": "builds"}
}
