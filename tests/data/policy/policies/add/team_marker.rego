# METADATA
# title: Installs say who owns them
# custom:
#   id: team-marker
#   severity: warn
package gate.rules.team_marker

warn contains {"install": null, "location": {"path": input.target.path, "line": 1}, "message": "team rule ran"} if {
	input.target.kind == "dockerfile"
}
