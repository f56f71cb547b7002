package gate.lib

exceptions.trusted_bases contains digest if {
	digest := input.target.base_digest
}
