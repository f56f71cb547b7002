package gate.rules.uf

deny contains f if {
	some install in input.installs
	f := no_such_function(install)
}
