package gate.rules.team_loops

deny contains f if {
	some install in input.installs
	f := {"install": install.id, "message": "team rule"}
}
