"""A minimal in-process Kubernetes API server, just enough for real Helm to install a chart.

Real Helm (the Helm v4 Go library inside the `helm_sdkpy` wheel) has no client-only/dry-run
entry point in that wheel: its install always checks that a cluster is reachable, asks it for
its version and API resources (the chart's `.Capabilities`), answers the chart's `lookup` calls
from it, stores the release record in it and creates the rendered objects in it. This server
answers those calls over plain HTTP on 127.0.0.1:

* `/version` and legacy discovery (`/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>`) for
  the API groups the chart uses, the cert-manager and prometheus-operator CRDs included;
* GET, LIST (with a label selector), POST, PUT, PATCH and DELETE of JSON objects in a store,
  which tests can seed (an earlier release's TLS Secret, for `lookup`) and read back;
* Helm's release records (Secrets that client-go sends as protobuf), decoded just far enough to
  store name, labels and data, so that `helm upgrade` finds the release it upgrades.

It validates nothing: the objects are checked against the Kubernetes schemas by the tests.
"""

from __future__ import annotations

import base64
import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

KUBE_VERSION = "1.34.0"

# group/version → [(resource, kind, namespaced)]
RESOURCES: dict[str, list[tuple[str, str, bool]]] = {
    "v1": [
        ("pods", "Pod", True),
        ("services", "Service", True),
        ("secrets", "Secret", True),
        ("configmaps", "ConfigMap", True),
        ("serviceaccounts", "ServiceAccount", True),
        ("namespaces", "Namespace", False),
        ("replicationcontrollers", "ReplicationController", True),
        ("resourcequotas", "ResourceQuota", True),
    ],
    "apps/v1": [
        ("deployments", "Deployment", True),
        ("replicasets", "ReplicaSet", True),
        ("statefulsets", "StatefulSet", True),
        ("daemonsets", "DaemonSet", True),
    ],
    "batch/v1": [("jobs", "Job", True), ("cronjobs", "CronJob", True)],
    "policy/v1": [("poddisruptionbudgets", "PodDisruptionBudget", True)],
    "networking.k8s.io/v1": [("networkpolicies", "NetworkPolicy", True)],
    "rbac.authorization.k8s.io/v1": [
        ("clusterroles", "ClusterRole", False),
        ("clusterrolebindings", "ClusterRoleBinding", False),
        ("roles", "Role", True),
        ("rolebindings", "RoleBinding", True),
    ],
    "admissionregistration.k8s.io/v1": [
        ("validatingwebhookconfigurations", "ValidatingWebhookConfiguration", False),
        ("mutatingwebhookconfigurations", "MutatingWebhookConfiguration", False),
    ],
    "monitoring.coreos.com/v1": [("servicemonitors", "ServiceMonitor", True)],
    "cert-manager.io/v1": [("certificates", "Certificate", True), ("issuers", "Issuer", True)],
}

Key = tuple[str, str | None, str, str]  # (group/version, namespace or None, resource, name)


@dataclass
class Request:
    method: str
    path: str


@dataclass
class FakeKubeAPI:
    """The server; use as a context manager. `store` maps Key → object (JSON-like dicts)."""

    kube_version: str = KUBE_VERSION
    store: dict[Key, dict[str, Any]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> FakeKubeAPI:
        api = self

        class Handler(_Handler):
            owner = api

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def write_kubeconfig(self, path: Path, namespace: str) -> Path:
        path.write_text(
            json.dumps(
                {
                    "apiVersion": "v1",
                    "kind": "Config",
                    "clusters": [{"name": "fake", "cluster": {"server": self.url}}],
                    "users": [{"name": "fake", "user": {"token": "fake"}}],
                    "contexts": [
                        {
                            "name": "fake",
                            "context": {"cluster": "fake", "user": "fake", "namespace": namespace},
                        }
                    ],
                    "current-context": "fake",
                }
            )
        )
        return path

    def put(self, obj: dict[str, Any]) -> None:
        """Seed an object, as if it had been created earlier."""
        group_version, resource, namespaced = _resource_of(obj["apiVersion"], obj["kind"])
        meta = obj["metadata"]
        key = (group_version, meta.get("namespace") if namespaced else None, resource, meta["name"])
        with self._lock:
            self.store[key] = obj

    def objects(self, kind: str | None = None) -> Iterator[dict[str, Any]]:
        with self._lock:
            items = list(self.store.values())
        return (o for o in items if kind is None or o.get("kind") == kind)


def _resource_of(api_version: str, kind: str) -> tuple[str, str, bool]:
    for resource, k, namespaced in RESOURCES[api_version]:
        if k == kind:
            return api_version, resource, namespaced
    raise KeyError(f"{api_version} {kind}")


def _kind_of(group_version: str, resource: str) -> str:
    return next(k for r, k, _ in RESOURCES[group_version] if r == resource)


def _status(code: int, reason: str, message: str) -> dict[str, Any]:
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "reason": reason,
        "code": code,
        "message": message,
    }


class _Handler(BaseHTTPRequestHandler):
    owner: FakeKubeAPI
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # keep-alive + small writes would wait on delayed ACKs
    wbufsize = 1 << 16  # headers and body in one write (flushed after each request)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, code: int, obj: dict[str, Any]) -> None:
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> dict[str, Any]:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if "protobuf" in (self.headers.get("Content-Type") or ""):
            return decode_secret_protobuf(raw)
        loaded: dict[str, Any] = json.loads(raw)
        return loaded

    def _route(self) -> tuple[str, str | None, list[str], dict[str, list[str]]] | None:
        url = urllib.parse.urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        if parts[:1] == ["api"] and len(parts) >= 2:
            group_version, rest = parts[1], parts[2:]
        elif parts[:1] == ["apis"] and len(parts) >= 3:
            group_version, rest = "/".join(parts[1:3]), parts[3:]
        else:
            return None
        if group_version not in RESOURCES:
            return None
        namespace = None
        if rest[:1] == ["namespaces"] and len(rest) >= 3:
            namespace, rest = rest[1], rest[2:]
        return group_version, namespace, rest, urllib.parse.parse_qs(url.query)

    def _record(self) -> None:
        with self.owner._lock:
            self.owner.requests.append(Request(self.command, self.path))

    def do_GET(self) -> None:
        self._record()
        path = urllib.parse.urlsplit(self.path).path.rstrip("/")
        if path == "/version":
            version = self.owner.kube_version
            major, minor, _ = version.split(".")
            return self._send(
                200,
                {
                    "major": major,
                    "minor": minor,
                    "gitVersion": f"v{version}",
                    "platform": "linux/amd64",
                },
            )
        if path == "/api":
            return self._send(
                200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []}
            )
        if path == "/apis":
            groups = []
            for gv in RESOURCES:
                if "/" in gv:
                    group, version = gv.split("/")
                    entry = {"groupVersion": gv, "version": version}
                    groups.append({"name": group, "versions": [entry], "preferredVersion": entry})
            return self._send(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
        for gv, resources in RESOURCES.items():
            if path == ("/api/v1" if gv == "v1" else f"/apis/{gv}"):
                return self._send(
                    200,
                    {
                        "kind": "APIResourceList",
                        "apiVersion": "v1",
                        "groupVersion": gv,
                        "resources": [
                            {
                                "name": name,
                                "singularName": kind.lower(),
                                "namespaced": namespaced,
                                "kind": kind,
                                "verbs": [
                                    "create",
                                    "delete",
                                    "get",
                                    "list",
                                    "patch",
                                    "update",
                                    "watch",
                                ],
                            }
                            for name, kind, namespaced in resources
                        ],
                    },
                )
        route = self._route()
        if route is None:
            return self._send(404, _status(404, "NotFound", f"no route {path}"))
        group_version, namespace, rest, query = route
        if len(rest) == 1:  # list
            selector = query.get("labelSelector", [""])[0]
            wanted = dict(term.split("=", 1) for term in selector.split(",") if "=" in term)
            items = [
                obj
                for (gv, ns, resource, _), obj in list(self.owner.store.items())
                if gv == group_version
                and resource == rest[0]
                and (namespace is None or ns == namespace)
                and all(
                    (obj["metadata"].get("labels") or {}).get(k) == v for k, v in wanted.items()
                )
            ]
            kind = _kind_of(group_version, rest[0])
            return self._send(
                200,
                {
                    "kind": f"{kind}List",
                    "apiVersion": group_version,
                    "metadata": {"resourceVersion": "1"},
                    "items": items,
                },
            )
        if len(rest) == 2:
            obj = self.owner.store.get((group_version, namespace, rest[0], rest[1]))
            if obj is None:
                return self._send(404, _status(404, "NotFound", f'{rest[0]} "{rest[1]}" not found'))
            return self._send(200, obj)
        return self._send(404, _status(404, "NotFound", "unsupported"))

    def do_POST(self) -> None:
        self._record()
        route = self._route()
        if route is None:
            return self._send(404, _status(404, "NotFound", self.path))
        group_version, namespace, rest, _ = route
        obj = self._body()
        obj.setdefault("apiVersion", group_version)
        obj.setdefault("kind", _kind_of(group_version, rest[0]))
        meta = obj.setdefault("metadata", {})
        if namespace is not None:
            meta.setdefault("namespace", namespace)
        key = (group_version, namespace, rest[0], meta["name"])
        with self.owner._lock:
            if key in self.owner.store:
                return self._send(409, _status(409, "AlreadyExists", f'"{meta["name"]}" exists'))
            meta["resourceVersion"] = "1"
            meta.setdefault("uid", f"uid-{len(self.owner.store)}")
            self.owner.store[key] = obj
        self._send(201, obj)

    def do_PUT(self) -> None:
        self._record()
        route = self._route()
        if route is None or len(route[2]) != 2:
            return self._send(404, _status(404, "NotFound", self.path))
        group_version, namespace, rest, _ = route
        obj = self._body()
        obj.setdefault("apiVersion", group_version)
        obj.setdefault("kind", _kind_of(group_version, rest[0]))
        with self.owner._lock:
            self.owner.store[(group_version, namespace, rest[0], rest[1])] = obj
        self._send(200, obj)

    def do_PATCH(self) -> None:
        """Helm's three-way merge on upgrade; the merged object is not computed (only kept)."""
        self._record()
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        route = self._route()
        if route is None or len(route[2]) != 2:
            return self._send(404, _status(404, "NotFound", self.path))
        group_version, namespace, rest, _ = route
        obj = self.owner.store.get((group_version, namespace, rest[0], rest[1]))
        if obj is None:
            return self._send(404, _status(404, "NotFound", self.path))
        self._send(200, obj)

    def do_DELETE(self) -> None:
        self._record()
        route = self._route()
        if route is None or len(route[2]) != 2:
            return self._send(404, _status(404, "NotFound", self.path))
        group_version, namespace, rest, _ = route
        with self.owner._lock:
            obj = self.owner.store.pop((group_version, namespace, rest[0], rest[1]), None)
        if obj is None:
            return self._send(404, _status(404, "NotFound", self.path))
        self._send(200, obj)


# --- protobuf: just enough of runtime.Unknown / v1.Secret / ObjectMeta for Helm's records ---


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _fields(buf: bytes) -> Iterator[tuple[int, bytes | int]]:
    pos = 0
    while pos < len(buf):
        tag, pos = _varint(buf, pos)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
            yield number, value
        elif wire == 2:
            length, pos = _varint(buf, pos)
            yield number, buf[pos : pos + length]
            pos += length
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        else:
            raise ValueError(f"protobuf wire type {wire}")


def _entry(buf: bytes) -> tuple[str, bytes]:
    fields = {n: v for n, v in _fields(buf) if isinstance(v, bytes)}
    return fields.get(1, b"").decode(), fields.get(2, b"")


def decode_secret_protobuf(raw: bytes) -> dict[str, Any]:
    """A Secret sent as `application/vnd.kubernetes.protobuf` (k8s\\0 + runtime.Unknown)."""
    if not raw.startswith(b"k8s\x00"):
        raise ValueError("not a Kubernetes protobuf envelope")
    unknown = {n: v for n, v in _fields(raw[4:]) if isinstance(v, bytes)}
    secret: dict[str, Any] = {"apiVersion": "v1", "kind": "Secret", "metadata": {}, "data": {}}
    for number, value in _fields(unknown[2]):  # Unknown.raw
        if not isinstance(value, bytes):
            continue
        if number == 1:  # ObjectMeta
            meta = secret["metadata"]
            for n, v in _fields(value):
                if n == 1 and isinstance(v, bytes):
                    meta["name"] = v.decode()
                elif n == 3 and isinstance(v, bytes):
                    meta["namespace"] = v.decode()
                elif n == 11 and isinstance(v, bytes):
                    k, val = _entry(v)
                    meta.setdefault("labels", {})[k] = val.decode()
        elif number == 2:  # data
            k, val = _entry(value)
            secret["data"][k] = base64.b64encode(val).decode()
        elif number == 3:
            secret["type"] = value.decode()
    return secret
