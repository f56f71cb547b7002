# An operator's rule that reads an allowlist from data (hostile round 21).
# METADATA
# title: only our index
# custom:
#   id: only-our-index
package gate.rules.only_our_index

allowed := {"https://pypi.internal/simple"} | {u | some u in data.team.extra_indexes}

deny contains {"install": i.id, "message": sprintf("index %s is not ours", [u]), "verdict": "builds"} if {
	some i in input.installs
	some k, a in i.argv
	a == "--index-url"
	u := i.argv[k + 1]
	not u in allowed
}
