# METADATA
# title: Test only - judging costs what the history asks for
# description: >-
#   For the webhook's judge limits: an install naming gate-test-spin makes evaluation spin
#   (10^10 iterations, little memory); one naming gate-test-hog asks for gigabytes. Never
#   shipped: the suite loads it to make judging cost more than any limit, deterministically.
# custom:
#   id: test-hostile
#   severity: deny
package gate.rules.test_hostile

_costly(install) if {
	some arg in install.argv
	arg == "gate-test-spin"
	count({i | some i in numbers.range(1, 100000); some j in numbers.range(1, 100000)}) > 0
}

_costly(install) if {
	some arg in install.argv
	arg == "gate-test-hog"
	count(numbers.range(1, 1000000000)) > 0
}

deny contains f if {
	some install in input.installs
	_costly(install)
	f := {"install": install.id, "message": "judged at last", "fix": null, "verdict": "builds"}
}
