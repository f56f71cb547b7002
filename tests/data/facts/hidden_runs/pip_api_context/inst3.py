import sys
sys.argv = ["pip", "install", "flask"]
from pip._internal.cli.main import main
main()
