"""The policy layer: load Rego (built-in + --policy) and data, evaluate facts, read rule metadata.

engine.py (PolicyEngine protocol, embedded regorus engine), opa.py (OPA server engine),
bundle.py (what is loaded), package.py (a module's package as regorus reads it),
metadata.py (METADATA → RuleInfo), judge.py (decision → Findings),
testing.py (`gate policy test`), errors.py (PolicyError). The contract is policies/README.md.
"""
