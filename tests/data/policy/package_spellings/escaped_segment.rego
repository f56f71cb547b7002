package gate.rules["python_build_script\u0073"]

binary_only contains id if {
	some id, _ in installs
}
