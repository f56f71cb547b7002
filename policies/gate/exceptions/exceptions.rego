# METADATA
# title: Exceptions must say why and stay current
# description: >-
#   An entry of data.gate.exceptions without a reason, with an unreadable expiry date, or past its
#   expiry date covers nothing; this rule reports it so nobody believes it still applies.
# custom:
#   id: gate-exceptions
#   severity: warn
#   fix: Give the entry a reason and an expiry date (YYYY-MM-DD, the last day it applies), or remove it.
package gate.rules.gate_exceptions

import data.gate.lib.exceptions

_finding(e, message) := {
	"install": null,
	"location": exceptions.entry_location(e),
	"message": message,
	"fix": null,
	# A certain statement about the configuration, so --strict does not turn it into a denial.
	"verdict": "builds",
}

warn contains f if {
	some e in data.gate.exceptions
	not is_object(e)
	f := _finding(e, "exception is not a mapping and is not honoured")
}

warn contains f if {
	some e in data.gate.exceptions
	is_object(e)
	not exceptions.has_reason(e)
	f := _finding(e, "exception has no reason and is not honoured: every exception must say why")
}

warn contains f if {
	some e in data.gate.exceptions
	is_object(e)
	exceptions.bad_expiry(e)
	msg := sprintf("exception expiry %v is not a YYYY-MM-DD date; the exception is not honoured", [e.expires])
	f := _finding(e, msg)
}

warn contains f if {
	some e in data.gate.exceptions
	is_object(e)
	unknown := exceptions.unknown_fields(e)
	count(unknown) > 0
	msg := sprintf(
		"exception field %s is not one gate knows (%s) and the exception is not honoured",
		[concat(", ", sort(unknown)), concat(", ", sort(exceptions.fields))],
	)
	f := _finding(e, msg)
}

warn contains f if {
	some e in data.gate.exceptions
	exceptions.valid(e)
	exceptions.expired(e)
	msg := sprintf("exception expired on %s and no longer applies: %s", [e.expires, e.reason])
	f := _finding(e, msg)
}
