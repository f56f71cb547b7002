package gate.lib.exceptions_test

import data.gate.lib.exceptions

# 2026-06-15T00:00:00Z
_june := 1781481600000000000

_loc := {"path": "docker/Dockerfile", "line": 2, "stage": "build"}

_install := {"id": 7, "location": _loc, "from_base": false, "requirements": [{"kind": "name", "text": "lxml>=5"}]}

test_today_follows_the_clock if {
	exceptions.today == "2026-06-15" with time.now_ns as _june
}

test_expiry_is_the_last_day_the_exception_applies if {
	e := {"reason": "r", "expires": "2026-06-15"}
	exceptions.active(e) with time.now_ns as _june
	not exceptions.active({"reason": "r", "expires": "2026-06-14"}) with time.now_ns as _june
	exceptions.expired({"reason": "r", "expires": "2026-06-14"}) with time.now_ns as _june
}

test_entry_without_reason_is_not_valid if {
	not exceptions.valid({"rule": "x"})
	not exceptions.valid({"rule": "x", "reason": "  "})
	not exceptions.valid("just text")
}

test_unreadable_expiry_is_not_valid if {
	exceptions.bad_expiry({"reason": "r", "expires": "31.12.2026"})
	exceptions.bad_expiry({"reason": "r", "expires": 20261231})
	not exceptions.valid({"reason": "r", "expires": "2026-13-01"})
}

test_fields_must_all_match if {
	exceptions.location_matches({"rule": "r1", "path": "docker/*", "stage": "build"}, "r1", _loc)
	not exceptions.location_matches({"rule": "r2"}, "r1", _loc)
	not exceptions.location_matches({"path": "other/*"}, "r1", _loc)
	not exceptions.location_matches({"stage": "final"}, "r1", _loc)
}

test_a_relative_glob_never_covers_a_dockerfile_outside_the_working_directory if {
	outside := {"path": "/srv/other/Dockerfile", "line": 2}
	dockerfile := {"target": {"kind": "dockerfile"}}
	not exceptions.location_matches({"path": "**/Dockerfile"}, "r", outside) with input as dockerfile
	not exceptions.location_matches({"path": "*/Dockerfile"}, "r", {"path": "/Dockerfile"}) with input as dockerfile
	exceptions.location_matches({"path": "/srv/**"}, "r", outside) with input as dockerfile
	not exceptions.location_matches({"path": "/srv/**"}, "r", _loc) with input as dockerfile
}

test_an_image_config_keeps_its_name_as_given if {
	config := {"path": "/tmp/c.json"}
	exceptions.location_matches({"path": "**/c.json"}, "r", config) with input as {"target": {"kind": "config"}}
}

test_digests_match_the_target if {
	target := {"kind": "image", "path": "img", "digest": "sha256:1", "base_digest": "sha256:0"}
	exceptions.location_matches({"image_digest": "sha256:1"}, "r", _loc) with input as {"target": target}
	exceptions.location_matches({"base_digest": "sha256:0"}, "r", _loc) with input as {"target": target}
	not exceptions.location_matches({"image_digest": "sha256:9"}, "r", _loc) with input as {"target": target}
}

test_digest_entry_never_matches_facts_without_digests if {
	not exceptions.location_matches({"image_digest": "sha256:1"}, "r", _loc) with input as {"target": {"kind": "dockerfile"}}
}

test_package_list_and_normalised_names if {
	x := exceptions.for_install("r", _install) with data.gate.exceptions as [{"package": ["LXML", "numpy"], "reason": "ok"}]
	x == {"reason": "ok", "source": "data.gate.exceptions"}
}

test_package_never_covers_unnamed_requirements if {
	install := object.union(_install, {"requirements": [{"kind": "vcs", "text": "git+https://x"}]})
	not exceptions.for_install("r", install) with data.gate.exceptions as [{"package": "x", "reason": "ok"}]
}

test_expired_entry_covers_nothing if {
	entries := [{"reason": "old", "expires": "2026-01-01"}]
	not exceptions.for_install("r", _install) with data.gate.exceptions as entries with time.now_ns as _june
}

test_several_matches_give_one_answer if {
	entries := [{"reason": "b", "source": "f.yaml:9"}, {"reason": "a", "source": "f.yaml:3"}]
	x := exceptions.for_install("r", _install) with data.gate.exceptions as entries
	x == {"reason": "a", "source": "f.yaml:3"}
}

test_policy_exemptions_count if {
	exemptions := {"team": {"exception": [{"install": 7, "rule": "r", "reason": "team says so"}]}}
	x := exceptions.for_install("r", _install) with data.gate.exemptions as exemptions
	x == {"reason": "team says so", "source": "policy gate.exemptions.team"}
	not exceptions.for_install("other", _install) with data.gate.exemptions as exemptions
}

test_location_exception_ignores_package_entries if {
	not exceptions.for_location("r", _loc) with data.gate.exceptions as [{"package": "lxml", "reason": "ok"}]
	exceptions.for_location("r", _loc) with data.gate.exceptions as [{"path": "docker/Dockerfile", "reason": "ok"}]
}

test_entry_location_reads_file_and_line if {
	exceptions.entry_location({"source": "team/data.yaml:12"}) == {"path": "team/data.yaml", "line": 12}
	exceptions.entry_location({"source": "pushed-by-ci"}) == {"path": "pushed-by-ci", "line": null}
	exceptions.entry_location({}) == {"path": "data.gate.exceptions", "line": null}
}

test_misspelt_field_leaves_the_entry_covering_nothing if {
	# `packages:` for `package:` would otherwise leave the entry covering every install.
	entries := [{"packages": ["lxml"], "reason": "SEC-7"}]
	not exceptions.for_install("r", _install) with data.gate.exceptions as entries
	exceptions.unknown_fields({"packages": [], "reason": "r", "source": "f:1"}) == ["packages"]
}
