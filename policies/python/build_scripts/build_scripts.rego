# METADATA
# title: Python installs must not run third-party build scripts
# description: >-
#   Installing Python packages runs third-party build code (setup.py, PEP 517 backends) whenever
#   a source distribution is built. An install step is denied when it can build third-party
#   sources: no only-binary setting in effect (or sources re-enabled later), a direct VCS/URL/sdist
#   reference, dependency resolution (Poetry add/lock/update), setup.py or easy_install. What the
#   gate cannot decide (an unknown variable, code it cannot see into, an image without shell
#   history) is a warning with verdict unknown.
# related_resources:
#   - ref: https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-only-binary
#     description: pip --only-binary
#   - ref: https://docs.astral.sh/uv/reference/settings/#no-build
#     description: uv no-build
# custom:
#   id: python-build-scripts
#   severity: deny
#   fix: >-
#     Install wheels only: pip --only-binary :all:, uv --no-build,
#     POETRY_INSTALLER_ONLY_BINARY=:all:, PDM_ONLY_BINARY=:all:, PIP_ONLY_BINARY=:all: for pipenv.
package gate.rules.python_build_scripts

import data.gate.lib.exceptions

rule_id := "python-build-scripts"

# Per-install work lives in sets and objects keyed by install id, computed once per query: a
# function call costs regorus 10-20 µs, and a handful per install would dominate each file.
# String keys: OPA cannot serialise an object with number keys in a Data API answer.
installs := {sprintf("%d", [install.id]): install | some install in input.installs}

_all_on contains id if {
	some id, install in installs
	some value in install.binary.only_binary
	lower(value) == ":all:"
}

# Sources are off only when :all: is in effect and no package was given back to source builds.
binary_only contains id if {
	some id in _all_on
	count(installs[id].binary.no_binary) == 0
}

_reenabled contains id if {
	some id in _all_on
	count(installs[id].binary.no_binary) > 0
}

# `pip install --no-deps x.whl` installs exactly the wheels named; a local directory is the
# image's own project (SPEC), so with --no-deps nothing third-party is built either.
_no_third_party_builds contains id if {
	some id, install in installs
	install.no_deps == true
	count(install.requirements) > 0
	count(install.requirement_files) == 0
	every r in install.requirements {
		r.kind in {"wheel", "local"}
	}
}

_scripts := {"setuptools", "easy_install"}

name[id] := sprintf("python %s", [install.command]) if {
	some id, install in installs
	install.tool == "setuptools"
}

name[id] := "easy_install" if {
	some id, install in installs
	install.tool == "easy_install"
}

name[id] := sprintf("%s %s", [install.tool, install.command]) if {
	some id, install in installs
	not install.tool in _scripts
}

# The remedy is decided by the facts layer (gate/facts/remedy.py); the policy only quotes it.
hint[id] := h if {
	some id, install in installs
	h := _hint(install)
}

_hint(install) := install.hint if {
	is_string(install.hint)
} else := "switch source builds off"

_direct_kinds := {"vcs", "url", "archive"}

# Reasons that hold whatever an unknown value turns out to be: [install id, message].
certain contains [id, msg] if {
	some id, install in installs
	install.tool in _scripts
	msg := sprintf("%s runs build scripts directly: install a built wheel instead", [name[id]])
}

certain contains [id, msg] if {
	some id, install in installs
	install.resolves == true
	msg := sprintf(
		"%s resolves dependencies, which runs build backends even with only-binary: commit the lock file and install from it",
		[name[id]],
	)
}

certain contains [id, msg] if {
	some id, install in installs
	refs := [r.text | some r in install.requirements; r.kind in _direct_kinds; not _refused(install, r)]
	count(refs) > 0
	msg := sprintf(
		"%s builds %s from source: only-binary does not cover direct references; install a published wheel",
		[name[id], concat(", ", refs)],
	)
}

# uv's pip and tool commands under --no-build refuse a direct source outright ("Building source
# distributions is disabled"): nothing is built, unlike pip's --only-binary, which does not cover
# them. An editable is built whatever --no-build says. (Project commands are left to their lock
# and sources rules.)
_refused(install, requirement) if {
	install.tool in {"uv", "uvx"}
	install.command in {"pip install", "pip sync", "tool install", "tool run", "tool upgrade"}
	":all:" in install.binary.only_binary
	count(install.binary.no_binary) == 0
	not requirement.editable
}

_certain_ids := {id | some [id, _] in certain}

# What the gate could not resolve and that could change the verdict: [install id, reason].
uncertain contains [id, _named(u)] if {
	some id, install in installs
	some u in install.unknowns
}

# An unknown's message names the argument that made it unknown, unless its reason already does
# (`$FLAGS may hold options`; `PIP_CONFIG_FILE=?` stands for the variable named in the reason).
_named(u) := u.reason if {
	contains(u.reason, trim_suffix(u.text, "=?"))
} else := sprintf("%s: %s", [u.reason, _code(u.text)])

# Text quoted as code: in backticks, or in double backticks when it holds a backtick itself
# (`` `cat f` ``), so a Markdown reader never sees a broken code span.
_code(text) := sprintf("`%s`", [text]) if {
	not contains(text, "`")
} else := sprintf("`` %s ``", [text])

# An unknown requirement (`$PKG`, xargs input) can add a direct source, which builds despite
# :all:, but cannot switch :all: on: without only-binary the install is denied for certain (if
# the word could also be an option, the facts carry that as an unknown of the install).
uncertain contains [id, sprintf("requirement %s has no known value", [r.text])] if {
	some id in binary_only
	install := installs[id]
	some r in install.requirements
	r.kind == "unknown"
}

_uncertain_ids := {id | some [id, _] in uncertain}

_binary_message(id) := sprintf(
	"%s can run build scripts: sources are re-enabled for %s after :all:",
	[name[id], concat(", ", installs[id].binary.no_binary)],
) if {
	id in _reenabled
} else := sprintf("%s can run build scripts: %s", [name[id], hint[id]])

# Exceptions are looked up only when some could exist. The check reads data directly: in regorus
# a reference into another package costs more than this whole rule on a typical input.
_maybe_exceptions if some _ in data.gate.exceptions

_maybe_exceptions if some _, _ in data.gate.exemptions

_maybe_exceptions if some _ in data.gate.trusted_bases

_exception[id] := {"exception": x} if {
	_maybe_exceptions
	some id, install in installs
	x := exceptions.for_install(rule_id, install)
}

# Every layer is judged; one that came with the base image says so, since the fix is then a
# trusted (or rebuilt) base rather than a change to this Dockerfile.
_origin(id) := " (this step comes from the base image; trust a reviewed base by digest in data.gate.trusted_bases)" if {
	installs[id].from_base == true
} else := ""

_finding(id, message, verdict) := object.union(
	{
		"install": installs[id].id,
		"location": installs[id].location,
		"message": concat("", [message, _origin(id)]),
		"fix": object.get(installs[id], "fix", null),
		"verdict": verdict,
	},
	object.get(_exception, id, {}),
)

_located(loc, message) := object.union(
	{"install": null, "location": loc, "message": message, "fix": null, "verdict": "unknown"},
	_location_exception(loc),
)

_location_exception(loc) := {"exception": x} if {
	_maybe_exceptions
	x := exceptions.for_location(rule_id, loc)
} else := {}

deny contains f if {
	some id in _certain_ids
	messages := sort([m | some [i, m] in certain; i == id])
	f := _finding(id, concat("; ", messages), "builds")
}

deny contains f if {
	some id, _ in installs
	not id in _certain_ids
	not id in _uncertain_ids
	not id in binary_only
	not id in _no_third_party_builds
	f := _finding(id, _binary_message(id), "builds")
}

warn contains f if {
	some id in _uncertain_ids
	not id in _certain_ids
	reasons := sort([r | some [i, r] in uncertain; i == id])
	msg := sprintf(
		"the gate cannot tell whether %s can run build scripts: %s",
		[name[id], concat("; ", reasons)],
	)
	f := _finding(id, msg, "unknown")
}

warn contains f if {
	some item in input.opaque
	msg := sprintf("the gate cannot see into %s (%s): it may install packages", [_code(item.text), item.reason])
	f := _located(item.location, msg)
}

warn contains f if {
	some item in input.unjudgeable
	f := _located(item.location, sprintf("the build cannot be judged: %s", [item.reason]))
}
