"""A resident zygote for one-file calls: imported once, forked per request (gate resident)."""
