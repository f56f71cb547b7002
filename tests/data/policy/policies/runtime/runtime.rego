# METADATA
# custom:
#   id: runtime-boom
package gate.rules.runtime

deny contains f if {
	some install in input.installs
	n := to_number(install.tool)
	f := {"install": install.id, "message": sprintf("%v", [n])}
}
