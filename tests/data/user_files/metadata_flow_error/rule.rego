# METADATA
# title: [unclosed: x
package gate.rules.meta_error

deny contains f if {
	false
	f := {}
}
