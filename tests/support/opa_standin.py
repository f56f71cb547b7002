"""A stand-in for an OPA server: OPA's documented REST API on loopback, evaluated with regorus.

The OPA binary cannot be had from the registries these machines reach, so the OPA backend is tested
against this server. It speaks the parts of OPA's API gate uses, as documented:
- Policy API: ``PUT /v1/policies/{id}`` (text/plain Rego), ``GET /v1/policies``,
  ``DELETE /v1/policies/{id}``; compile errors answer 400 with OPA's error shape.
- Data API: ``PUT /v1/data/{path}`` (JSON document), ``POST /v1/data/{path}`` with ``{"input": …}``
  answering ``{"result": …}`` (no ``result`` key when the document is undefined).
- Health API: ``GET /health``.
What it does not check is how a real OPA evaluates: the answer comes from the embedded engine.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any

import pytest

from tests.support.json_http import JsonHandler


@dataclass
class _State:
    policies: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def engine(self) -> Any:
        import regorus

        engine = regorus.Engine()
        for policy_id, text in sorted(self.policies.items()):
            engine.add_policy(policy_id, text)
        engine.add_data_json(json.dumps(self.data))
        return engine


def _compile_error(policy_id: str, error: Exception) -> dict[str, Any]:
    text = str(error)
    match = re.search(r":(\d+):(\d+)", text)
    row, col = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    return {
        "code": "invalid_parameter",
        "message": "error(s) occurred while compiling module(s)",
        "errors": [
            {
                "code": "rego_parse_error",
                "message": next(
                    (ln.strip() for ln in text.splitlines() if ln.strip().startswith("error:")),
                    "parse error",
                ),
                "location": {"file": policy_id, "row": row, "col": col},
            }
        ],
    }


class _Handler(JsonHandler):
    server: _Server

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self) -> None:
        state = self.server.state
        state.requests.append(("GET", self.path))
        if self.path.startswith("/health"):
            self._send(200, {})
        elif self.path.rstrip("/") == "/v1/policies":
            with state.lock:
                result = [{"id": k, "raw": v} for k, v in state.policies.items()]
            self._send(200, {"result": result})
        else:
            self._send(404, {"code": "resource_not_found", "message": self.path})

    def do_PUT(self) -> None:
        state = self.server.state
        state.requests.append(("PUT", self.path))
        body = self._body()
        if self.path.startswith("/v1/policies/"):
            policy_id = self.path[len("/v1/policies/") :]
            text = body.decode("utf-8", errors="replace")
            with state.lock:
                candidate = {**state.policies, policy_id: text}
                try:
                    _State(candidate, state.data).engine()
                except Exception as error:  # regorus raises plain exceptions on compile errors
                    self._send(400, _compile_error(policy_id, error))
                    return
                state.policies = candidate
            self._send(200, {})
        elif self.path.startswith("/v1/data"):
            path = [p for p in self.path[len("/v1/data") :].split("/") if p]
            with state.lock:
                node = state.data
                for part in path[:-1]:
                    node = node.setdefault(part, {})
                if path:
                    node[path[-1]] = json.loads(body or b"{}")
                else:
                    state.data = json.loads(body or b"{}")
            self.send_response(204)
            self.end_headers()
        else:
            self._send(404, {"code": "resource_not_found", "message": self.path})

    def do_DELETE(self) -> None:
        state = self.server.state
        state.requests.append(("DELETE", self.path))
        policy_id = self.path[len("/v1/policies/") :]
        with state.lock:
            found = state.policies.pop(policy_id, None)
        self._send(200 if found is not None else 404, {})

    def do_POST(self) -> None:
        state = self.server.state
        state.requests.append(("POST", self.path))
        if not self.path.startswith("/v1/data"):
            self._send(404, {"code": "resource_not_found", "message": self.path})
            return
        path = [p for p in self.path.split("?")[0][len("/v1/data") :].split("/") if p]
        request = json.loads(self._body() or b"{}")
        with state.lock:
            engine = state.engine()
        engine.set_input_json(json.dumps(request.get("input")))
        query = "data" + "".join(f".{p}" for p in path)
        try:
            result = json.loads(engine.eval_query_as_json(query))
        except Exception as error:
            self._send(500, {"code": "internal_error", "message": str(error)})
            return
        rows = result.get("result") or []
        if not rows or not rows[0].get("expressions"):
            self._send(200, {})
            return
        self._send(200, {"result": rows[0]["expressions"][0]["value"]})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = _State()


@dataclass(frozen=True)
class OpaStandIn:
    url: str
    host: str
    port: int
    state: _State


@pytest.fixture
def opa_standin() -> Iterator[OpaStandIn]:
    """A fresh OPA stand-in on a free loopback port."""
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[0], server.server_address[1]
    try:
        yield OpaStandIn(f"http://{host}:{port}", str(host), int(port), server.state)
    finally:
        server.shutdown()
        server.server_close()
