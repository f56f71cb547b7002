# A rule that asks for gigabytes: a set of a hundred million numbers.
package gate.rules.grows_at_load

deny contains f if {
	some i in numbers.range(1, 100000000)
	i < 0
	f := {"install": null, "location": {"path": "x"}, "message": "never"}
}
