package gate.rules.team.nested

deny contains "x" if false
