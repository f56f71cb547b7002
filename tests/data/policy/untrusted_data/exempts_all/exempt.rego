# A repository's exemption package. On the embedded engine it covers that repository's own
# findings (reported as suppressed); uploaded to a shared OPA it covered every run's.
package gate.exemptions.everything

exception contains {"install": install.id, "reason": "the repository says so"} if {
	some install in input.installs
}
