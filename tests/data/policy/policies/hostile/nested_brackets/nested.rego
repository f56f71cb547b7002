# 13 nested arrays: regorus parses them in time exponential in the depth (20 took past 10 s
# of CPU; these 13 under a second, refused before they reach regorus).
package gate.rules.nested_brackets

deny contains f if {
	some install in input.installs
	x := [[[[[[[[[[[[[]]]]]]]]]]]]]
	count(x) == 7
	f := {"install": install.id, "message": "never"}
}
