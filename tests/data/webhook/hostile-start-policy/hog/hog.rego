# METADATA
# title: Test only - a rule that asks for gigabytes on any install
# description: >-
#   For the judge workers' start: deciding once on any install (the worker's warm-up), asks for gigabytes. Never
#   shipped.
# custom:
#   id: test-hog-on-installs
#   severity: deny
package gate.rules.test_hog_on_installs

deny contains f if {
	count(input.installs) > 0
	count(numbers.range(1, 1000000000)) > 0
	f := {"install": "none", "message": "never reached", "fix": null, "verdict": "builds"}
}
