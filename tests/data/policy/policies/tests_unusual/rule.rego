package gate.rules.unusual

deny contains {"install": i.id, "message": "pip"} if {
	some i in input.installs
	i.tool == "pip"
}
