# A rule that loads (the empty input has no installs) and spends some CPU on each real input,
# well within the limit per decision; decided again and again, the child's CPU time adds up.
package gate.rules.slow_on_installs

deny contains f if {
	some install in input.installs
	some i in numbers.range(1, 100000)
	i == -1
	f := {"install": install.id, "message": "never"}
}
