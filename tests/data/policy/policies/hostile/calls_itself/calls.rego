# A function that calls itself: regorus (unlike OPA) does not refuse it, and overflows its
# stack evaluating it (SIGSEGV, measured on gordon-to-regorus 0.13.0).
package gate.rules.calls_itself

f(x) := y if {
	y := f(x)
}

deny contains {"install": null, "location": {"path": "x"}, "message": "never"} if f(1) == 1
