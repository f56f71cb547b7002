package gate.rules

python_build_scripts.binary_only contains id if {
	some install in input.installs
	id := sprintf("%d", [install.id])
}
