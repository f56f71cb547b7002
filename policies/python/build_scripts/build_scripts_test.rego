package gate.rules.python_build_scripts_test

import data.gate.rules.python_build_scripts as rule

_loc := {"path": "Dockerfile", "line": 3, "end_line": 3, "stage": "app", "history_index": null, "created_by": null}

_req(kind, text) := {"kind": kind, "text": text, "editable": false, "source": "cli"}

_install(overrides) := object.union(
	{
		"id": 1, "tool": "pip", "command": "install", "argv": [], "text": "", "location": _loc,
		"binary": {"only_binary": [], "no_binary": [], "events": []},
		"requirements": [_req("name", "flask")], "requirement_files": [], "unknowns": [],
		"resolves": false, "no_deps": false, "backend": null, "from_base": false,
		"onbuild": false, "fix": "pip install --only-binary :all: flask",
		"hint": "add --only-binary :all:",
	},
	overrides,
)

_doc(installs) := {"version": 1, "target": {"kind": "dockerfile", "path": "Dockerfile"}, "installs": installs, "opaque": [], "unjudgeable": []}

_all := {"only_binary": [":all:"], "no_binary": [], "events": []}

_deny(overrides) := d if {
	d := rule.deny with input as _doc([_install(overrides)])
}

_warn(overrides) := w if {
	w := rule.warn with input as _doc([_install(overrides)])
}

_messages(set) := {f.message | some f in set}

test_pip_install_without_only_binary_is_denied if {
	found := _deny({})
	_messages(found) == {"pip install can run build scripts: add --only-binary :all:"}
	some f in found
	f.install == 1
	f.verdict == "builds"
	f.fix == "pip install --only-binary :all: flask"
	f.location == _loc
	not "exception" in object.keys(f)
	count(_warn({})) == 0
}

test_only_binary_all_is_compliant if {
	count(_deny({"binary": _all})) == 0
	count(_warn({"binary": _all})) == 0
}

test_upper_case_all_is_compliant if {
	count(_deny({"binary": {"only_binary": [":ALL:"], "no_binary": []}})) == 0
}

test_later_no_binary_reenables_sources_is_denied if {
	found := _deny({"binary": {"only_binary": [":all:"], "no_binary": ["lxml"]}})
	_messages(found) == {"pip install can run build scripts: sources are re-enabled for lxml after :all:"}
}

test_only_binary_list_of_names_is_denied if {
	count(_deny({"binary": {"only_binary": ["numpy"], "no_binary": []}})) == 1
}

test_no_deps_with_only_wheels_is_not_flagged if {
	overrides := {"no_deps": true, "requirements": [_req("wheel", "./x-1.0-py3-none-any.whl")]}
	count(_deny(overrides)) == 0
	count(_warn(overrides)) == 0
}

test_no_deps_with_a_name_is_denied if {
	count(_deny({"no_deps": true})) == 1
}

test_no_deps_with_requirements_file_is_denied if {
	overrides := {
		"no_deps": true, "requirements": [_req("wheel", "x.whl")],
		"requirement_files": [{"path": "r.txt", "resolved": "/r.txt", "read": false, "constraint": false}],
	}
	count(_deny(overrides)) == 1
}

test_no_deps_local_project_is_not_flagged if {
	count(_deny({"no_deps": true, "requirements": [_req("local", ".")]})) == 0
}

test_local_project_without_only_binary_is_denied_for_its_dependencies if {
	count(_deny({"requirements": [_req("local", ".")]})) == 1
}

test_local_project_with_only_binary_is_compliant if {
	count(_deny({"binary": _all, "requirements": [_req("local", ".")]})) == 0
}

test_vcs_requirement_is_denied_even_with_only_binary if {
	found := _deny({"binary": _all, "requirements": [_req("vcs", "git+https://example.com/x.git")]})
	_messages(found) == {"pip install builds git+https://example.com/x.git from source: only-binary does not cover direct references; install a published wheel"}
}

test_uv_under_no_build_refuses_direct_sources_so_nothing_builds if {
	reqs := [_req("vcs", "git+https://example.com/x.git"), _req("archive", "x-1.0.tar.gz")]
	count(_deny({"tool": "uv", "command": "pip install", "binary": _all, "requirements": reqs})) == 0
}

test_uv_builds_an_editable_direct_source_even_under_no_build if {
	editable := object.union(_req("vcs", "git+https://example.com/x.git"), {"editable": true})
	overrides := {"tool": "uv", "command": "pip install", "binary": _all, "requirements": [editable]}
	count(_deny(overrides)) == 1
}

test_url_and_archive_requirements_are_denied if {
	reqs := [_req("url", "https://example.com/simple/x/"), _req("archive", "x-1.0.tar.gz")]
	found := _deny({"binary": _all, "requirements": reqs})
	some f in found
	contains(f.message, "https://example.com/simple/x/, x-1.0.tar.gz")
}

test_vcs_requirement_stays_denied_with_unknowns if {
	overrides := {
		"requirements": [_req("vcs", "git+https://example.com/x.git")],
		"unknowns": [{"reason": "FLAGS has no known value", "text": "$FLAGS"}],
	}
	count(_deny(overrides)) == 1
	count(_warn(overrides)) == 0
}

test_resolution_is_always_denied if {
	overrides := {"tool": "poetry", "command": "lock", "resolves": true, "binary": _all, "requirements": []}
	some f in _deny(overrides)
	startswith(f.message, "poetry lock resolves dependencies")
}

test_setup_py_is_always_denied if {
	some f in _deny({"tool": "setuptools", "command": "setup.py install", "binary": _all, "requirements": []})
	f.message == "python setup.py install runs build scripts directly: install a built wheel instead"
}

test_easy_install_is_always_denied if {
	some f in _deny({"tool": "easy_install", "command": "install", "binary": _all})
	startswith(f.message, "easy_install runs build scripts")
}

test_unknown_flags_are_a_warning_not_a_denial if {
	overrides := {"unknowns": [{"reason": "FLAGS has no known value", "text": "$FLAGS"}]}
	count(_deny(overrides)) == 0
	some f in _warn(overrides)
	f.verdict == "unknown"
	f.message == "the gate cannot tell whether pip install can run build scripts: FLAGS has no known value: `$FLAGS`"
}

test_unknown_whose_reason_names_its_argument_is_not_repeated if {
	overrides := {"unknowns": [{"reason": "$FLAGS may hold options", "text": "$FLAGS"}]}
	some f in _warn(overrides)
	endswith(f.message, "build scripts: $FLAGS may hold options")
}

test_unknown_environment_variable_is_named_once if {
	overrides := {"unknowns": [{"reason": "PIP_CONFIG_FILE has no known value", "text": "PIP_CONFIG_FILE=?"}]}
	some f in _warn(overrides)
	endswith(f.message, "build scripts: PIP_CONFIG_FILE has no known value")
}

test_code_with_a_backtick_is_quoted_in_double_backticks if {
	overrides := {"unknowns": [{"reason": "pip subcommand has no known value", "text": "`cat cmd`"}]}
	some f in _warn(overrides)
	endswith(f.message, "pip subcommand has no known value: `` `cat cmd` ``")
}

test_unknown_after_only_binary_is_a_warning if {
	overrides := {"binary": _all, "unknowns": [{"reason": "FLAGS has no known value", "text": "$FLAGS"}]}
	count(_deny(overrides)) == 0
	count(_warn(overrides)) == 1
}

test_unknown_requirement_with_only_binary_is_a_warning if {
	overrides := {"binary": _all, "requirements": [_req("unknown", "$PKG")]}
	some f in _warn(overrides)
	contains(f.message, "requirement $PKG has no known value")
}

test_unknown_requirement_without_only_binary_is_denied if {
	overrides := {"requirements": [_req("unknown", "<stdin>")]}
	count(_deny(overrides)) == 1
	count(_warn(overrides)) == 0
}

test_the_message_quotes_the_install_hint if {
	some uv in _deny({"tool": "uv", "command": "pip install", "hint": "add --no-build"})
	uv.message == "uv pip install can run build scripts: add --no-build"
	some pipx_uv in _deny({"tool": "pipx", "command": "install", "backend": "uv", "hint": "force the pip backend"})
	endswith(pipx_uv.message, "force the pip backend")
}

test_an_install_without_a_hint_is_told_to_switch_source_builds_off if {
	some other in _deny({"tool": "conda-pip", "command": "install", "hint": null})
	endswith(other.message, "switch source builds off")
}

test_opaque_code_is_a_warning_at_its_location if {
	doc := object.union(_doc([]), {"opaque": [{"location": _loc, "reason": "eval of an unknown value", "text": "eval \"$X\"", "line": 0}]})
	found := rule.warn with input as doc
	some f in found
	f.install == null
	f.location == _loc
	f.verdict == "unknown"
	f.message == "the gate cannot see into `eval \"$X\"` (eval of an unknown value): it may install packages"
}

test_opaque_code_holding_a_backtick_keeps_its_code_span_whole if {
	doc := object.union(_doc([]), {"opaque": [{"location": _loc, "reason": "eval of an unknown value", "text": "eval `cat f`", "line": 0}]})
	some f in rule.warn with input as doc
	f.message == "the gate cannot see into `` eval `cat f` `` (eval of an unknown value): it may install packages"
}

test_unjudgeable_image_is_a_warning if {
	loc := {"path": "img", "line": null, "history_index": null}
	doc := object.union(_doc([]), {"unjudgeable": [{"location": loc, "reason": "no shell history (ko)"}]})
	found_1 := rule.warn with input as doc
	some f in found_1
	f.message == "the build cannot be judged: no shell history (ko)"
}

test_data_exception_marks_the_finding if {
	exceptions := [{"rule": "python-build-scripts", "path": "Dockerfile", "reason": "SEC-1", "source": "d.yaml:2"}]
	found_2 := _deny({}) with data.gate.exceptions as exceptions
	some f in found_2
	f.exception == {"reason": "SEC-1", "source": "d.yaml:2"}
}

test_data_exception_marks_opaque_findings if {
	doc := object.union(_doc([]), {"opaque": [{"location": _loc, "reason": "eval", "text": "eval", "line": 0}]})
	found_3 := rule.warn with input as doc with data.gate.exceptions as [{"stage": "app", "reason": "reviewed"}]
	some f in found_3
	f.exception.reason == "reviewed"
}

test_package_exception_does_not_mark_an_install_with_other_packages if {
	exceptions := [{"package": "lxml", "reason": "needs libxml2 build"}]
	found_4 := _deny({"requirements": [_req("name", "LXML==5.0")]}) with data.gate.exceptions as exceptions
	some lone in found_4
	lone.exception.reason == "needs libxml2 build"
	found_5 := _deny({"requirements": [_req("name", "lxml"), _req("name", "evil")]}) with data.gate.exceptions as exceptions
	some mixed in found_5
	not "exception" in object.keys(mixed)
}

test_trusted_base_marks_base_layer_installs if {
	doc := object.union(_doc([_install({"from_base": true})]), {"target": {"kind": "image", "path": "x", "base_digest": "sha256:abc"}})
	found_6 := rule.deny with input as doc with data.gate.trusted_bases as ["sha256:abc"]
	some f in found_6
	f.exception.reason == "base image sha256:abc is trusted"
	found_7 := rule.deny with input as object.union(doc, {"installs": [_install({})]}) with data.gate.trusted_bases as ["sha256:abc"]
	some own in found_7
	not "exception" in object.keys(own)
}

test_base_image_step_is_denied_and_says_it_comes_from_the_base if {
	some f in _deny({"tool": "pip", "command": "install", "binary": {"only_binary": [], "no_binary": [], "events": []}, "requirements": [{"kind": "name", "text": "flask"}], "from_base": true})
	contains(f.message, "comes from the base image")
}

test_own_step_does_not_mention_the_base if {
	some f in _deny({"tool": "pip", "command": "install", "binary": {"only_binary": [], "no_binary": [], "events": []}, "requirements": [{"kind": "name", "text": "flask"}], "from_base": false})
	not contains(f.message, "base image")
}
