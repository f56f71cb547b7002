package gate.rules.sample

deny contains "x" if input.bad
