package gate.rules.gate_exceptions_test

import data.gate.rules.gate_exceptions as rule

_june := 1781481600000000000

_warn(entries) := w if {
	w := rule.warn with data.gate.exceptions as entries with time.now_ns as _june
}

test_valid_current_exception_is_not_reported if {
	count(_warn([{"reason": "ok", "expires": "2026-12-31"}])) == 0
}

test_expired_exception_stops_applying_and_is_reported if {
	some f in _warn([{"reason": "SEC-9", "expires": "2026-01-31", "source": "gate.yaml:4"}])
	f.message == "exception expired on 2026-01-31 and no longer applies: SEC-9"
	f.location == {"path": "gate.yaml", "line": 4}
	f.install == null
	f.verdict == "builds"
}

test_exception_without_reason_is_reported if {
	some f in _warn([{"rule": "python-build-scripts", "source": "gate.yaml:2"}])
	startswith(f.message, "exception has no reason")
}

test_bad_expiry_is_reported if {
	some f in _warn([{"reason": "r", "expires": "soon"}])
	f.message == "exception expiry soon is not a YYYY-MM-DD date; the exception is not honoured"
}

test_non_mapping_entry_is_reported if {
	some f in _warn(["python-build-scripts"])
	f.message == "exception is not a mapping and is not honoured"
}

test_misspelt_field_is_reported if {
	some f in _warn([{"packages": ["lxml"], "reason": "SEC-7", "source": "gate.yaml:3"}])
	f.message == "exception field packages is not one gate knows (base_digest, expires, image_digest, package, path, reason, rule, source, stage) and the exception is not honoured"
	f.location == {"path": "gate.yaml", "line": 3}
}
