# METADATA
# title: Exceptions shared by every rule
# description: >-
#   Which exception covers a finding. Exceptions come from data (data.gate.exceptions entries,
#   data.gate.trusted_bases digests) and from exemption policies (package gate.exemptions.<name>
#   with `exception contains {"install": id, "rule": id, "reason": text}`). A covered finding is
#   reported as suppressed with the exception's reason, never dropped.
package gate.lib.exceptions

# YYYY-MM-DD with a plausible month and day; anything else is reported, not guessed at.
_date_pattern := `^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`

# The day in UTC; tests pin it with `with time.now_ns as …` (OPA and regorus both allow that).
today := sprintf("%04d-%02d-%02d", time.date(time.now_ns()))

entries := [e | some e in data.gate.exceptions]

has_reason(e) if {
	is_string(e.reason)
	trim_space(e.reason) != ""
}

valid_date(d) if {
	is_string(d)
	regex.match(_date_pattern, d)
}

bad_expiry(e) if {
	"expires" in object.keys(e)
	not valid_date(e.expires)
}

# `expires` is the last day the exception applies.
expired(e) if {
	valid_date(e.expires)
	e.expires < today
}

# The fields an entry may have. Any other is a misspelling (`packages: [lxml]`) that would leave
# the entry unscoped, covering every finding, so the entry covers nothing and is reported.
fields := {"rule", "package", "path", "stage", "image_digest", "base_digest", "reason", "expires", "source"}

unknown_fields(e) := [k | some k, _ in e; not k in fields]

valid(e) if {
	is_object(e)
	has_reason(e)
	not bad_expiry(e)
	count(unknown_fields(e)) == 0
}

active(e) if {
	valid(e)
	not expired(e)
}

source(e) := s if {
	is_string(e.source)
	s := e.source
} else := "data.gate.exceptions"

# A missing field matches anything; a present one must match. Values that are undefined in the
# input arrive as null, so an entry naming a digest the facts do not carry never matches.
_unset_or_eq(e, key, _) if not key in object.keys(e)

_unset_or_eq(e, key, value) if e[key] == value

_path_ok(e, _) if not "path" in object.keys(e)

_path_ok(e, loc) if {
	is_string(e.path)
	_same_side(e.path, loc.path)
	glob.match(e.path, ["/"], loc.path)
}

# gate names a Dockerfile below the working directory relative to it, and any other by its
# absolute path: a glob written relative (`**/Dockerfile`, `vendor/**`) is meant for the files
# below, so it never covers a file outside (regorus matches `*/Dockerfile` to `/Dockerfile`).
# Images are named by reference, archive or config file as given: no such sides.
_same_side(_, _) if _target("kind") != "dockerfile"

_same_side(pattern, path) if startswith(pattern, "/") == startswith(path, "/")

_target(key) := object.get(object.get(input, "target", {}), key, null)

location_matches(e, rule, loc) if {
	_unset_or_eq(e, "rule", rule)
	_path_ok(e, loc)
	_unset_or_eq(e, "stage", object.get(loc, "stage", null))
	_unset_or_eq(e, "image_digest", _target("digest"))
	_unset_or_eq(e, "base_digest", _target("base_digest"))
}

normalise(name) := lower(regex.replace(name, `[-_.]+`, "-"))

requirement_name(r) := normalise(m[0]) if {
	r.kind == "name"
	m := regex.find_n(`^[A-Za-z0-9][A-Za-z0-9._-]*`, r.text, 1)
	count(m) == 1
}

_as_list(x) := x if is_array(x)

_as_list(x) := [x] if is_string(x)

# `package` covers an install only when every requirement it names is one of the packages:
# an exception for lxml must not wave through `pip install lxml evil`.
_package_ok(e, _) if not "package" in object.keys(e)

_package_ok(e, install) if {
	wanted := {normalise(p) | some p in _as_list(e.package)}
	names := [n | some r in install.requirements; n := requirement_name(r)]
	count(names) > 0
	count(names) == count(install.requirements)
	every n in names {
		n in wanted
	}
}

# Computed once per query; the rules ask for exceptions only when one of these is non-empty, since
# a function call per install costs more in regorus than the whole rest of a decision.
active_entries := [e | some e in entries; active(e)]

policy_exceptions := [object.union(x, {"source": sprintf("policy gate.exemptions.%s", [name])}) |
	some name, pkg in data.gate.exemptions
	some x in pkg.exception
	has_reason(x)
]

trusted_bases := {d | some d in data.gate.trusted_bases; is_string(d)}

# Only direct data references here: they are what makes this check cheap.
enabled if some _ in data.gate.exceptions

enabled if some _, _ in data.gate.exemptions

enabled if some _ in data.gate.trusted_bases

_data_hits(rule, install) := [[source(e), e.reason] |
	some e in active_entries
	location_matches(e, rule, install.location)
	_package_ok(e, install)
]

_policy_hits(rule, install) := [[x.source, x.reason] |
	some x in policy_exceptions
	x.install == install.id
	_unset_or_eq(x, "rule", rule)
]

_trusted_hits(install) := [["data.gate.trusted_bases", sprintf("base image %s is trusted", [digest])] |
	install.from_base == true
	digest := _target("base_digest")
	digest in trusted_bases
]

_first(hits) := {"source": s[0][0], "reason": s[0][1]} if {
	count(hits) > 0
	s := sort(hits)
}

# The exception covering an install finding of `rule`, or undefined. Sorted so that several
# matching entries always give the same answer.
for_install(rule, install) := _first(array.concat(
	array.concat(_data_hits(rule, install), _policy_hits(rule, install)),
	_trusted_hits(install),
))

# The exception covering a finding that has a location but no install (opaque code, images).
for_location(rule, loc) := _first([[source(e), e.reason] |
	some e in active_entries
	location_matches(e, rule, loc)
	not "package" in object.keys(e)
])

# Where an entry came from, as a location object (gate's loader writes "file:line").
entry_location(e) := {"path": m[0][1], "line": to_number(m[0][2])} if {
	m := regex.find_all_string_submatch_n(`^(.*):([0-9]+)$`, source(e), 1)
	count(m) == 1
} else := {"path": source(e), "line": null}
