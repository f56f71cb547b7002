"""`--global-option` / `--build-option` imply `--no-binary :all:` (pip 23.2 to 25.x).

After it has read every requirement, pip's install, download, wheel and lock commands call
check_legacy_setup_py_options (req/req_install.py): when the options (command line,
PIP_GLOBAL_OPTION / PIP_BUILD_OPTION, `global-option =` / `build-option =` in a config file)
or any requirement line of a requirements or constraints file (`evil --global-option=x`)
carry either, it calls `format_control.disallow_binaries()`: `--no-binary :all:` applied
after everything, which clears `--only-binary`. Measured with pip 23.2.1, 24.0 and 25.1.1 and
a fake sdist on a local `--find-links`, all under `--only-binary :all:`: `--global-option` on
the command line, on a requirement line, in a constraints file and in a config file,
PIP_GLOBAL_OPTION, and `pip wheel --build-option` each build the sdist ("Implying
--no-binary=:all: due to the presence of --build-option / --global-option"). pip 26 removed
both options (it stops at them): gate reads them as the older pip that accepts them does.
"""

from __future__ import annotations

from gate.model import OptionEvent

OPTIONS = ("--global-option", "--build-option")
KEYS = frozenset({"global-option", "build-option"})


def implied(sources: list[str]) -> list[OptionEvent]:
    """The `--no-binary :all:` pip applies last when any of `sources` carried such options."""
    if not sources:
        return []
    return [OptionEvent(f"{sources[0]} (--global-option/--build-option)", "no-binary", ":all:")]
