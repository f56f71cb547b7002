"""`gate serve --client-ca`: reviews are answered only for a caller whose client certificate the
CA signed (for a name `--client-name` allows); probes and scrapes stay open; one-line errors."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from gate.webhook.tls import ReloadingContext
from tests.support.registry import Pki, make_pki
from tests.webhook.support import GateProcess, payload

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ClientCert:
    cert: Path
    key: Path


def _openssl(*argv: str, cwd: Path) -> None:
    subprocess.run(["openssl", *argv], cwd=cwd, capture_output=True, timeout=60, check=True)


def _ca(directory: Path, name: str) -> Path:
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3", "-keyout", f"{name}.key",
        "-out", f"{name}.crt", "-subj", f"/CN={name}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=directory,
    )  # fmt: skip
    return directory / f"{name}.crt"


def _client(directory: Path, ca: str, name: str, dns: str | None = None) -> ClientCert:
    stem = f"{ca}-{name}"
    ext = directory / f"{stem}.ext"
    ext.write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=clientAuth\n" + (f"subjectAltName=DNS:{dns}\n" if dns else "")
    )
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{stem}.key", "-out", f"{stem}.csr",
        "-subj", f"/CN={name}", cwd=directory,
    )  # fmt: skip
    _openssl(
        "x509", "-req", "-in", f"{stem}.csr", "-CA", f"{ca}.crt", "-CAkey", f"{ca}.key",
        "-CAcreateserial", "-days", "3", "-out", f"{stem}.crt", "-extfile", ext.name,
        cwd=directory,
    )  # fmt: skip
    return ClientCert(directory / f"{stem}.crt", directory / f"{stem}.key")


@dataclass(frozen=True)
class Setup:
    pki: Pki
    client_ca: Path
    directory: Path


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    directory = tmp_path_factory.mktemp("callers")
    pki = make_pki(directory / "server")
    client_ca = _ca(directory, "clients")
    _ca(directory, "rogue")
    return Setup(pki, client_ca, directory)


def _post(gate: GateProcess, pki: Pki, cert: ClientCert | None, path: str) -> httpx.Response:
    context = pki.client_context()
    if cert is not None:
        context.load_cert_chain(cert.cert, cert.key)
    body = payload("pod-create.json", "127.0.0.1:1")
    with httpx.Client(verify=context, trust_env=False, timeout=30) as client:
        return client.post(f"{gate.url}{path}?timeout=5s", json=body)


def test_reviews_are_answered_only_for_a_caller_the_client_ca_signed_for_an_allowed_name(
    setup: Setup,
) -> None:
    api_server = _client(setup.directory, "clients", "kube-apiserver")
    tenant = _client(setup.directory, "clients", "system:node:worker-1")
    gatekeeper = _client(setup.directory, "clients", "gk", dns="gatekeeper-webhook-service.gk.svc")
    gate = GateProcess(
        setup.pki, "--client-ca", str(setup.client_ca), "--client-name", "kube-apiserver",
        "--client-name", "gatekeeper-webhook-service.gk.svc",
    )  # fmt: skip
    try:
        for caller in (None, tenant):
            for path in ("/validate", "/gatekeeper", "/kyverno"):
                refused = _post(gate, setup.pki, caller, path)
                assert refused.status_code == 403, (caller, path, refused.text)
        assert "no client certificate" in _post(gate, setup.pki, None, "/validate").json()["error"]
        for allowed in (api_server, gatekeeper):
            answer = _post(gate, setup.pki, allowed, "/validate")
            assert answer.status_code == 200 and answer.json()["response"]["allowed"] is False
        with httpx.Client(verify=setup.pki.client_context(), trust_env=False) as client:
            assert client.get(f"{gate.url}/healthz").status_code == 200
            metrics = client.get(f"{gate.url}/metrics").text
        refused_lines = [
            line for line in metrics.splitlines() if line.startswith("gate_callers_refused_total")
        ]
        assert sum(float(line.rpartition(" ")[2]) for line in refused_lines) == 7
    finally:
        gate.close()


def test_a_certificate_another_ca_signed_fails_the_handshake(setup: Setup) -> None:
    impostor = _client(setup.directory, "rogue", "kube-apiserver")
    gate = GateProcess(setup.pki, "--client-ca", str(setup.client_ca))
    try:
        with pytest.raises(httpx.HTTPError):
            _post(gate, setup.pki, impostor, "/validate")
        signed = _client(setup.directory, "clients", "anyone")
        assert _post(gate, setup.pki, signed, "/validate").status_code == 200
    finally:
        gate.close()


def test_a_ca_taken_out_of_the_client_ca_file_is_no_longer_trusted(
    setup: Setup, tmp_path: Path
) -> None:
    bundle = tmp_path / "clients.pem"
    bundle.write_bytes(setup.client_ca.read_bytes())
    tls = ReloadingContext(setup.pki.server_cert, setup.pki.server_key, client_ca=bundle)
    before = [dict(c["subject"][0])["commonName"] for c in tls.context.get_ca_certs()]
    bundle.write_bytes((setup.directory / "rogue.crt").read_bytes())
    os.utime(bundle, ns=(1, 1))  # the stamp changes even within one clock tick
    assert tls.maybe_reload()
    after = [dict(c["subject"][0])["commonName"] for c in tls.context.get_ca_certs()]
    assert (before, after) == (["clients"], ["rogue"])
    assert tls.context.verify_mode == ssl.CERT_OPTIONAL


@pytest.mark.parametrize(
    ("flags", "starts"),
    [
        (["--client-name", "kube-apiserver"], "gate: --client-name needs --client-ca"),
        (["--client-ca", "{server_cert_key}"], "gate: client CA "),
        (["--client-ca", "{missing}"], "gate: TLS files "),
    ],
)
def test_client_ca_mistakes_are_one_line_errors(
    setup: Setup, tmp_path: Path, flags: list[str], starts: str
) -> None:
    # A leaf certificate is not a CA; a missing file names the files.
    names = {"server_cert_key": str(setup.pki.server_key), "missing": str(tmp_path / "none.pem")}
    done = subprocess.run(
        [sys.executable, "-m", "gate.cli", "serve", "--listen", "127.0.0.1:0",
         "--tls-cert", str(setup.pki.server_cert), "--tls-key", str(setup.pki.server_key),
         "--kube-api", "none", "--no-config", *(f.format(**names) for f in flags)],
        capture_output=True, text=True, timeout=60, check=False, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and lines[0].startswith(starts), done.stderr
