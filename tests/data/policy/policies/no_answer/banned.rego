# A team rule asking an internal service (http.send): OPA answers, regorus gives undefined, so
# on the embedded engine it denied nothing, silently. (http.send here, in a comment, is text.)
package gate.rules.banned

deny contains {"install": i.id, "message": "banned by the registry service"} if {
	some i in input.installs
	some r in i.requirements
	http.send({"method": "get", "url": sprintf("https://banned.internal/%s", [r.text])}).body.banned
}
