package gate.rules.missing

deny contains {"install": 999, "message": "names an install that is not there"} if true
