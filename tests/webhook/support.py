"""Real servers for the webhook tests: the webhook itself on its own event loop thread, and an
HTTPS stand-in for the two Kubernetes API endpoints the webhook reads."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import httpx

from gate.webhook.server import Webhook, serve
from gate.webhook.tls import ReloadingContext
from tests.support.json_http import JsonHandler
from tests.support.registry import Pki

DATA = Path(__file__).resolve().parents[1] / "data" / "webhook"


def payload(name: str, registry_host: str) -> dict[str, Any]:
    """A stored request body with its images pointed at the test registry."""
    text = (DATA / name).read_text(encoding="utf-8").replace("REGISTRY", registry_host)
    data: dict[str, Any] = json.loads(text)
    return data


def dockerconfigjson(host: str, username: str, password: str) -> bytes:
    pair = base64.b64encode(f"{username}:{password}".encode()).decode()
    return json.dumps({"auths": {host: {"auth": pair}}}).encode()


def pull_secret(
    name: str, namespace: str, config: bytes, *, legacy: bool = False
) -> dict[str, Any]:
    """A Secret object as the API server returns it."""
    key = ".dockercfg" if legacy else ".dockerconfigjson"
    kind = "kubernetes.io/dockercfg" if legacy else "kubernetes.io/dockerconfigjson"
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": name, "namespace": namespace},
        "type": kind,
        "data": {key: base64.b64encode(config).decode()},
    }


def service_account(name: str, namespace: str, secrets: list[str]) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": {"name": name, "namespace": namespace},
        "imagePullSecrets": [{"name": s} for s in secrets],
    }


_OBJECT = re.compile(r"^/api/v1/namespaces/([^/]+)/(secrets|serviceaccounts)/([^/?]+)$")


@dataclass
class KubeStandIn:
    """GET secret and GET serviceaccount over HTTPS on 127.0.0.1, bearer token required."""

    pki: Pki
    token: str
    objects: dict[tuple[str, str, str], Mapping[str, Any]] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # The handshake in each connection's own thread, under a timeout: done in accept(), one
        # client that never finished it held the serving thread, and shutdown() waited forever.
        self._server.RequestHandlerClass.timeout = 10
        self._server.socket = self.pki.server_context().wrap_socket(
            self._server.socket, server_side=True, do_handshake_on_connect=False
        )
        self.url = f"https://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def put(self, obj: Mapping[str, Any]) -> None:
        resource = {"Secret": "secrets", "ServiceAccount": "serviceaccounts"}[obj["kind"]]
        meta = obj["metadata"]
        self.objects[(meta["namespace"], resource, meta["name"])] = obj

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(JsonHandler):
            def do_GET(self) -> None:
                stand_in.seen.append(self.path)
                if self.headers.get("Authorization") != f"Bearer {stand_in.token}":
                    self._send(401, {"kind": "Status", "code": 401, "reason": "Unauthorized"})
                    return
                match = _OBJECT.match(self.path)
                obj = stand_in.objects.get(match.groups()) if match else None  # type: ignore[arg-type]
                if obj is None:
                    self._send(404, {"kind": "Status", "code": 404, "reason": "NotFound"})
                    return
                self._send(200, obj)

        return Handler


class RunningWebhook:
    """`serve()` on its own event loop in a thread, as in production; HTTPS on 127.0.0.1."""

    def __init__(self, webhook: Webhook, tls: ReloadingContext, ca: Path) -> None:
        self.webhook = webhook
        self.tls = tls
        self.ca = ca
        self.port = 0
        self.health_port: int | None = None
        self.error: BaseException | None = None
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._main, daemon=True)
        self._thread.start()
        if not self._ready.wait(30) or self.error is not None:
            raise RuntimeError(f"webhook did not start: {self.error!r}")
        self.url = f"https://127.0.0.1:{self.port}"

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop

        def started(port: int) -> None:
            self.port = port
            self.health_port = self.webhook.health_port
            self._ready.set()

        async def run() -> None:
            self._stop = asyncio.Event()
            await serve(self.webhook, self.tls, stop=self._stop, started=started)

        try:
            loop.run_until_complete(run())
        except BaseException as exc:
            self.error = exc
            self._ready.set()
        finally:
            loop.close()

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, verify=self.client_context(), timeout=30, trust_env=False, **kwargs
        )

    def review(self, body: Mapping[str, Any], timeout: str | None = "10s") -> dict[str, Any]:
        """POST an AdmissionReview to /validate; the AdmissionResponse."""
        params = {"timeout": timeout} if timeout else {}
        with self.client() as client:
            answer = client.post("/validate", json=body, params=params)
        assert answer.status_code == 200, answer.text
        document: dict[str, Any] = answer.json()
        assert document["apiVersion"] == "admission.k8s.io/v1"
        assert document["kind"] == "AdmissionReview"
        response: dict[str, Any] = document["response"]
        assert response["uid"] == body["request"]["uid"]
        return response

    def review_image(self, image: str, uid: int, timeout: str = "10s") -> dict[str, Any]:
        """Review a Pod of one container running `image`, under its own request uid."""
        body = payload("pod-create.json", "unused")
        body["request"]["uid"] = f"00000000-0000-4000-8000-{uid:012d}"
        body["request"]["object"]["spec"] = {"containers": [{"name": "app", "image": image}]}
        return self.review(body, timeout=timeout)

    def metric(self, name: str, **labels: str) -> float:
        """The value of one sample on /metrics (0 when absent)."""
        with self.client() as client:
            text = client.get("/metrics").text
        return _sample(text, name, labels)

    def sample(self, name: str, **labels: str) -> float:
        """As `metric`, read in this process: no connection (one would count at the cap)."""
        return _sample(self.webhook.metrics.render().decode(), name, labels)

    def close(self) -> None:
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)


def _sample(text: str, name: str, labels: Mapping[str, str]) -> float:
    for line in text.splitlines():
        if not line.startswith(name):
            continue
        head, _, value = line.rpartition(" ")
        sample, _, label_text = head.partition("{")
        if sample != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', label_text))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(value)
    return 0.0


def wait_until(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Whether `condition` holds within `seconds`, asked every 50 ms: what a test waits for
    before its next step, instead of a fixed sleep that a loaded machine can outlast."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


T = TypeVar("T")


def rss_kib() -> int:
    """This process's resident memory (the webhook runs in it, on its own thread)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


@dataclass(frozen=True)
class Watched:
    """What `watched` saw while the calls ran."""

    results: list[Any]
    growth_kib: int  # the highest resident memory seen, above what it was before
    slowest_health: float  # the slowest /healthz answer, in seconds


def watched(hook: RunningWebhook, calls: list[Callable[[], T]]) -> Watched:
    """Run `calls` at once, asking /healthz and reading this process's memory until all return."""
    health: list[float] = []
    with hook.client() as client, ThreadPoolExecutor(max_workers=len(calls)) as pool:
        # Connected first: what is timed is each /healthz answer, not a TLS handshake.
        assert client.get("/healthz").status_code == 200
        before = peak = rss_kib()
        answers = [pool.submit(call) for call in calls]
        while not all(a.done() for a in answers):
            started = time.monotonic()
            assert client.get("/healthz").status_code == 200
            health.append(time.monotonic() - started)
            peak = max(peak, rss_kib())
            time.sleep(0.05)
        results = [a.result() for a in answers]
    return Watched(results, peak - before, max(health, default=0.0))


class GateProcess:
    """`gate serve` as its own process over TLS on 127.0.0.1 (its own GIL, as in production);
    its stderr log lines are collected in `lines`."""

    def __init__(self, pki: Pki, *args: str) -> None:
        import os
        import subprocess
        import sys

        repo = Path(__file__).resolve().parents[2]
        env = {**os.environ, "PYTHONPATH": str(repo), "NO_PROXY": "*"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gate.cli", "serve", "--listen", "127.0.0.1:0",
             "--tls-cert", str(pki.server_cert), "--tls-key", str(pki.server_key),
             "--kube-api", "none", "--judge-workers", "1", "--no-config", *args],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=repo,
        )  # fmt: skip
        self.context = pki.client_context()
        self.lines: list[dict[str, Any]] = []
        self._serving = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._serving.wait(60):
            self.close()
            raise RuntimeError("gate serve did not start")
        serving = next(line for line in self.lines if line.get("msg") == "serving")
        self.port: int = serving["port"]
        self.health_port: int | None = serving.get("health_port")
        self.url = f"https://127.0.0.1:{self.port}"

    def _read(self) -> None:
        assert self.process.stderr is not None
        for text in self.process.stderr:
            try:
                entry = json.loads(text)
            except ValueError:
                entry = {"msg": "not json", "text": text}
            self.lines.append(entry)
            if entry.get("msg") == "serving":
                self._serving.set()

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, verify=self.context, timeout=30, trust_env=False, **kwargs
        )

    def metric(self, name: str) -> float:
        """The value of an unlabelled sample, or the sum of a labelled one's samples."""
        with self.client() as client:
            text = client.get("/metrics").text
        return sum(
            float(line.rpartition(" ")[2])
            for line in text.splitlines()
            if line.split("{")[0].split(" ")[0] == name
        )

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except Exception:
            self.process.kill()
            self.process.wait()
        self._reader.join(5)
