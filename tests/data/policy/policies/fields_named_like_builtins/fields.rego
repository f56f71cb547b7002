# Fields named like the builtins regorus does not answer are data, not calls.
package gate.rules.fields_named_like_builtins

warn contains {"install": i.id, "message": "runtime field"} if {
	some i in input.installs
	i.opa.runtime == input.http.send
}
