# METADATA
# title: Team replacement of the built-in rule
# custom:
#   id: python-build-scripts
#   severity: warn
package gate.rules.python_build_scripts

warn contains {"install": i.id, "message": "team says: check this install", "fix": null, "verdict": "builds"} if {
	some i in input.installs
}
