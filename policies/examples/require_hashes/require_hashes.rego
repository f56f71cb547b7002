# METADATA
# title: Installs must check hashes
# description: >-
#   pip install and uv pip install/sync without --require-hashes accept whatever files the index
#   serves. With it, every requirement must be pinned with --hash, so a replaced file fails.
#   Reads the install's argv (a requirements file line --require-hashes is not in the facts).
# custom:
#   id: require-hashes
#   severity: deny
#   fix: Compile a hashed lock (pip-compile --generate-hashes, uv pip compile --generate-hashes) and install it with --require-hashes.
package gate.rules.require_hashes

_commands := {"pip": {"install"}, "uv": {"pip install", "pip sync"}}

_checks_hashes(install) if {
	some arg in install.argv
	arg in {"--require-hashes", "--require-hashes=true"}
}

deny contains f if {
	some install in input.installs
	install.command in _commands[install.tool]
	not _checks_hashes(install)
	f := {
		"install": install.id,
		"message": sprintf("%s %s does not check hashes: add --require-hashes with a hashed lock file", [install.tool, install.command]),
		"fix": null,
		"verdict": "builds",
	}
}
