package gate.rules.broken

deny contains f if {
	f := {"message": "x"
}
