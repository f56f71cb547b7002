package gate.rules.bad

deny contains {"install": null, "message": "no location"} if true
