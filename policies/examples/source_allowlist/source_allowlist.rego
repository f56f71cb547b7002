# METADATA
# title: Packages the team allows to build from source
# description: >-
#   An exemption policy, not a rule: an install that is binary-only except for packages it gives
#   back to source builds (`--only-binary :all: --no-binary lxml`) gets an exception for
#   python-build-scripts when every such package is on the allowlist (data.gate.source_allowlist,
#   a list of names). The finding stays in every report, marked suppressed with the reason.
package gate.exemptions.source_allowlist

_normalise(name) := lower(regex.replace(name, `[-_.]+`, "-"))

allowlist := {_normalise(n) | some n in data.gate.source_allowlist}

_only_named_sources(install) if {
	some value in install.binary.only_binary
	lower(value) == ":all:"
	count(install.binary.no_binary) > 0
	not install.resolves
	count(install.unknowns) == 0
	not install.tool in {"setuptools", "easy_install"}
	every r in install.requirements {
		not r.kind in {"vcs", "url", "archive", "unknown"}
	}
}

exception contains x if {
	some install in input.installs
	_only_named_sources(install)
	every name in install.binary.no_binary {
		_normalise(name) in allowlist
	}
	x := {
		"install": install.id,
		"rule": "python-build-scripts",
		"reason": sprintf("%s may build from source (team allowlist)", [concat(", ", install.binary.no_binary)]),
	}
}
