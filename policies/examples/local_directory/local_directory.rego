# METADATA
# title: No installs from local directories
# description: >-
#   Installing a local directory (`pip install .`, `-e ./app`, `uv add ./lib`) runs that
#   directory's build backend inside the image build. gate records these as facts but does not
#   flag them by default (the image's own project); a team that builds wheels in CI can forbid them.
# custom:
#   id: no-local-directory
#   severity: deny
#   fix: Build the wheel first (in CI or a builder stage) and install the .whl with --no-deps.
package gate.rules.no_local_directory

deny contains f if {
	some install in input.installs
	some r in install.requirements
	r.kind == "local"
	f := {
		"install": install.id,
		"message": sprintf("%s %s installs the local directory %s, which runs its build backend", [install.tool, install.command, r.text]),
		"fix": null,
		"verdict": "builds",
	}
}
