# METADATA
# title: Test only - a function that calls itself, reached on any install
# description: >-
#   For `gate serve`'s start: loading decides on an empty input, which never reaches the call;
#   the judge workers' warm-up image has installs, and regorus (unlike OPA, which refuses such a
#   function) overflows its stack there (SIGSEGV). Never shipped.
# custom:
#   id: test-calls-itself-on-installs
#   severity: deny
package gate.rules.test_calls_itself_on_installs

_again(x) := y if {
	y := _again(x)
}

deny contains f if {
	some install in input.installs
	_again(install.id) == 0
	f := {"install": install.id, "message": "never reached", "fix": null, "verdict": "builds"}
}
