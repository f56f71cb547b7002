"""A real Docker engine for the suite, and helpers to build test images with both builders.

pytest plugin (register with ``pytest_plugins = ["tests.support.dockerd"]`` or ``-p
tests.support.dockerd``). Session fixtures:
- ``docker_engine``: a ``DockerEngine``. The suite starts its own ``dockerd`` (vfs storage, no
  bridge, no iptables, its own data root, exec root, pid file, config file and unix socket under
  a temporary directory, so a system dockerd is left alone) and stops it at the end. Set
  ``GATE_TEST_DOCKER_HOST`` to use an engine that is already running instead.
- ``stub_base_image``: ``gate-stub:base`` built from ``shared/corpus-images/stub-base.Dockerfile``
  (busybox from Debian's busybox-static plus the stub tool script), with the legacy builder.
- ``image_builder``: an ``ImageBuilder`` that builds (once per session) test images on the stub
  base with the legacy builder (the Engine API, ``DOCKER_BUILDKIT`` unset) or with BuildKit
  (``DOCKER_BUILDKIT=1 /usr/bin/docker build``, Debian's docker.io client).
A missing dockerd, docker client or busybox makes the fixtures fail loudly, never skip.
BuildKit here has no Dockerfile frontend image to pull, so test Dockerfiles cannot use heredocs.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pytest

from tests.support.paths import shared

if TYPE_CHECKING:
    from docker import APIClient

Builder = Literal["legacy", "buildkit"]

STUB_BASE = "gate-stub:base"
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
BUILD_TIMEOUT = 180.0
BUSYBOX = Path(os.environ.get("GATE_BUSYBOX", "/bin/busybox"))
# Debian's docker.io client: /usr/local/bin/docker may be a newer client that needs buildx.
DOCKER_CLI = os.environ.get("GATE_DOCKER_CLI", "/usr/bin/docker")
_DOCKERD_CANDIDATES = ("/usr/sbin/dockerd", "/usr/bin/dockerd")


def _fail(message: str) -> None:
    pytest.fail(message, pytrace=False)


def _dockerd_binary() -> str:
    configured = os.environ.get("GATE_DOCKERD")
    candidates = [configured] if configured else [shutil.which("dockerd"), *_DOCKERD_CANDIDATES]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    _fail("dockerd is not installed (Debian package docker.io; or set GATE_DOCKERD)")
    raise AssertionError("unreachable")


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.socket_path)
        self.sock = sock


def _ping(host: str, timeout: float = 2.0) -> bool:
    """True when the engine at `host` (``unix://`` only) answers ``GET /_ping``."""
    if not host.startswith("unix://"):
        import docker

        try:
            client = docker.APIClient(base_url=host, version="auto", timeout=timeout)
            client.close()
            return True
        except Exception:
            return False
    connection = _UnixConnection(host[len("unix://") :], timeout)
    try:
        connection.request("GET", "/_ping")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@dataclass
class DockerEngine:
    """An engine the tests may use: where it listens, and the dockerd the suite started."""

    host: str
    root: Path  # scratch space for build contexts, saved archives and client config
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def api(self) -> APIClient:
        """A low-level Docker SDK client for this engine."""
        import docker

        return docker.APIClient(base_url=self.host, version="auto", timeout=120)

    def cli_env(self, *, buildkit: bool) -> dict[str, str]:
        """Environment for /usr/bin/docker: this engine, an empty client config."""
        config = self.root / "client-config"
        config.mkdir(exist_ok=True)
        env = {
            "PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
            "HOME": str(self.root),
            "DOCKER_HOST": self.host,
            "DOCKER_CONFIG": str(config),
        }
        if buildkit:
            env["DOCKER_BUILDKIT"] = "1"
        return env

    def save(self, ref: str, dest: Path) -> Path:
        """``docker save`` of `ref` into `dest` (through the Engine API)."""
        client = self.api()
        try:
            with dest.open("wb") as out:
                for chunk in client.get_image(ref):
                    out.write(chunk)
        finally:
            client.close()
        return dest

    def log_tail(self, lines: int = 30) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _start_dockerd(root: Path) -> DockerEngine:
    binary = _dockerd_binary()
    sock = root / "docker.sock"
    config = root / "daemon.json"
    # Our own config file (a system /etc/docker/daemon.json may set hosts), and the trust key
    # kept under our root instead of /etc/docker/key.json.
    config.write_text(json.dumps({"deprecated-key-path": str(root / "key.json")}))
    log = root / "dockerd.log"
    argv = [
        binary,
        "--iptables=false",
        "--bridge=none",
        "--storage-driver=vfs",
        f"--data-root={root / 'data'}",
        f"--exec-root={root / 'exec'}",
        f"--pidfile={root / 'docker.pid'}",
        f"--config-file={config}",
        f"--host=unix://{sock}",
        # Distinct namespaces in case dockerd shares a system containerd.
        "--containerd-namespace=gate-test",
        "--containerd-plugins-namespace=gate-test-plugins",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
    env["PATH"] = env.get("PATH", "") + ":/usr/sbin:/sbin"
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    engine = DockerEngine(host=f"unix://{sock}", root=root, process=process, log=log)
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _fail(f"dockerd exited with status {process.returncode}:\n{engine.log_tail()}")
        if sock.exists() and _ping(engine.host, timeout=1.0):
            return engine
        time.sleep(0.1)
    _stop_dockerd(engine)
    _fail(f"dockerd did not answer within {READY_TIMEOUT:g} s:\n{engine.log_tail()}")
    raise AssertionError("unreachable")


def _stop_dockerd(engine: DockerEngine) -> None:
    process = engine.process
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        # Our own session: dockerd and the containerd it started.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture(scope="session")
def docker_engine() -> Iterator[DockerEngine]:
    """A running Docker engine: the suite's own dockerd, or GATE_TEST_DOCKER_HOST."""
    # Short path: unix socket paths are limited to 108 bytes.
    root = Path(tempfile.mkdtemp(prefix="gate-dockerd-", dir="/tmp"))
    external = os.environ.get("GATE_TEST_DOCKER_HOST")
    try:
        if external:
            if not _ping(external):
                _fail(f"GATE_TEST_DOCKER_HOST={external} does not answer")
            yield DockerEngine(host=external, root=root)
            return
        engine = _start_dockerd(root)
        try:
            yield engine
        finally:
            _stop_dockerd(engine)
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Building images.


@dataclass(frozen=True)
class BuiltImage:
    tag: str
    id: str
    builder: Builder


def _context(root: Path, dockerfile: Path, files: Sequence[Path]) -> Path:
    context = Path(tempfile.mkdtemp(prefix="ctx-", dir=root))
    shutil.copyfile(dockerfile, context / "Dockerfile")
    for item in files:
        shutil.copy2(item, context / item.name)
    return context


def _legacy_build(
    engine: DockerEngine, context: Path, tag: str, build_args: Mapping[str, str]
) -> None:
    client = engine.api()
    log: list[str] = []
    try:
        for chunk in client.build(
            path=str(context),
            tag=tag,
            rm=True,
            forcerm=True,
            network_mode="none",
            buildargs=dict(build_args),
            decode=True,
            timeout=int(BUILD_TIMEOUT),
        ):
            if not isinstance(chunk, dict):
                continue
            if "stream" in chunk:
                log.append(str(chunk["stream"]))
            if "error" in chunk:
                _fail(f"legacy build of {tag} failed: {chunk['error']}\n{''.join(log)}")
    finally:
        client.close()


def _buildkit_build(
    engine: DockerEngine, context: Path, tag: str, build_args: Mapping[str, str]
) -> None:
    if not os.access(DOCKER_CLI, os.X_OK):
        _fail(f"{DOCKER_CLI} is missing (Debian package docker.io; or set GATE_DOCKER_CLI)")
    argv = [DOCKER_CLI, "build", "--progress", "plain", "--network", "host", "-t", tag]
    for key, value in build_args.items():
        argv += ["--build-arg", f"{key}={value}"]
    argv.append(str(context))
    done = subprocess.run(
        argv,
        env=engine.cli_env(buildkit=True),
        capture_output=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode(errors="replace")
        _fail(f"BuildKit build of {tag} failed ({done.returncode}):\n{output[-4000:]}")


def build_image(
    engine: DockerEngine,
    dockerfile: Path,
    tag: str,
    *,
    builder: Builder,
    files: Sequence[Path] = (),
    build_args: Mapping[str, str] | None = None,
) -> BuiltImage:
    """Build `dockerfile` (with `files` beside it in the context) as `tag`."""
    context = _context(engine.root, dockerfile, files)
    try:
        if builder == "legacy":
            _legacy_build(engine, context, tag, build_args or {})
        else:
            _buildkit_build(engine, context, tag, build_args or {})
    finally:
        shutil.rmtree(context, ignore_errors=True)
    client = engine.api()
    try:
        image_id = client.inspect_image(tag)["Id"]
    finally:
        client.close()
    return BuiltImage(tag=tag, id=str(image_id), builder=builder)


@pytest.fixture(scope="session")
def stub_base_image(docker_engine: DockerEngine) -> BuiltImage:
    """``gate-stub:base``: busybox and the stub tools (pip, uv, poetry, ... all echo)."""
    if not BUSYBOX.is_file():
        _fail(f"{BUSYBOX} is missing (Debian package busybox-static; or set GATE_BUSYBOX)")
    corpus = shared("corpus-images")
    staging = Path(tempfile.mkdtemp(prefix="stub-", dir=docker_engine.root))
    busybox = staging / "busybox"
    shutil.copy2(BUSYBOX, busybox)
    return build_image(
        docker_engine,
        corpus / "stub-base.Dockerfile",
        STUB_BASE,
        builder="legacy",
        files=(busybox, corpus / "stub.sh"),
    )


@dataclass
class ImageBuilder:
    """Builds test images on the stub base, each (file, builder, args) once per session."""

    engine: DockerEngine
    base: BuiltImage
    built: dict[tuple[str, Builder, tuple[tuple[str, str], ...]], BuiltImage] = field(
        default_factory=dict
    )

    def build(
        self,
        dockerfile: Path,
        builder: Builder,
        *,
        files: Sequence[Path] = (),
        build_args: Mapping[str, str] | None = None,
    ) -> BuiltImage:
        """The image `dockerfile` gives with `builder`, tagged ``gate-test/<name>:<builder>``."""
        args = tuple(sorted((build_args or {}).items()))
        key = (str(dockerfile.resolve()), builder, args)
        if key not in self.built:
            name = dockerfile.name.removesuffix(".Dockerfile").lower().replace("_", "-")
            suffix = f"-{len(self.built)}" if args else ""
            tag = f"gate-test/{name}:{builder}{suffix}"
            self.built[key] = build_image(
                self.engine, dockerfile, tag, builder=builder, files=files, build_args=build_args
            )
        return self.built[key]


@pytest.fixture(scope="session")
def image_builder(docker_engine: DockerEngine, stub_base_image: BuiltImage) -> ImageBuilder:
    """Build test images on ``gate-stub:base`` with either builder (memoised per session)."""
    return ImageBuilder(docker_engine, stub_base_image)
