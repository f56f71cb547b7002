# A rule whose work does not depend on the input: it loops when gate loads it.
package gate.rules.loops_at_load

deny contains f if {
	some i in numbers.range(1, 20000)
	some j in numbers.range(1, 20000)
	i * j == -1
	f := {"install": null, "location": {"path": "x"}, "message": "never"}
}
