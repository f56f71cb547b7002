"""My application."""
try:
    import yaml
except ImportError as exc:  # optional dependency
    raise ImportError("PyYAML is required: pip install pyyaml") from exc

VERSION = "1.0"
