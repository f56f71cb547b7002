"""gate: a build-time policy gate for Python supply-chain safety."""

__version__ = "0.1.0"
