# Extends the built-in rule: every install binary-only.
package gate.rules.python_build_scripts # team additions

binary_only contains id if {
	some id, _ in installs
}

note := `
package team.notes
`
