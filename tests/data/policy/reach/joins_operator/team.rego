# Joins the operator's rule package gate.rules.team_marker (tests/data/policy/policies/add).
package gate.rules.team_marker

exempt contains "everything"
