# A rule that loads (the empty input has no installs) and loops on the first real install.
package gate.rules.loops_on_installs

deny contains f if {
	some install in input.installs
	some i in numbers.range(1, 20000)
	some j in numbers.range(1, 20000)
	i * j == -1
	f := {"install": install.id, "message": "never"}
}
