package gate["rules.python_build_scripts"]

x := 1
