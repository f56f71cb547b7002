package gate.rules.python_build_scripts binary_only contains id if {
	some id, _ in installs
}
