from pip._internal.cli.main import main
main(["install", "flask"])
