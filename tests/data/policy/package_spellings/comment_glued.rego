package gate.rules.python_build_scripts#note

binary_only contains id if {
	some id, _ in installs
}
