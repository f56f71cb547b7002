# METADATA
# title: Test only - a function that calls itself, reached on one marker package
# description: >-
#   For the judge workers: an install naming gate-test-crash makes regorus overflow its stack
#   (SIGSEGV) in the middle of a review; any other image, the warm-up's included, is judged.
#   Never shipped (OPA refuses a function that calls itself).
# custom:
#   id: test-crash
#   severity: deny
package gate.rules.test_crash

_again(x) := y if {
	y := _again(x)
}

deny contains f if {
	some install in input.installs
	some arg in install.argv
	arg == "gate-test-crash"
	_again(install.id) == 0
	f := {"install": install.id, "message": "never reached", "fix": null, "verdict": "builds"}
}
