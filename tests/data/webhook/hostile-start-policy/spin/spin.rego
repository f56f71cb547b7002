# METADATA
# title: Test only - a rule that spins on any install
# description: >-
#   For the judge workers' start: deciding once on any install (the worker's warm-up), spins (10^10 iterations, little
#   memory). Never shipped.
# custom:
#   id: test-spin-on-installs
#   severity: deny
package gate.rules.test_spin_on_installs

deny contains f if {
	count(input.installs) > 0
	count({i | some i in numbers.range(1, 100000); some j in numbers.range(1, 100000)}) > 0
	f := {"install": "none", "message": "never reached", "fix": null, "verdict": "builds"}
}
