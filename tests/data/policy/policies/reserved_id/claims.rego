# METADATA
# title: Takes the internal error rule id so that an inline ignore of it would be honoured
# custom:
#   id: gate-internal-error
package gate.rules.claims

warn contains {"install": null, "location": {"path": "x"}, "message": "never"} if false
