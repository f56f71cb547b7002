# METADATA
# title: No --extra-index-url
# description: >-
#   --extra-index-url makes pip (and uv with --index-strategy unsafe-best-match) pick the highest
#   version from any index, so a public package can shadow a private one (dependency confusion).
#   Use --index-url with a proxy that serves both. Reads the install's argv; pip's unambiguous
#   prefixes (--extra-index) count too.
# custom:
#   id: no-extra-index-url
#   severity: deny
#   fix: Use a single --index-url (a proxy index that mirrors the public one).
package gate.rules.no_extra_index_url

_option := `^--extra(-i(n(d(e(x(-(u(rl?)?)?)?)?)?)?)?)?(=.*)?$`

deny contains f if {
	some install in input.installs
	some arg in install.argv
	regex.match(_option, arg)
	f := {
		"install": install.id,
		"message": sprintf("%s uses %s: packages can come from a second index (dependency confusion)", [install.tool, arg]),
		"fix": null,
		"verdict": "builds",
	}
}
