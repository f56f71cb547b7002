import pip
pip.main(["install", "flask"])
