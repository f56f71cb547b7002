package gate.rules.helper_only

answer := 42
