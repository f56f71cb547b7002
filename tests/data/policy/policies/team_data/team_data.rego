# METADATA
# title: Team rule reading its own data
# custom:
#   id: team-data
#   severity: warn
package gate.rules.team_data

warn contains {"install": i.id, "message": "team data says no", "fix": null, "verdict": "builds"} if {
	some i in input.installs
	data.team.settings.strict_team
}
