"""Which uv options take a value, so a parser can tell option values from positional arguments.

Derived from uv's clap definitions (astral-sh/uv 0.12.5+, crates/uv-cli/src/lib.rs and compat.rs at
26a9dd4): every long name, alias and short letter whose argument is not a boolean flag or counter,
over the commands the gate reads. One union set is enough because only a few names are a flag in
one command and take a value in another; those are listed per command in FLAG_EXCEPTIONS.
uv (clap) never accepts abbreviated long options, so only exact names count.
"""

from __future__ import annotations


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


VALUE_OPTIONS = _names(
    "--allow-insecure-host --annotation-style --bounds --branch --build-constraint "
    "--build-constraints --bump --cache-dir --cert --client-cert --color --config "
    "--config-file --config-setting --config-setting-package --config-settings "
    "--config-settings-package --constraint --constraints --custom-compile-command "
    "--default-index --depth --directory --editable --env-file --exclude --exclude-newer "
    "--exclude-newer-package --excludes --extra --extra-index-url --find-links "
    "--fork-strategy --format --from --generate-shell-completion --group --ignore "
    "--ignore-until-fixed --index --index-strategy --index-url --keyring-provider --link-mode "
    "--marker --max-recursion-depth --max-rounds --no-binary --no-binary-package "
    "--no-build-isolation-package --no-build-package --no-editable-package --no-emit-package "
    "--no-extra --no-group --no-install-package --no-sources-package --only-binary "
    "--only-emit-package --only-group --only-install-package --optional --output-file "
    "--output-format --override --overrides --package --pip-args --prefix --prerelease "
    "--prerelease-package --preview-feature --preview-features --project --prune --python "
    "--python-executable --python-fetch --python-platform --python-preference "
    "--python-version --refresh-package --reinstall-package --requirement --requirements "
    "--resolution --resolver --rev --script --service-format --service-url --tag --target "
    "--torch-backend --trusted-host --ty-version --unsafe-package --upgrade-group "
    "--upgrade-package --with --with-editable --with-executables-from --with-requirements -C "
    "-P -b -c -d -e -f -i -m -o -p -r -t -w"
)

# Global options (accepted before the subcommand, and anywhere before `uv run`'s command).
GLOBAL_VALUE_OPTIONS = _names(
    "--allow-insecure-host --cache-dir --cert --color --config-file --directory "
    "--preview-feature --preview-features --project --python-fetch --python-preference "
    "--trusted-host"
)

# Names in VALUE_OPTIONS that are boolean flags in the given command.
_PROJECT_FLAGS = _names("--no-binary")
FLAG_EXCEPTIONS: dict[str, frozenset[str]] = {
    "run": _names("--no-binary --editable --script -m"),
    "sync": _names("--no-binary --editable"),
    "add": _names("--no-binary --editable"),
    "export": _names("--no-binary --editable"),
    "tool install": _names("--no-binary --editable -e"),
    "lock": _PROJECT_FLAGS,
    "remove": _PROJECT_FLAGS,
    "tree": _PROJECT_FLAGS,
    "check": _PROJECT_FLAGS,
    "audit": _PROJECT_FLAGS,
    "version": _PROJECT_FLAGS,
    "tool run": _PROJECT_FLAGS,
    "tool upgrade": _PROJECT_FLAGS,
}


def takes_value(command: str, option: str) -> bool:
    """True when `option` (e.g. "--index-url", "-r") takes a value in `uv <command>`."""
    if option in FLAG_EXCEPTIONS.get(command, frozenset()):
        return False
    return option in VALUE_OPTIONS
