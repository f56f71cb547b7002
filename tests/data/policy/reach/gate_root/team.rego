# A rule head is a ref: from package gate it adds to the built-in rule's binary_only set.
package gate

rules.python_build_scripts.binary_only contains id if {
	some id, _ in data.gate.rules.python_build_scripts.installs
}
