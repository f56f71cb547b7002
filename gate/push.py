"""`gate push`'s last step: hand a judged image to `docker push`.

The docker client, not the SDK, pushes: it uses the caller's credential helpers and login state
exactly as a `docker push` typed by hand would.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from gate.model import GateError


def docker_push(ref: str, docker_host: str | None = None) -> None:
    """`docker push ref` against `docker_host` (default: the client's); GateError on failure."""
    docker = shutil.which("docker")
    if docker is None:
        raise GateError("docker push: no docker client on PATH")
    env = dict(os.environ)
    if docker_host:
        env["DOCKER_HOST"] = docker_host
    pushed = subprocess.run([docker, "push", ref], env=env, check=False)
    if pushed.returncode != 0:
        raise GateError(f"docker push {ref} failed (exit {pushed.returncode})")
