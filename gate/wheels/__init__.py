"""Safe to fix: will an install still build when it may only use wheels (issue 14)?

`check_install(install, target, index)` answers for one install fact; `derive_target` reads the
platform and Python version from the build; `gate wheels PATH…` prints the answers.
"""

from gate.wheels.check import IndexOptions, MissingWheel, WheelCheck, check_install
from gate.wheels.lockfiles import LockFiles, lock_files
from gate.wheels.target import WheelTarget, derive_target

__all__ = [
    "IndexOptions",
    "LockFiles",
    "MissingWheel",
    "WheelCheck",
    "WheelTarget",
    "check_install",
    "derive_target",
    "lock_files",
]
