"""Lint and render charts/gate with real Helm: the Helm v4 library inside the helm_sdkpy wheel.

The wheel's shared library exports lint, install, upgrade, test, … but no `helm template`
(no client-only or dry-run option reaches Helm's install action), so rendering is a real
`helm install` (then `helm upgrade`) against `FakeKubeAPI`, an in-process API server; Helm's
own result carries the rendered manifest, the hooks and NOTES.txt. Everything Helm does to a
chart happens for real: values merging, values.schema.json validation, the Go templates with
Sprig (genCA, lookup, …), YAML parsing and the mapping of every kind to an API resource.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import helm_sdkpy
import yaml

from tests.helm.fake_kube_api import FakeKubeAPI

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "gate"
DATA = ROOT / "tests" / "data" / "helm"
NAMESPACE = "gate-system"
RELEASE = "gate"

# helm's support.Severity: 0 unknown, 1 info, 2 warning, 3 error
LINT_INFO, LINT_WARNING, LINT_ERROR = 1, 2, 3


def values_file(name: str) -> dict[str, Any]:
    """tests/data/helm/values-<name>.yaml ({} for "defaults")."""
    loaded = yaml.safe_load((DATA / f"values-{name}.yaml").read_text())
    return loaded or {}


@dataclass(frozen=True)
class Rendered:
    """One release as Helm rendered it."""

    manifests: list[dict[str, Any]]  # the release manifest, document by document
    hooks: list[dict[str, Any]]  # hook manifests (the `helm test` pod)
    notes: str
    result: dict[str, Any]  # helm_sdkpy's release result

    @property
    def all(self) -> list[dict[str, Any]]:
        return self.manifests + self.hooks

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.all if m["kind"] == kind]

    def one(self, kind: str, name: str | None = None) -> dict[str, Any]:
        found = [m for m in self.of_kind(kind) if name is None or m["metadata"]["name"] == name]
        assert len(found) == 1, (
            f"{len(found)} {kind} named {name}: {[m['metadata'] for m in found]}"
        )
        return found[0]


def _documents(text: str) -> Iterator[dict[str, Any]]:
    for doc in yaml.safe_load_all(text):
        if doc:
            yield doc


def _rendered(result: dict[str, Any]) -> Rendered:
    hooks = [doc for hook in result.get("hooks") or [] for doc in _documents(hook["manifest"])]
    return Rendered(
        manifests=list(_documents(result["manifest"])),
        hooks=hooks,
        notes=(result.get("info") or {}).get("notes", ""),
        result=result,
    )


VALUE_SETS = sorted(p.stem.removeprefix("values-") for p in DATA.glob("values-*.yaml"))
_installed: dict[str, Rendered] = {}


def rendered(name: str) -> Rendered:
    """The value set `name` installed once per test session (each into its own fake API)."""
    if name not in _installed:
        _installed[name] = install(values_file(name))
    return _installed[name]


def _configuration(api: FakeKubeAPI, namespace: str, workdir: Path) -> Any:
    kubeconfig = api.write_kubeconfig(workdir / "kubeconfig.json", namespace)
    return helm_sdkpy.Configuration(namespace=namespace, kubeconfig=str(kubeconfig))


def install(
    values: dict[str, Any] | None = None,
    *,
    api: FakeKubeAPI | None = None,
    namespace: str = NAMESPACE,
    release: str = RELEASE,
    chart: Path = CHART,
) -> Rendered:
    """`helm install` of the chart into `api` (a fresh fake API server unless given)."""
    if api is None:
        with FakeKubeAPI() as fresh:
            return install(values, api=fresh, namespace=namespace, release=release, chart=chart)
    with tempfile.TemporaryDirectory() as workdir:
        config = _configuration(api, namespace, Path(workdir))
        action = helm_sdkpy.Install(config)
        result = asyncio.run(action.run(release, str(chart), values=values or None, wait=False))
    return _rendered(result)


def upgrade(
    values: dict[str, Any] | None,
    *,
    api: FakeKubeAPI,
    namespace: str = NAMESPACE,
    release: str = RELEASE,
    chart: Path = CHART,
) -> Rendered:
    """`helm upgrade` of a release installed into `api` before."""
    with tempfile.TemporaryDirectory() as workdir:
        config = _configuration(api, namespace, Path(workdir))
        action = helm_sdkpy.Upgrade(config)
        result = asyncio.run(action.run(release, str(chart), values=values or None, wait=False))
    return _rendered(result)


@dataclass(frozen=True)
class LintMessage:
    severity: int
    path: str


def lint(chart: Path = CHART) -> list[LintMessage]:
    """`helm lint`: each message's severity and path (the wheel returns its texts empty)."""
    with tempfile.TemporaryDirectory() as workdir:
        # Lint needs no cluster; an empty kubeconfig keeps it away from the user's.
        empty = Path(workdir) / "kubeconfig"
        empty.write_text("apiVersion: v1\nkind: Config\n")
        config = helm_sdkpy.Configuration(namespace=NAMESPACE, kubeconfig=str(empty))
        result = asyncio.run(helm_sdkpy.Lint(config).run(str(chart)))
    return [LintMessage(m["Severity"], m["Path"]) for m in result.get("Messages") or []]
