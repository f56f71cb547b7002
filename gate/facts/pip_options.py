"""Which options pip's parsers know, per pip era, so abbreviations resolve as pip resolves them.

pip parses with optparse: a long option may be any unique prefix of a long option string the
parser knows (`--only-b` is `--only-binary`), counted over option *strings* (`--no-dep` is ambiguous
between `--no-deps` and `--no-dependencies`); short options are single letters that cluster and
take an attached value (`-rreq.txt`). A prefix that is unique in one pip release can be ambiguous
in a later one: `--only` meant `--only-binary` up to pip 25.3, and pip 26.0 added `--only-final`.
So names are resolved newest era first and fall back to older eras: when the newest pip rejects a
spelling it installs nothing, and the older pip that accepts it decides what can be built.

The tables were dumped from pip's own parsers (`create_main_parser`, `create_command(name).parser`,
`req_file.build_parser`) at pypa/pip tags 23.2.1, 24.0, 25.0.1, 25.1.1, 25.2, 25.3, 26.0, 26.1,
26.2.1 and HEAD 6d30920; each era is the union of its releases. `scripts/gen_pip_options.py`
regenerates them (`--write`) from pip sources or installs given on its command line.
"""

from __future__ import annotations

from dataclasses import dataclass

# Newest first: the order in which an ambiguous or unknown spelling falls back.
ERAS: tuple[str, ...] = ("26", "25", "23")
# Parser kinds: the main parser (before the subcommand), each command, requirements-file lines.
KINDS: tuple[str, ...] = ("general", "install", "download", "wheel", "lock", "requirements")

_TABLES: dict[tuple[str, str], tuple[str, str]] = {
    ("26", "general"): (
        (
            "--cache-dir --cert --client-cert --default-timeout --exists-action "
            "--keyring-provider --local-log --log --log-file --proxy --python --resume-retries "
            "--retries --timeout --trusted-host --use-deprecated --use-feature "
        ),
        (
            "--debug --disable-pip-version-check --help --isolated --no-cache-dir --no-color "
            "--no-input --no-proxy-env --no-python-version-warning --quiet --require-venv "
            "--require-virtualenv --verbose --version -V -h -q -v "
        ),
    ),
    ("26", "install"): (
        (
            "--abi --all-releases --build-constraint --cache-dir --cert --client-cert "
            "--config-settings --constraint --default-timeout --editable --exists-action "
            "--extra-index-url --find-links --group --implementation --index-url "
            "--keyring-provider --local-log --log --log-file --no-binary --only-binary "
            "--only-final --platform --prefix --progress-bar --proxy --pypi-url --python "
            "--python-version --refresh-package --report --requirement --requirements-from-script "
            "--resume-retries --retries --root --root-user-action --source --source-dir "
            "--source-directory --src --target --timeout --trusted-host --upgrade-strategy "
            "--uploaded-prior-to --use-deprecated --use-feature -C -c -e -f -i -r -t "
        ),
        (
            "--break-system-packages --check-build-dependencies --compile --debug "
            "--disable-pip-version-check --dry-run --force-reinstall --help --ignore-installed "
            "--ignore-requires-python --isolated --no-build-isolation --no-cache-dir --no-clean "
            "--no-color --no-compile --no-dependencies --no-deps --no-index --no-input "
            "--no-proxy-env --no-python-version-warning --no-require-hashes --no-user "
            "--no-warn-conflicts --no-warn-script-location --only-dependencies --only-deps --pre "
            "--prefer-binary --quiet --require-hashes --require-venv --require-virtualenv "
            "--upgrade --use-pep517 --user --verbose --version -I -U -V -h -q -v "
        ),
    ),
    ("26", "download"): (
        (
            "--abi --all-releases --build-constraint --cache-dir --cert --client-cert "
            "--constraint --default-timeout --dest --destination-dir --destination-directory "
            "--exists-action --extra-index-url --find-links --group --implementation --index-url "
            "--keyring-provider --local-log --log --log-file --no-binary --only-binary "
            "--only-final --platform --progress-bar --proxy --pypi-url --python --python-version "
            "--refresh-package --requirement --requirements-from-script --resume-retries "
            "--retries --source --source-dir --source-directory --src --timeout --trusted-host "
            "--uploaded-prior-to --use-deprecated --use-feature -c -d -f -i -r "
        ),
        (
            "--check-build-dependencies --debug --disable-pip-version-check --help "
            "--ignore-requires-python --isolated --no-build-isolation --no-cache-dir --no-clean "
            "--no-color --no-dependencies --no-deps --no-index --no-input --no-proxy-env "
            "--no-python-version-warning --no-require-hashes --only-dependencies --only-deps "
            "--pre --prefer-binary --quiet --require-hashes --require-venv --require-virtualenv "
            "--use-pep517 --verbose --version -V -h -q -v "
        ),
    ),
    ("26", "wheel"): (
        (
            "--all-releases --build-constraint --cache-dir --cert --client-cert --config-settings "
            "--constraint --default-timeout --editable --exists-action --extra-index-url "
            "--find-links --group --index-url --keyring-provider --local-log --log --log-file "
            "--no-binary --only-binary --only-final --progress-bar --proxy --pypi-url --python "
            "--refresh-package --requirement --requirements-from-script --resume-retries "
            "--retries --source --source-dir --source-directory --src --timeout --trusted-host "
            "--uploaded-prior-to --use-deprecated --use-feature --wheel-dir -C -c -e -f -i -r -w "
        ),
        (
            "--check-build-dependencies --debug --disable-pip-version-check --help "
            "--ignore-requires-python --isolated --no-build-isolation --no-cache-dir --no-clean "
            "--no-color --no-dependencies --no-deps --no-index --no-input --no-proxy-env "
            "--no-python-version-warning --no-require-hashes --no-verify --only-dependencies "
            "--only-deps --pre --prefer-binary --quiet --require-hashes --require-venv "
            "--require-virtualenv --use-pep517 --verbose --version -V -h -q -v "
        ),
    ),
    ("26", "lock"): (
        (
            "--all-releases --build-constraint --cache-dir --cert --client-cert --config-settings "
            "--constraint --default-timeout --editable --exists-action --extra-index-url "
            "--find-links --group --index-url --keyring-provider --local-log --log --log-file "
            "--no-binary --only-binary --only-final --output --progress-bar --proxy --pypi-url "
            "--python --refresh-package --requirement --requirements-from-script --resume-retries "
            "--retries --source --source-dir --source-directory --src --timeout --trusted-host "
            "--uploaded-prior-to --use-deprecated --use-feature -C -c -e -f -i -o -r "
        ),
        (
            "--check-build-dependencies --debug --disable-pip-version-check --help "
            "--ignore-requires-python --isolated --no-build-isolation --no-cache-dir --no-clean "
            "--no-color --no-dependencies --no-deps --no-index --no-input --no-proxy-env "
            "--no-python-version-warning --no-require-hashes --only-dependencies --only-deps "
            "--pre --prefer-binary --quiet --require-hashes --require-venv --require-virtualenv "
            "--use-pep517 --verbose --version -V -h -q -v "
        ),
    ),
    ("26", "requirements"): (
        (
            "--all-releases --config-settings --constraint --editable --extra-index-url "
            "--find-links --hash --index-url --no-binary --only-binary --only-final --pypi-url "
            "--requirement --trusted-host --use-feature -C -c -e -f -i -r "
        ),
        ("--no-index --no-require-hashes --pre --prefer-binary --require-hashes "),
    ),
    ("25", "general"): (
        (
            "--cache-dir --cert --client-cert --default-timeout --exists-action "
            "--keyring-provider --local-log --log --log-file --proxy --python --resume-retries "
            "--retries --timeout --trusted-host --use-deprecated --use-feature "
        ),
        (
            "--debug --disable-pip-version-check --help --isolated --no-cache-dir --no-color "
            "--no-input --no-python-version-warning --quiet --require-venv --require-virtualenv "
            "--verbose --version -V -h -q -v "
        ),
    ),
    ("25", "install"): (
        (
            "--abi --build-constraint --cache-dir --cert --client-cert --config-settings "
            "--constraint --default-timeout --editable --exists-action --extra-index-url "
            "--find-links --global-option --group --implementation --index-url --keyring-provider "
            "--local-log --log --log-file --no-binary --only-binary --platform --prefix "
            "--progress-bar --proxy --pypi-url --python --python-version --report --requirement "
            "--resume-retries --retries --root --root-user-action --source --source-dir "
            "--source-directory --src --target --timeout --trusted-host --upgrade-strategy "
            "--use-deprecated --use-feature -C -c -e -f -i -r -t "
        ),
        (
            "--break-system-packages --check-build-dependencies --compile --debug "
            "--disable-pip-version-check --dry-run --force-reinstall --help --ignore-installed "
            "--ignore-requires-python --isolated --no-build-isolation --no-cache-dir --no-clean "
            "--no-color --no-compile --no-dependencies --no-deps --no-index --no-input "
            "--no-python-version-warning --no-use-pep517 --no-user --no-warn-conflicts "
            "--no-warn-script-location --pre --prefer-binary --quiet --require-hashes "
            "--require-venv --require-virtualenv --upgrade --use-pep517 --user --verbose "
            "--version -I -U -V -h -q -v "
        ),
    ),
    ("25", "download"): (
        (
            "--abi --build-constraint --cache-dir --cert --client-cert --constraint "
            "--default-timeout --dest --destination-dir --destination-directory --exists-action "
            "--extra-index-url --find-links --global-option --group --implementation --index-url "
            "--keyring-provider --local-log --log --log-file --no-binary --only-binary --platform "
            "--progress-bar --proxy --pypi-url --python --python-version --requirement "
            "--resume-retries --retries --source --source-dir --source-directory --src --timeout "
            "--trusted-host --use-deprecated --use-feature -c -d -f -i -r "
        ),
        (
            "--check-build-dependencies --debug --disable-pip-version-check --help "
            "--ignore-requires-python --isolated --no-build-isolation --no-cache-dir --no-clean "
            "--no-color --no-dependencies --no-deps --no-index --no-input "
            "--no-python-version-warning --no-use-pep517 --pre --prefer-binary --quiet "
            "--require-hashes --require-venv --require-virtualenv --use-pep517 --verbose "
            "--version -V -h -q -v "
        ),
    ),
    ("25", "wheel"): (
        (
            "--build-constraint --build-option --cache-dir --cert --client-cert --config-settings "
            "--constraint --default-timeout --editable --exists-action --extra-index-url "
            "--find-links --global-option --group --index-url --keyring-provider --local-log "
            "--log --log-file --no-binary --only-binary --progress-bar --proxy --pypi-url "
            "--python --requirement --resume-retries --retries --source --source-dir "
            "--source-directory --src --timeout --trusted-host --use-deprecated --use-feature "
            "--wheel-dir -C -c -e -f -i -r -w "
        ),
        (
            "--check-build-dependencies --debug --disable-pip-version-check --help "
            "--ignore-requires-python --isolated --no-build-isolation --no-cache-dir --no-clean "
            "--no-color --no-dependencies --no-deps --no-index --no-input "
            "--no-python-version-warning --no-use-pep517 --no-verify --pre --prefer-binary "
            "--quiet --require-hashes --require-venv --require-virtualenv --use-pep517 --verbose "
            "--version -V -h -q -v "
        ),
    ),
    ("25", "lock"): (
        (
            "--build-constraint --cache-dir --cert --client-cert --config-settings --constraint "
            "--default-timeout --editable --exists-action --extra-index-url --find-links --group "
            "--index-url --keyring-provider --local-log --log --log-file --no-binary "
            "--only-binary --output --progress-bar --proxy --pypi-url --python --requirement "
            "--resume-retries --retries --source --source-dir --source-directory --src --timeout "
            "--trusted-host --use-deprecated --use-feature -C -c -e -f -i -o -r "
        ),
        (
            "--check-build-dependencies --debug --disable-pip-version-check --help "
            "--ignore-requires-python --isolated --no-build-isolation --no-cache-dir --no-clean "
            "--no-color --no-dependencies --no-deps --no-index --no-input "
            "--no-python-version-warning --no-use-pep517 --pre --prefer-binary --quiet "
            "--require-hashes --require-venv --require-virtualenv --use-pep517 --verbose "
            "--version -V -h -q -v "
        ),
    ),
    ("25", "requirements"): (
        (
            "--config-settings --constraint --editable --extra-index-url --find-links --hash "
            "--index-url --no-binary --only-binary --pypi-url --requirement --trusted-host "
            "--use-feature -C -c -e -f -i -r "
        ),
        ("--no-index --pre --prefer-binary --require-hashes "),
    ),
    ("23", "general"): (
        (
            "--cache-dir --cert --client-cert --default-timeout --exists-action "
            "--keyring-provider --local-log --log --log-file --proxy --python --retries --timeout "
            "--trusted-host --use-deprecated --use-feature "
        ),
        (
            "--debug --disable-pip-version-check --help --isolated --no-cache-dir --no-color "
            "--no-input --no-python-version-warning --quiet --require-venv --require-virtualenv "
            "--verbose --version -V -h -q -v "
        ),
    ),
    ("23", "install"): (
        (
            "--abi --cache-dir --cert --client-cert --config-settings --constraint "
            "--default-timeout --editable --exists-action --extra-index-url --find-links "
            "--global-option --implementation --index-url --keyring-provider --local-log --log "
            "--log-file --no-binary --only-binary --platform --prefix --progress-bar --proxy "
            "--pypi-url --python --python-version --report --requirement --retries --root "
            "--root-user-action --source --source-dir --source-directory --src --target --timeout "
            "--trusted-host --upgrade-strategy --use-deprecated --use-feature -C -c -e -f -i -r "
            "-t "
        ),
        (
            "--break-system-packages --check-build-dependencies --compile --debug "
            "--disable-pip-version-check --dry-run --force-reinstall --help --ignore-installed "
            "--ignore-requires-python --isolated --no-build-isolation --no-cache-dir --no-clean "
            "--no-color --no-compile --no-dependencies --no-deps --no-index --no-input "
            "--no-python-version-warning --no-use-pep517 --no-user --no-warn-conflicts "
            "--no-warn-script-location --pre --prefer-binary --quiet --require-hashes "
            "--require-venv --require-virtualenv --upgrade --use-pep517 --user --verbose "
            "--version -I -U -V -h -q -v "
        ),
    ),
    ("23", "download"): (
        (
            "--abi --cache-dir --cert --client-cert --constraint --default-timeout --dest "
            "--destination-dir --destination-directory --exists-action --extra-index-url "
            "--find-links --global-option --implementation --index-url --keyring-provider "
            "--local-log --log --log-file --no-binary --only-binary --platform --progress-bar "
            "--proxy --pypi-url --python --python-version --requirement --retries --source "
            "--source-dir --source-directory --src --timeout --trusted-host --use-deprecated "
            "--use-feature -c -d -f -i -r "
        ),
        (
            "--check-build-dependencies --debug --disable-pip-version-check --help "
            "--ignore-requires-python --isolated --no-build-isolation --no-cache-dir --no-clean "
            "--no-color --no-dependencies --no-deps --no-index --no-input "
            "--no-python-version-warning --no-use-pep517 --pre --prefer-binary --quiet "
            "--require-hashes --require-venv --require-virtualenv --use-pep517 --verbose "
            "--version -V -h -q -v "
        ),
    ),
    ("23", "wheel"): (
        (
            "--build-option --cache-dir --cert --client-cert --config-settings --constraint "
            "--default-timeout --editable --exists-action --extra-index-url --find-links "
            "--global-option --index-url --keyring-provider --local-log --log --log-file "
            "--no-binary --only-binary --progress-bar --proxy --pypi-url --python --requirement "
            "--retries --source --source-dir --source-directory --src --timeout --trusted-host "
            "--use-deprecated --use-feature --wheel-dir -C -c -e -f -i -r -w "
        ),
        (
            "--check-build-dependencies --debug --disable-pip-version-check --help "
            "--ignore-requires-python --isolated --no-build-isolation --no-cache-dir --no-clean "
            "--no-color --no-dependencies --no-deps --no-index --no-input "
            "--no-python-version-warning --no-use-pep517 --no-verify --pre --prefer-binary "
            "--quiet --require-hashes --require-venv --require-virtualenv --use-pep517 --verbose "
            "--version -V -h -q -v "
        ),
    ),
    ("23", "requirements"): (
        (
            "--config-settings --constraint --editable --extra-index-url --find-links "
            "--global-option --hash --index-url --no-binary --only-binary --pypi-url "
            "--requirement --trusted-host --use-feature -C -c -e -f -i -r "
        ),
        ("--no-index --pre --prefer-binary --require-hashes "),
    ),
}


@dataclass(frozen=True)
class _Table:
    values: frozenset[str]
    flags: frozenset[str]

    def long_names(self) -> list[str]:
        return [n for n in (*self.values, *self.flags) if n.startswith("--")]


# `pip config`'s own options (commands/configuration.py), the same in every era.
_CONFIG_VALUES = frozenset({"--editor"})
_CONFIG_FLAGS = frozenset({"--global", "--site", "--user"})


def _build() -> dict[tuple[str, str], _Table]:
    tables = {
        key: _Table(frozenset(values.split()), frozenset(flags.split()))
        for key, (values, flags) in _TABLES.items()
    }
    for era in ERAS:
        general = tables[(era, "general")]
        tables[(era, "config")] = _Table(
            general.values | _CONFIG_VALUES, general.flags | _CONFIG_FLAGS
        )
    return tables


_BUILT = _build()


@dataclass(frozen=True)
class Resolved:
    """What pip makes of an option spelling: its full name and whether it takes a value."""

    name: str  # the full option string, e.g. "--only-binary"
    takes_value: bool
    era: str  # the pip era whose parser accepted the spelling


def _tables(kind: str) -> list[tuple[str, _Table]]:
    return [(era, _BUILT[(era, kind)]) for era in ERAS if (era, kind) in _BUILT]


def resolve_long(spelling: str, kind: str) -> Resolved | None:
    """The long option `spelling` (no `=value`) stands for in a `kind` parser, or None.

    None means every pip era rejects it (unknown or ambiguous): pip stops with a usage error.
    """
    for era, table in _tables(kind):
        if spelling in table.values:
            return Resolved(spelling, True, era)
        if spelling in table.flags:
            return Resolved(spelling, False, era)
        matches = [n for n in table.long_names() if n.startswith(spelling)]
        if len(matches) == 1:
            name = matches[0]
            return Resolved(name, name in table.values, era)
    return None


def resolve_short(letter: str, kind: str) -> Resolved | None:
    """The short option `-x` in a `kind` parser (exact letters only), or None."""
    name = "-" + letter
    for era, table in _tables(kind):
        if name in table.values:
            return Resolved(name, True, era)
        if name in table.flags:
            return Resolved(name, False, era)
    return None


def command_kinds() -> tuple[str, ...]:
    """The pip commands whose option tables are known (the ones that can build)."""
    return ("install", "download", "wheel", "lock")
