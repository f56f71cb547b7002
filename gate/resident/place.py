"""Where a resident process of this installation listens, and whether that place is safe.

Imported by the console-script client on every call: os and sys only.
"""

from __future__ import annotations

import os
import stat
import sys

# Commands served by the resident process; everything else always runs in the calling process
# (serve is long-running, resident manages the process itself, the rest gain nothing).
SERVED = frozenset({"dockerfile", "image", "facts"})
# pidfds, SO_PEERCRED, O_PATH and /proc are Linux's: elsewhere gate always runs in-process.
LINUX = sys.platform.startswith("linux")


def served(argv: list[str]) -> bool:
    """Whether this command line may go to the resident process. Not with --jobs (any spelling
    argparse accepts: -j2, --jobs=2, --jo 2): its workers are forked, and a warm child has the Go
    runtime loaded, which a fork without exec may deadlock (spare.py); many files gain little."""
    if not LINUX or not argv or argv[0] not in SERVED:
        return False
    return not any(a.startswith(("-j", "--j")) for a in argv)


def runtime_dir() -> str:
    """$XDG_RUNTIME_DIR/gate (per-user, tmpfs, cleared at logout), else /tmp/gate-<uid>."""
    base = os.environ.get("XDG_RUNTIME_DIR", "")
    if base and os.path.isabs(base):
        return os.path.join(base, "gate")
    return f"/tmp/gate-{os.getuid()}"


def installation_key(package_dir: str) -> str:
    """A name for this installation (interpreter and gate package): FNV-1a 64 in hex, computed
    here because hashlib costs the client more than the whole key is worth."""
    h = 0xCBF29CE484222325
    for byte in os.fsencode(f"{sys.executable}\0{package_dir}"):
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def package_dir() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def socket_path(directory: str | None = None) -> str:
    return os.path.join(directory or runtime_dir(), installation_key(package_dir()) + ".sock")


def lock_path(socket: str) -> str:
    """The lock a resident process holds for its whole life (one per installation)."""
    return socket[: -len(".sock")] + ".lock"


def safe_dir(directory: str) -> bool:
    """The directory is ours alone: a real directory (not a link), owned by this user, with no
    access for group or others. Anything else may be another user's trap: not used."""
    try:
        info = os.lstat(directory)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mode & 0o077 == 0


def safe_socket(path: str) -> bool:
    """The socket's directory is safe, and the socket itself is a socket we own."""
    if not safe_dir(os.path.dirname(path)):
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISSOCK(info.st_mode) and info.st_uid == os.getuid()


def make_dir(directory: str) -> bool:
    """Create the runtime directory 0700 when missing; True when it is (now) safe."""
    try:
        os.mkdir(directory, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return False
    return safe_dir(directory)
