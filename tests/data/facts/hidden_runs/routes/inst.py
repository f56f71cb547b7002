import subprocess
subprocess.run(["pip", "install", "flask"])
