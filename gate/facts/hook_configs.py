"""Configuration files through which a later program runs a command: apt's `…::Pre-Invoke` /
`…::Post-Invoke` / `Pre-Install-Pkgs` (apt.conf, apt.conf.d), dpkg's `pre-invoke`/`post-invoke`
(dpkg.cfg, dpkg.cfg.d), git's configuration (`core.fsmonitor`, `core.sshCommand`, a credential
helper, …) and git's hook scripts.

A file the build writes there whose text runs an installer is `unknown` where it is written, as a
`.pth` hook is: the later `apt-get install`, `git clone` or `git status` that runs it names no
installer. Before (atk24, 2026-12-08) they gave no finding. Measured git 2.39 (a ~/.gitconfig
`core.fsmonitor`, a template's post-checkout hook) with a fake pip; apt and dpkg by apt.conf(5)
and dpkg(1).
"""

from __future__ import annotations

import re

from gate.facts.mentions import TOKEN, runs_installer
from gate.facts.runnable_text import runnable

_APT = re.compile(r"^/etc/apt/apt\.conf(?:\.d/[^/]+)?$")
_DPKG = re.compile(r"^/etc/dpkg/dpkg\.cfg(?:\.d/[^/]+)?$")
_GIT_CONFIG = re.compile(r"(?:^|/)(?:\.gitconfig|gitconfig|\.git/config|git/config)$")
_GIT_HOOK = re.compile(
    r"/hooks/(?:applypatch-msg|pre-applypatch|post-applypatch|pre-commit|pre-merge-commit|"
    r"prepare-commit-msg|commit-msg|post-commit|pre-rebase|post-checkout|post-merge|pre-push|"
    r"pre-receive|update|proc-receive|post-receive|post-update|reference-transaction|"
    r"push-to-checkout|pre-auto-gc|post-rewrite|fsmonitor-watchman|p4-[a-z-]+)$"
)
# What makes the text a command there (apt's and dpkg's hook keys; any git key may be one).
_APT_HOOK = re.compile(r"Invoke|Pre-Install-Pkgs", re.IGNORECASE)


def may_be_hook(path: str) -> bool:
    """A path whose file a later program may run commands from, by its name (cheap first: every
    file a `COPY . .` writes is asked)."""
    if "apt" not in path and "dpkg" not in path and "git" not in path and "/hooks/" not in path:
        return False
    return bool(
        _APT.match(path) or _DPKG.match(path) or _GIT_CONFIG.search(path) or _GIT_HOOK.search(path)
    )


def hook_text(path: str, text: str) -> str | None:
    """What of the file at `path` a later program may run (its comments left out), or None where
    it runs nothing: no hook file, or an apt/dpkg file with no hook key."""
    if not may_be_hook(path) or len(text) > 4_000_000:
        return None
    text = runnable(path, text)
    if (_APT.match(path) or _DPKG.match(path)) and not _APT_HOOK.search(text):
        return None
    return text


def runs_installer_hook(path: str, text: str) -> bool:
    """The file at `path` makes a later program run an install command."""
    runs = hook_text(path, text)
    return runs is not None and runs_installer(TOKEN.findall(runs))
