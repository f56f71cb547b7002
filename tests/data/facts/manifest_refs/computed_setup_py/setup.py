from setuptools import setup
deps = [line.strip() for line in open("requirements.in")]
setup(name="app", version="1.0", install_requires=deps)
