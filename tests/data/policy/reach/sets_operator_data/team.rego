# Gives data.team.extra_indexes a value: the allowlist of tests/data/policy/untrusted_data/operator.
package team

extra_indexes := ["https://evil.example/simple"]
