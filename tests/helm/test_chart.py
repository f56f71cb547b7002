"""charts/gate, linted and rendered by real Helm (the Helm v4 library in helm_sdkpy).

Rendering is a real `helm install` / `helm upgrade` into an in-process fake API server (see
render.py and fake_kube_api.py); every manifest is then checked against the Kubernetes JSON
schemas of kubernetes-validate (strict: unknown fields fail), custom resources against the
structural schemas in tests/data/helm/crd-schemas/.
"""

from __future__ import annotations

import base64
import json
import shutil
import ssl
from pathlib import Path
from typing import Any

import helm_sdkpy
import jsonschema
import kubernetes_validate
import pytest
import yaml

from tests.helm import kube_schemas
from tests.helm.fake_kube_api import KUBE_VERSION, FakeKubeAPI
from tests.helm.render import (
    CHART,
    DATA,
    LINT_WARNING,
    NAMESPACE,
    VALUE_SETS,
    Rendered,
    install,
    lint,
    rendered,
    upgrade,
    values_file,
)
from tests.helm.tls import handshake

CRD_SCHEMAS = DATA / "crd-schemas"
SCHEMA = json.loads((CHART / "values.schema.json").read_text())
# Oldest Kubernetes the chart claims (policy/v1, batch/v1 CronJob, namespace name label) and the
# version the fake API server reports.
KUBE_VERSIONS = ["1.25.0", KUBE_VERSION]

WORKLOAD_RESOURCES = {
    ("", "pods"),
    ("", "pods/ephemeralcontainers"),
    ("", "replicationcontrollers"),
    ("apps", "deployments"),
    ("apps", "replicasets"),
    ("apps", "statefulsets"),
    ("apps", "daemonsets"),
    ("batch", "jobs"),
    ("batch", "cronjobs"),
}


def webhook_of(release: Rendered) -> dict[str, Any]:
    webhooks: list[dict[str, Any]] = release.one("ValidatingWebhookConfiguration")["webhooks"]
    (webhook,) = webhooks
    return webhook


def exempt_namespaces(webhook: dict[str, Any]) -> list[str]:
    (term,) = [
        e
        for e in webhook["namespaceSelector"]["matchExpressions"]
        if e["key"] == "kubernetes.io/metadata.name"
    ]
    assert term["operator"] == "NotIn"
    values: list[str] = term["values"]
    return values


def containers(release: Rendered) -> dict[str, dict[str, Any]]:
    spec = release.one("Deployment")["spec"]["template"]["spec"]
    return {c["name"]: c for c in spec["containers"]}


def decoded(secret: dict[str, Any]) -> dict[str, str]:
    return {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}


# --- lint ------------------------------------------------------------------------------------


def copy_chart(tmp_path: Path, values: dict[str, Any] | None = None) -> Path:
    chart = tmp_path / "gate"
    shutil.copytree(CHART, chart)
    if values is not None:
        defaults = yaml.safe_load((CHART / "values.yaml").read_text())
        (chart / "values.yaml").write_text(yaml.safe_dump(merged(defaults, values)))
    return chart


def merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


@pytest.mark.parametrize("name", VALUE_SETS)
def test_chart_lints_clean_with_real_helm(name: str, tmp_path: Path) -> None:
    # helm lint takes no values here, so each value set becomes the copy's values.yaml.
    chart = copy_chart(tmp_path, values_file(name)) if name != "defaults" else CHART
    problems = [m for m in lint(chart) if m.severity >= LINT_WARNING]
    assert problems == []


def test_lint_reports_a_template_that_does_not_render(tmp_path: Path) -> None:
    chart = copy_chart(tmp_path)
    (chart / "templates" / "broken.yaml").write_text("kind: {{ .Values.nope.deeper }}\n")
    assert [m.path for m in lint(chart) if m.severity > LINT_WARNING] == ["templates/"]


def test_lint_reports_values_the_schema_rejects(tmp_path: Path) -> None:
    chart = copy_chart(tmp_path, {"mode": "permissive"})
    assert any(m.severity > LINT_WARNING for m in lint(chart))


# --- every manifest is valid -----------------------------------------------------------------


def crd_validator(manifest: dict[str, Any]) -> jsonschema.protocols.Validator | None:
    path = CRD_SCHEMAS / f"{manifest['apiVersion'].replace('/', '-')}-{manifest['kind']}.json"
    if not path.exists():
        return None
    schema = json.loads(path.read_text())
    cls = jsonschema.validators.validator_for(schema)
    validator: jsonschema.protocols.Validator = cls(schema)
    return validator


def test_every_rendered_manifest_is_valid_kubernetes(value_set: str) -> None:
    release = rendered(value_set)
    assert release.all
    for manifest in release.all:
        where = f"{manifest['kind']}/{manifest['metadata']['name']} ({value_set})"
        crd = crd_validator(manifest)
        if crd is not None:  # cert-manager, prometheus-operator: structural schema + fields
            errors = [e.message for e in crd.iter_errors(manifest)]
            assert errors == [], where
            continue
        for version in KUBE_VERSIONS:
            try:
                kube_schemas.validate(manifest, version)
            except kubernetes_validate.ValidationError as error:
                pytest.fail(f"{where} is not valid Kubernetes {version}: {error}")
            # SchemaNotFoundError (a kind neither covered nor in crd-schemas/) fails the test too


def test_every_manifest_is_namespaced_to_the_release_or_cluster_scoped(value_set: str) -> None:
    cluster_scoped = {"ClusterRole", "ClusterRoleBinding", "ValidatingWebhookConfiguration"}
    for manifest in rendered(value_set).all:
        namespace = manifest["metadata"].get("namespace")
        assert namespace == (None if manifest["kind"] in cluster_scoped else NAMESPACE), manifest[
            "kind"
        ]


def test_kubernetes_schemas_reject_an_unknown_field() -> None:
    deployment = json.loads(json.dumps(rendered("defaults").one("Deployment")))
    kube_schemas.validate(deployment, KUBE_VERSION)
    deployment["spec"]["template"]["spec"]["containers"][0]["readOnlyRootFs"] = True
    with pytest.raises(kubernetes_validate.ValidationError, match="readOnlyRootFs"):
        kube_schemas.validate(deployment, KUBE_VERSION)
    with pytest.raises(kubernetes_validate.ValidationError):  # the package's own entry point
        kubernetes_validate.validate(deployment, KUBE_VERSION, strict=True)


def test_crd_schemas_reject_a_misplaced_field() -> None:
    monitor = rendered("opa-servicemonitor").one("ServiceMonitor")
    broken = json.loads(json.dumps(monitor))
    broken["spec"]["endpoints"][0]["tlsConfig"]["ca"]["secretName"] = "gate-tls"
    validator = crd_validator(broken)
    assert validator is not None
    assert not validator.is_valid(broken)


def test_kinds_rendered_per_value_set() -> None:
    def kinds(name: str) -> set[str]:
        return {m["kind"] for m in rendered(name).manifests}

    core = {
        "Deployment",
        "Service",
        "PodDisruptionBudget",
        "ServiceAccount",
        "ConfigMap",
        "ClusterRole",
        "ClusterRoleBinding",
        "ValidatingWebhookConfiguration",
        "ResourceQuota",
    }
    assert kinds("defaults") == core | {"Secret"}
    assert kinds("cert-manager") == core | {"Certificate", "Issuer"}
    assert kinds("cert-manager-issuer") == core | {"Certificate"}
    assert kinds("opa-servicemonitor") == core | {"Secret", "ServiceMonitor"}


# --- the webhook -----------------------------------------------------------------------------


@pytest.mark.parametrize("namespace", ["gate-system", "policy"])
def test_webhook_exempts_release_namespace(namespace: str) -> None:
    release = rendered("defaults") if namespace == NAMESPACE else install(namespace=namespace)
    webhook = webhook_of(release)
    assert exempt_namespaces(webhook) == ["kube-system", namespace]
    assert webhook["clientConfig"]["service"]["namespace"] == namespace
    assert release.one("Deployment")["metadata"]["namespace"] == namespace


def test_webhook_exempts_custom_namespaces_and_keeps_the_release_namespace() -> None:
    webhook = webhook_of(rendered("exempt-namespaces"))
    assert exempt_namespaces(webhook) == [
        "kube-system",
        "kube-public",
        "cert-manager",
        "monitoring",
        NAMESPACE,
    ]
    selector = webhook["namespaceSelector"]
    assert selector["matchLabels"] == {"example.com/team": "payments"}
    assert {"key": "example.com/tier", "operator": "In", "values": ["prod", "staging"]} in selector[
        "matchExpressions"
    ]


@pytest.mark.parametrize(
    ("values", "exempt"),
    [
        ({"tls": {"mode": "certManager"}}, ["kube-system", NAMESPACE, "cert-manager"]),
        (
            {"tls": {"mode": "certManager", "certManager": {"namespace": "platform-certs"}}},
            ["kube-system", NAMESPACE, "platform-certs"],
        ),
        ({"tls": {"mode": "generate"}}, ["kube-system", NAMESPACE]),
    ],
)
def test_cert_manager_namespace_is_exempt_when_it_provides_the_tls(
    values: dict[str, Any], exempt: list[str]
) -> None:
    # Failing closed while down, gate judging cert-manager's pods would keep the cainjector and
    # the issuer from starting, and so itself from ever getting a caBundle or a certificate.
    assert exempt_namespaces(webhook_of(install(values))) == exempt


def test_kube_system_stays_exempt_while_the_webhook_fails_closed() -> None:
    # Judging needs cluster DNS and the CNI: with kube-system judged and gate down (or unable to
    # resolve registries), CoreDNS pods would be denied and gate could never judge again.
    with pytest.raises(helm_sdkpy.InstallError) as caught:
        install({"webhook": {"exemptNamespaces": ["monitoring"]}})
    assert "webhook.exemptNamespaces: keep kube-system under failurePolicy Fail" in str(
        caught.value
    )
    relaxed = {"webhook": {"exemptNamespaces": [], "failurePolicy": "Ignore"}}
    assert exempt_namespaces(webhook_of(install(relaxed))) == [NAMESPACE]
    inside = install({"webhook": {"exemptNamespaces": []}}, namespace="kube-system")
    assert exempt_namespaces(webhook_of(inside)) == ["kube-system"]


def test_release_namespace_listed_once_when_also_configured() -> None:
    webhook = webhook_of(install({"webhook": {"exemptNamespaces": ["kube-system", NAMESPACE]}}))
    assert exempt_namespaces(webhook) == ["kube-system", NAMESPACE]


def test_labelled_namespaces_and_objects_opt_out_only_when_the_operator_says_so(
    value_set: str,
) -> None:
    given = values_file(value_set).get("webhook", {})
    webhook = webhook_of(rendered(value_set))
    # Whoever may create a Namespace sets its labels at creation: a namespace opt-out label lets
    # every such user skip gate, so there is none unless the values ask for one.
    namespace_label = given.get("namespaceOptOutLabel", "")
    label_expressions = [
        e
        for e in webhook["namespaceSelector"]["matchExpressions"]
        if e["key"] != "kubernetes.io/metadata.name" and e["operator"] == "NotIn"
    ]
    if namespace_label:
        assert label_expressions == [
            {"key": namespace_label, "operator": "NotIn", "values": ["true"]}
        ]
    else:
        assert label_expressions == []
    # A Pod author sets the Pod's labels: an object opt-out lets anyone skip gate, so there is
    # none unless the values ask for one.
    object_label = given.get("objectOptOutLabel", "")
    if object_label:
        wanted = {"key": object_label, "operator": "NotIn", "values": ["true"]}
        assert webhook["objectSelector"] == {"matchExpressions": [wanted]}
    else:
        assert "objectSelector" not in webhook


def test_gate_pods_are_not_judged_by_their_own_webhook(value_set: str) -> None:
    release = rendered(value_set)
    # They run in the release namespace, which is always exempt.
    assert NAMESPACE in exempt_namespaces(webhook_of(release))
    assert release.one("Deployment")["metadata"]["namespace"] == NAMESPACE
    assert release.one("Pod")["metadata"]["namespace"] == NAMESPACE  # the helm test pod


def test_webhook_rules_cover_every_workload_kind(value_set: str) -> None:
    webhook = webhook_of(rendered(value_set))
    covered = {
        (group, resource)
        for rule in webhook["rules"]
        for group in rule["apiGroups"]
        for resource in rule["resources"]
        if set(rule["operations"]) >= {"CREATE", "UPDATE"}
    }
    assert covered == WORKLOAD_RESOURCES
    assert webhook["sideEffects"] == "None"
    assert webhook["admissionReviewVersions"] == ["v1"]
    assert webhook["clientConfig"]["service"]["path"] == "/validate"


@pytest.mark.parametrize(
    ("name", "failure_policy", "timeout"),
    [("defaults", "Fail", 10), ("audit", "Ignore", 5), ("exempt-namespaces", "Fail", 15)],
)
def test_webhook_failure_policy_and_timeout_come_from_values(
    name: str, failure_policy: str, timeout: int
) -> None:
    webhook = webhook_of(rendered(name))
    assert (webhook["failurePolicy"], webhook["timeoutSeconds"]) == (failure_policy, timeout)


def test_webhook_service_reaches_the_gate_container() -> None:
    release = rendered("defaults")
    service = release.one("Service")
    webhook_service = webhook_of(release)["clientConfig"]["service"]
    assert webhook_service["name"] == service["metadata"]["name"]
    (port,) = service["spec"]["ports"]
    assert webhook_service["port"] == port["port"]
    pod = release.one("Deployment")["spec"]["template"]
    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    assert port["targetPort"] in {p["name"] for p in containers(release)["gate"]["ports"]}


# --- TLS -------------------------------------------------------------------------------------


def test_generated_ca_matches_webhook_ca_bundle() -> None:
    release = rendered("defaults")
    secret = release.one("Secret", "gate-tls")
    assert secret["type"] == "kubernetes.io/tls"
    assert webhook_of(release)["clientConfig"]["caBundle"] == secret["data"]["ca.crt"]
    pem = decoded(secret)
    assert pem["ca.crt"].startswith("-----BEGIN CERTIFICATE-----")
    # The API server dials gate.gate-system.svc and trusts only the caBundle: a real handshake.
    handshake(pem["ca.crt"], pem["tls.crt"], pem["tls.key"], "gate.gate-system.svc")
    volumes = release.one("Deployment")["spec"]["template"]["spec"]["volumes"]
    assert {"name": "tls", "secret": {"secretName": "gate-tls"}} in volumes


def test_generated_certificate_is_refused_for_another_name_or_ca() -> None:
    pem = decoded(rendered("defaults").one("Secret", "gate-tls"))
    with pytest.raises(ssl.SSLCertVerificationError, match="Hostname mismatch"):
        handshake(pem["ca.crt"], pem["tls.crt"], pem["tls.key"], "gate.other.svc")
    other_ca = decoded(install().one("Secret", "gate-tls"))["ca.crt"]
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(other_ca, pem["tls.crt"], pem["tls.key"], "gate.gate-system.svc")


def test_generated_tls_is_kept_across_upgrades() -> None:
    with FakeKubeAPI() as api:
        first = install(api=api)
        second = upgrade({"mode": "audit"}, api=api)
        assert second.result["version"] == 2  # a real upgrade of revision 1
    assert second.one("Secret")["data"] == first.one("Secret")["data"]
    assert webhook_of(second)["clientConfig"]["caBundle"] == first.one("Secret")["data"]["ca.crt"]
    assert "--mode=audit" in containers(second)["gate"]["args"]


def test_generated_tls_reuses_a_secret_found_by_lookup() -> None:
    ours = decoded(rendered("defaults").one("Secret", "gate-tls"))
    with FakeKubeAPI() as api:
        api.put(rendered("defaults").one("Secret", "gate-tls"))
        api.store[("v1", NAMESPACE, "secrets", "gate-tls")]["metadata"].update(
            labels={"app.kubernetes.io/managed-by": "Helm"},
            annotations={
                "meta.helm.sh/release-name": "gate",
                "meta.helm.sh/release-namespace": NAMESPACE,
            },
        )
        release = install(api=api)
    assert decoded(release.one("Secret", "gate-tls")) == ours
    assert (
        webhook_of(release)["clientConfig"]["caBundle"]
        == base64.b64encode(ours["ca.crt"].encode()).decode()
    )


@pytest.mark.parametrize("name", ["cert-manager", "cert-manager-issuer"])
def test_cert_manager_issues_the_serving_certificate_and_injects_the_ca(name: str) -> None:
    release = rendered(name)
    configuration = release.one("ValidatingWebhookConfiguration")
    certificate = release.one("Certificate", "gate")
    assert configuration["metadata"]["annotations"]["cert-manager.io/inject-ca-from"] == (
        f"{NAMESPACE}/{certificate['metadata']['name']}"
    )
    assert "caBundle" not in webhook_of(release)["clientConfig"]
    assert release.of_kind("Secret") == []  # cert-manager writes gate-tls
    assert certificate["spec"]["secretName"] == "gate-tls"
    assert "gate.gate-system.svc" in certificate["spec"]["dnsNames"]


def test_cert_manager_without_issuer_makes_a_ca_and_a_ca_issuer() -> None:
    release = rendered("cert-manager")
    serving = release.one("Certificate", "gate")["spec"]
    ca = release.one("Certificate", "gate-ca")["spec"]
    issuers = {i["metadata"]["name"]: i["spec"] for i in release.of_kind("Issuer")}
    assert ca["isCA"] is True
    assert issuers[ca["issuerRef"]["name"]] == {"selfSigned": {}}
    assert issuers[serving["issuerRef"]["name"]] == {"ca": {"secretName": ca["secretName"]}}


def test_cert_manager_uses_the_given_issuer() -> None:
    release = rendered("cert-manager-issuer")
    spec = release.one("Certificate")["spec"]
    assert spec["issuerRef"] == {
        "name": "platform-ca",
        "kind": "ClusterIssuer",
        "group": "cert-manager.io",
    }
    assert (spec["duration"], spec["renewBefore"]) == ("720h", "240h")


# --- the Deployment --------------------------------------------------------------------------


def test_deployment_is_highly_available(value_set: str) -> None:
    release = rendered(value_set)
    deployment = release.one("Deployment")
    assert deployment["spec"]["replicas"] >= 2
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    pod = deployment["spec"]["template"]
    budget = release.one("PodDisruptionBudget")["spec"]
    assert budget["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    assert 1 <= budget["minAvailable"] < deployment["spec"]["replicas"]
    (term,) = pod["spec"]["affinity"]["podAntiAffinity"][
        "preferredDuringSchedulingIgnoredDuringExecution"
    ]
    assert term["podAffinityTerm"]["topologyKey"] == "kubernetes.io/hostname"
    assert (
        term["podAffinityTerm"]["labelSelector"]["matchLabels"].items()
        <= pod["metadata"]["labels"].items()
    )


def test_webhook_pods_are_cluster_critical_within_a_quota_for_that_class() -> None:
    release = rendered("defaults")
    pod = release.one("Deployment")["spec"]["template"]["spec"]
    assert pod["priorityClassName"] == "system-cluster-critical"
    quota = release.one("ResourceQuota")
    assert quota["metadata"]["namespace"] == NAMESPACE
    assert quota["spec"] == {
        "hard": {"pods": "10"},
        "scopeSelector": {
            "matchExpressions": [
                {
                    "scopeName": "PriorityClass",
                    "operator": "In",
                    "values": ["system-cluster-critical"],
                }
            ]
        },
    }


@pytest.mark.parametrize(
    ("values", "namespace"),
    [
        ({"priorityClassName": "platform-critical"}, NAMESPACE),
        ({"priorityClassName": ""}, NAMESPACE),
        ({"criticalPodQuota": 0}, NAMESPACE),
        # A quota in kube-system would cap the cluster's own critical pods.
        ({}, "kube-system"),
    ],
)
def test_no_critical_pod_quota_where_none_is_needed(values: dict[str, Any], namespace: str) -> None:
    release = install(values, namespace=namespace)
    assert release.of_kind("ResourceQuota") == []
    pod = release.one("Deployment")["spec"]["template"]["spec"]
    assert pod.get("priorityClassName", "") == values.get(
        "priorityClassName", "system-cluster-critical"
    )


def test_critical_pod_quota_too_small_for_a_rollout_is_refused() -> None:
    with pytest.raises(helm_sdkpy.InstallError) as caught:
        install({"replicaCount": 3, "criticalPodQuota": 3})
    assert "criticalPodQuota: at least replicaCount + 1" in str(caught.value)
    assert install({"replicaCount": 3, "criticalPodQuota": 4}).one("ResourceQuota")


@pytest.mark.parametrize(
    ("values", "refused"),
    [
        ({"drainSeconds": 25}, True),  # 25 + 10 > 30: reviews in flight after the drain killed
        ({"drainSeconds": 19.5}, False),
        ({"terminationGracePeriodSeconds": 12}, True),
        ({"terminationGracePeriodSeconds": 15}, False),
        ({"drainSeconds": 5, "webhook": {"timeoutSeconds": 30}}, True),
    ],
)
def test_grace_period_outlasts_the_drain_and_the_reviews_in_flight(
    values: dict[str, Any], refused: bool
) -> None:
    if refused:
        with pytest.raises(helm_sdkpy.InstallError) as caught:
            install(values)
        assert "terminationGracePeriodSeconds: at least drainSeconds + webhook" in str(caught.value)
    else:
        assert install(values).one("Deployment")


def test_every_container_is_non_root_read_only_and_has_requests(value_set: str) -> None:
    release = rendered(value_set)
    pods = [release.one("Deployment")["spec"]["template"]["spec"], release.one("Pod")["spec"]]
    for pod in pods:
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True
            assert context["allowPrivilegeEscalation"] is False
            assert context["capabilities"] == {"drop": ["ALL"]}
            assert {"cpu", "memory"} <= container["resources"]["requests"].keys()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "defaults",
            [
                "--mode=enforce",
                "--registry-failure=closed",
                "--data=/data/data.json",
                "--cache-size=4096",
                "--tag-ttl=60",
                "--error-ttl=5",
                "--secret-ttl=30",
                "--registry-timeout=5",
                "--default-timeout=10",
                "--drain-seconds=5",
                "--judge-workers=2",
                "--judge-memory=192",
                "--judge-cpu-seconds=10",
                "--max-images=256",
                "--max-connections=256",
                "--header-timeout=10",
                "--body-timeout=10",
                "--idle-timeout=30",
                "--send-timeout=10",
                "--min-body-rate=65536",
                "--body-grace=2",
                "--prompt-within=1",
                "--fresh-for=10",
            ],
        ),
        (
            "network-policy",
            [
                "--allow-private-registry=harbor.internal",
                "--allow-private-registry=registry.cluster.local:5000",
                "--judge-workers=3",
                "--judge-memory=160",
                "--judge-cpu-seconds=5",
                "--max-images=64",
                "--max-connections=256",
                "--header-timeout=5",
                "--body-timeout=5",
                "--idle-timeout=20",
                "--send-timeout=5",
                "--min-body-rate=131072",
                "--body-grace=0.5",
                "--prompt-within=2",
                "--fresh-for=30",
            ],
        ),
        ("audit", ["--mode=audit", "--registry-failure=open"]),
        (
            "exempt-namespaces",
            [
                "--policy=/policies",
                "--insecure-registry=registry.local:5000",
                "--allow-registry-host=harbor.internal",
                "--global-pull-secret=/pull-secrets/ci-pull-secret/.dockerconfigjson",
                "--tls-min-version=1.3",
                "--strict",
                "--registry-ca=/registry-ca/ca.crt",
                "--cache-size=512",
                "--tag-ttl=30",
                "--error-ttl=2",
                "--secret-ttl=10",
                "--registry-timeout=3",
                "--drain-seconds=10",
            ],
        ),
        ("opa-servicemonitor", ["--opa-url=http://127.0.0.1:8181"]),
    ],
)
def test_gate_serve_flags_follow_values(name: str, expected: list[str]) -> None:
    gate = containers(rendered(name))["gate"]
    assert gate["args"][:4] == [
        "serve",
        "--listen=0.0.0.0:8443",
        "--tls-cert=/tls/tls.crt",
        "--tls-key=/tls/tls.key",
    ]
    assert set(expected) <= set(gate["args"])


def test_gate_serve_accepts_the_rendered_command_line(
    value_set: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from gate.cli import _parser  # the real `gate serve` parser: flags the chart passes exist

    release = rendered(value_set)
    gate = containers(release)["gate"]
    assert gate["command"] == ["gate"]
    try:
        args = _parser().parse_args(gate["args"])
    except SystemExit:
        pytest.fail(f"gate {' '.join(gate['args'])}: {capsys.readouterr().err}")
    values = values_file(value_set)
    assert args.mode == values.get("mode", "enforce")
    assert args.registry_failure == values.get("registryFailure", "closed")
    assert args.listen == ("0.0.0.0", 8443)
    assert args.health_listen == ("0.0.0.0", 8081)
    assert (args.opa_url is not None) == values.get("opa", {}).get("enabled", False)


def test_gate_answers_gatekeeper_before_the_provider_timeout_the_extras_ship() -> None:
    from gate.cli import _parser

    # Gatekeeper sends no deadline: gate's is --default-timeout, and the Provider must wait
    # at least that long or it gives up on gate mid-fetch.
    provider = yaml.safe_load((CHART / "extras" / "gatekeeper-provider.yaml").read_text())
    for seconds in (None, 6.5):
        values = {} if seconds is None else {"externalDataTimeoutSeconds": seconds}
        args = _parser().parse_args(containers(install(values))["gate"]["args"])
        assert args.default_timeout == (10.0 if seconds is None else seconds)
    assert provider["spec"]["timeout"] >= 10.0


def test_large_numbers_render_as_integers() -> None:
    # Helm reads values as JSON numbers (float64): 1000000 would print as 1e+06 without `int`.
    values = {"cache": {"size": 1000000}, "connections": {"minBodyRateBytes": 1048576}}
    args = containers(install(values))["gate"]["args"]
    assert "--cache-size=1000000" in args
    assert "--min-body-rate=1048576" in args


def test_registry_ca_is_mounted_where_the_flag_points() -> None:
    release = rendered("exempt-namespaces")
    ca = values_file("exempt-namespaces")["registry"]["caBundle"]
    assert release.one("ConfigMap", "gate-registry-ca")["data"] == {"ca.crt": ca}
    gate = containers(release)["gate"]
    assert {"name": "registry-ca", "mountPath": "/registry-ca", "readOnly": True} in gate[
        "volumeMounts"
    ]
    pod = release.one("Deployment")["spec"]["template"]["spec"]
    assert {"name": "registry-ca", "configMap": {"name": "gate-registry-ca"}} in pod["volumes"]
    assert pod["terminationGracePeriodSeconds"] == 45


def test_client_ca_is_mounted_where_the_flag_points_with_the_names_allowed() -> None:
    ca = values_file("exempt-namespaces")["registry"]["caBundle"]
    release = install({"tls": {"clientCA": ca, "clientNames": ["kube-apiserver"]}})
    assert release.one("ConfigMap", "gate-client-ca")["data"] == {"ca.crt": ca}
    gate = containers(release)["gate"]
    assert {"--client-ca=/client-ca/ca.crt", "--client-name=kube-apiserver"} <= set(gate["args"])
    assert {"name": "client-ca", "mountPath": "/client-ca", "readOnly": True} in gate[
        "volumeMounts"
    ]
    pod = release.one("Deployment")["spec"]["template"]["spec"]
    assert {"name": "client-ca", "configMap": {"name": "gate-client-ca"}} in pod["volumes"]
    defaults = containers(rendered("defaults"))["gate"]["args"]
    assert not any(a.startswith("--client") for a in defaults)


def test_client_names_without_a_client_ca_are_refused() -> None:
    # gate serve refuses --client-name alone: a crash loop behind Fail.
    with pytest.raises(helm_sdkpy.InstallError) as caught:
        install({"tls": {"clientNames": ["kube-apiserver"]}})
    assert "tls.clientNames needs tls.clientCA" in str(caught.value)


def test_defaults_use_the_embedded_engine_and_only_built_in_policies() -> None:
    args = containers(rendered("defaults"))["gate"]["args"]
    assert not any(
        a.startswith(("--opa-url", "--policy", "--strict", "--registry-ca")) for a in args
    )
    assert list(containers(rendered("defaults"))) == ["gate"]
    pod = rendered("defaults").one("Deployment")["spec"]["template"]["spec"]
    assert "policies" not in {v["name"] for v in pod["volumes"]}


def test_probes_use_the_health_listener_that_review_traffic_cannot_fill() -> None:
    gate = containers(rendered("defaults"))["gate"]
    assert gate["readinessProbe"]["httpGet"] == {
        "path": "/readyz",
        "port": "health",
        "scheme": "HTTP",
    }
    assert gate["livenessProbe"]["httpGet"] == {
        "path": "/healthz",
        "port": "health",
        "scheme": "HTTP",
    }
    assert {"name": "health", "containerPort": 8081, "protocol": "TCP"} in gate["ports"]
    assert "--health-listen=0.0.0.0:8081" in gate["args"]


@pytest.mark.parametrize(("seconds", "failures"), [(None, 60), (30, 15), (31, 16), (2, 1)])
def test_a_slow_start_is_a_startup_probe_window_not_a_liveness_restart(
    seconds: int | None, failures: int
) -> None:
    # The health listener opens after the judges' warm-ups (bounded in CPU, not wall time):
    # liveness alone (3 x 10 s) restarted a pod still warming up on a busy node.
    values = {} if seconds is None else {"startupSeconds": seconds}
    probe = containers(install(values))["gate"]["startupProbe"]
    assert probe["httpGet"] == {"path": "/healthz", "port": "health", "scheme": "HTTP"}
    assert (probe["periodSeconds"], probe["failureThreshold"]) == (2, failures)


def test_health_port_equal_to_the_webhook_port_is_refused() -> None:
    # gate serve binds both: the second bind failed at start, a crash loop behind Fail.
    with pytest.raises(helm_sdkpy.InstallError) as caught:
        install({"service": {"targetPort": 9443, "healthPort": 9443}})
    assert "service.healthPort: must differ from service.targetPort" in str(caught.value)


def test_image_is_pinned_by_digest_when_given() -> None:
    assert containers(rendered("exempt-namespaces"))["gate"]["image"] == (
        "registry.example.com/platform/gate@sha256:" + "0123456789abcdef" * 4
    )
    image = containers(rendered("defaults"))["gate"]["image"]
    assert image == "registry.example.com/platform/gate:0.1.0"


def test_global_pull_secret_is_mounted_where_the_flag_points() -> None:
    gate = containers(rendered("exempt-namespaces"))["gate"]
    pod = rendered("exempt-namespaces").one("Deployment")["spec"]["template"]["spec"]
    (mount,) = [m for m in gate["volumeMounts"] if m["mountPath"] == "/pull-secrets/ci-pull-secret"]
    (volume,) = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    assert volume["secret"]["secretName"] == "ci-pull-secret"
    assert volume["secret"]["items"] == [{"key": ".dockerconfigjson", "path": ".dockerconfigjson"}]


# --- policies, data, OPA ---------------------------------------------------------------------


def test_policies_and_data_come_from_configmaps() -> None:
    release = rendered("exempt-namespaces")
    values = values_file("exempt-namespaces")
    policies = release.one("ConfigMap", "gate-policies")["data"]
    assert policies == values["policies"]["files"]
    data = release.one("ConfigMap", "gate-data")["data"]
    assert json.loads(data["data.json"]) == values["data"]
    pod = release.one("Deployment")["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["policies"]["configMap"]["name"] == "gate-policies"
    assert volumes["data"]["configMap"]["name"] == "gate-data"
    mounts = containers(release)["gate"]["volumeMounts"]
    # one file a mount: a whole ConfigMap volume would also show the kubelet's hidden
    # ..<timestamp>/ copy of every file to a recursive *.rego search under --policy
    assert [m for m in mounts if m["name"] == "policies"] == [
        {
            "name": "policies",
            "mountPath": "/policies/team.rego",
            "subPath": "team.rego",
            "readOnly": True,
        }
    ]
    assert {"name": "data", "mountPath": "/data", "readOnly": True} in mounts
    assert "--policy=/policies" in containers(release)["gate"]["args"]


def test_pods_roll_when_policies_change() -> None:
    def checksum(release: Rendered) -> str:
        value: str = release.one("Deployment")["spec"]["template"]["metadata"]["annotations"][
            "checksum/policies"
        ]
        return value

    assert checksum(rendered("defaults")) == checksum(install())
    assert checksum(rendered("defaults")) != checksum(install({"data": {"switch": True}}))


def test_opa_image_renders_as_one_string_whatever_its_characters() -> None:
    image = {"repository": 'mirror.example.com/opa"x', "tag": "1.10.0-static"}
    release = install({"opa": {"enabled": True, "image": image}})
    assert containers(release)["opa"]["image"] == 'mirror.example.com/opa"x:1.10.0-static'


def test_opa_sidecar_serves_the_opa_backend_on_localhost_only() -> None:
    release = rendered("opa-servicemonitor")
    opa = containers(release)["opa"]
    assert opa["image"] == "openpolicyagent/opa:1.10.0-static"
    assert opa["args"][:2] == ["run", "--server"]
    assert "--addr=127.0.0.1:8181" in opa["args"]
    assert "ports" not in opa  # not reachable from outside the pod
    assert "--opa-url=http://127.0.0.1:8181" in containers(release)["gate"]["args"]


def test_service_monitor_scrapes_metrics_over_verified_tls() -> None:
    release = rendered("opa-servicemonitor")
    monitor = release.one("ServiceMonitor")
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    assert (
        monitor["spec"]["selector"]["matchLabels"].items()
        <= release.one("Service")["metadata"]["labels"].items()
    )
    (endpoint,) = monitor["spec"]["endpoints"]
    assert (endpoint["port"], endpoint["path"], endpoint["scheme"]) == (
        "https",
        "/metrics",
        "https",
    )
    assert endpoint["interval"] == "15s"
    tls = endpoint["tlsConfig"]
    assert tls["insecureSkipVerify"] is False
    assert tls["serverName"] == "gate.gate-system.svc"
    assert tls["ca"] == {"secret": {"name": "gate-tls", "key": "ca.crt"}}


# --- RBAC, helm test, NOTES ------------------------------------------------------------------


def test_rbac_lets_gate_read_pull_secrets_and_service_accounts() -> None:
    release = rendered("defaults")
    (rule,) = release.one("ClusterRole")["rules"]
    assert rule == {
        "apiGroups": [""],
        "resources": ["secrets", "serviceaccounts"],
        "verbs": ["get"],
    }
    binding = release.one("ClusterRoleBinding")
    assert binding["roleRef"]["name"] == release.one("ClusterRole")["metadata"]["name"]
    service_account = release.one("ServiceAccount")["metadata"]
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": service_account["name"], "namespace": NAMESPACE}
    ]
    pod = release.one("Deployment")["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == service_account["name"]


def test_gate_reads_pod_pull_secrets_with_a_mounted_token_by_default() -> None:
    release = rendered("defaults")
    assert "--kube-api=in-cluster" in containers(release)["gate"]["args"]
    pod = release.one("Deployment")["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is True


def test_without_pod_pull_secrets_gate_gets_no_token_and_no_secret_reading_rbac(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from gate.cli import _parser

    # Reading every Secret is a big grant: an operator who only uses global pull secrets turns
    # it off, and then nothing in the pod can call the API server.
    release = install({"registry": {"podPullSecrets": False}})
    assert release.of_kind("ClusterRole") == release.of_kind("ClusterRoleBinding") == []
    pod = release.one("Deployment")["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False
    assert release.one("ServiceAccount")["automountServiceAccountToken"] is False
    args = containers(release)["gate"]["args"]
    assert _parser().parse_args(args).kube_api == "none", capsys.readouterr().err


def test_secret_reading_rbac_is_never_bound_to_the_default_service_account() -> None:
    with pytest.raises(helm_sdkpy.InstallError) as caught:
        install({"serviceAccount": {"create": False}})
    assert "serviceAccount.name: name the ServiceAccount gate runs as" in str(caught.value)
    release = install({"serviceAccount": {"create": False, "name": "gate-reader"}})
    (subject,) = release.one("ClusterRoleBinding")["subjects"]
    assert subject["name"] == "gate-reader"
    # Without RBAC from the chart, or without reading pull secrets, nothing is granted to it.
    for values in ({"rbac": {"create": False}}, {"registry": {"podPullSecrets": False}}):
        release = install(merged({"serviceAccount": {"create": False}}, values))
        assert release.of_kind("ClusterRoleBinding") == []


def test_helm_test_hook_probes_the_service_with_the_chart_ca() -> None:
    release = rendered("defaults")
    (hook,) = release.hooks
    assert hook["kind"] == "Pod"
    assert hook["metadata"]["annotations"]["helm.sh/hook"] == "test"
    assert hook["spec"]["restartPolicy"] == "Never"
    (script,) = hook["spec"]["containers"][0]["args"]
    assert "https://gate.gate-system.svc:443" in script
    assert "/readyz" in script and 'cafile="/tls/ca.crt"' in script
    assert hook["spec"]["volumes"][0]["secret"]["secretName"] == "gate-tls"
    (parsed,) = release.result["hooks"]  # how Helm itself read the hook annotations
    assert parsed["path"] == "gate/templates/tests/test-webhook.yaml"
    assert parsed["events"] == ["test"]
    assert parsed["delete_policies"] == ["before-hook-creation", "hook-succeeded"]


@pytest.mark.parametrize("name", ["defaults", "audit"])
def test_notes_tell_mode_and_exempt_namespaces(name: str) -> None:
    notes = rendered(name).notes
    mode = values_file(name).get("mode", "enforce")
    assert f'mode "{mode}"' in notes
    assert "namespaces kube-system, gate-system" in notes
    namespace_label = values_file(name).get("webhook", {}).get("namespaceOptOutLabel", "")
    assert ("namespaces labelled" in notes) == bool(namespace_label)
    assert "helm test gate -n gate-system" in notes
    assert ("Audit mode admits every workload" in notes) == (mode == "audit")


# --- values.schema.json ----------------------------------------------------------------------


def rejected(values: dict[str, Any]) -> str:
    with pytest.raises(helm_sdkpy.InstallError) as caught:
        install(values)
    message = str(caught.value)
    assert "values don't meet the specifications of the schema" in message
    return message


@pytest.mark.parametrize(("failure_policy", "warned"), [("Fail", True), ("Ignore", False)])
def test_notes_warn_that_audit_mode_still_blocks_when_gate_is_down(
    failure_policy: str, warned: bool
) -> None:
    notes = install({"mode": "audit", "webhook": {"failurePolicy": failure_policy}}).notes
    assert ("API server still denies pods" in notes) == warned


def test_chart_refuses_clusters_older_than_its_kube_version() -> None:
    with (
        FakeKubeAPI(kube_version="1.24.9") as api,
        pytest.raises(helm_sdkpy.InstallError) as caught,
    ):
        install(api=api)
    assert "chart requires kubeVersion: >=1.25.0-0" in str(caught.value)


def test_values_schema_rejects_unknown_mode() -> None:
    assert "mode" in rejected({"mode": "permissive"})


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"replicaCount": 1}, "replicaCount"),
        ({"registryFailure": "maybe"}, "registryFailure"),
        ({"webhook": {"timeoutSeconds": 31}}, "timeoutSeconds"),
        ({"webhook": {"failurePolicy": "Retry"}}, "failurePolicy"),
        ({"webhook": {"exemptNamespaces": ["Kube_System"]}}, "exemptNamespaces"),
        ({"tls": {"mode": "none"}}, "tls"),
        ({"securityContext": {"readOnlyRootFilesystem": False}}, "readOnlyRootFilesystem"),
        ({"podSecurityContext": {"runAsNonRoot": False}}, "runAsNonRoot"),
        ({"image": {"digest": "latest"}}, "digest"),
        ({"policies": {"files": {"team.txt": "x"}}}, "team.txt"),
        ({"extraArgs": ["rm -rf"]}, "extraArgs"),
        ({"replicas": 3}, "replicas"),
        ({"registry": {"caBundle": "not a pem"}}, "caBundle"),
        ({"cache": {"size": 0}}, "size"),
        ({"criticalPodQuota": -1}, "criticalPodQuota"),
        ({"serviceAccount": {"name": "gate: admin"}}, "name"),
        ({"priorityClassName": "System Critical"}, "priorityClassName"),
        ({"registry": {"podPullSecrets": "yes"}}, "podPullSecrets"),
        ({"networkPolicy": {"enabled": True}}, "apiServerCIDRs"),
        ({"networkPolicy": {"enabled": True, "apiServerCIDRs": ["apiserver"]}}, "apiserver"),
        ({"judge": {"memoryMiB": 100}}, "memoryMiB"),
        ({"connections": {"headerTimeoutSeconds": 60}}, "headerTimeoutSeconds"),
        ({"connections": {"minBodyRateBytes": 0}}, "minBodyRateBytes"),
        ({"connections": {"sendTimeoutSeconds": 0}}, "sendTimeoutSeconds"),
        ({"connections": {"bodyGraceSeconds": -1}}, "bodyGraceSeconds"),
        ({"connections": {"promptWithinSeconds": 0}}, "promptWithinSeconds"),
        ({"connections": {"freshForSeconds": "10s"}}, "freshForSeconds"),
        ({"judge": {"maxImages": 0}}, "maxImages"),
    ],
)
def test_values_schema_rejects_bad_values(values: dict[str, Any], field: str) -> None:
    assert field in rejected(values)


def test_values_schema_accepts_every_value_set_and_the_defaults() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    validator = jsonschema.Draft7Validator(SCHEMA)
    for name in VALUE_SETS:
        assert list(validator.iter_errors(merged(defaults, values_file(name)))) == [], name


# --- hostile clients -------------------------------------------------------------------------

# Peak RSS of the server process (not its workers) in benchmarks/bench_webhook.py's runs, with
# headroom; see the readme note for the figures.
SERVER_PEAK_MIB = 200


def _mebibytes(quantity: str) -> int:
    units = {"Mi": 1, "Gi": 1024}
    return int(quantity[:-2]) * units[quantity[-2:]]


def test_network_policy_lets_only_the_api_server_and_configured_peers_reach_the_port() -> None:
    release = rendered("network-policy")
    policy = release.one("NetworkPolicy")["spec"]
    pod = release.one("Deployment")["spec"]["template"]
    assert policy["podSelector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    assert policy["policyTypes"] == ["Ingress"]
    [rule] = policy["ingress"]
    assert rule["ports"] == [{"port": 8443, "protocol": "TCP"}]
    peers = rule["from"]
    assert {"ipBlock": {"cidr": "10.0.0.0/28"}} in peers
    assert {"ipBlock": {"cidr": "fd00:10::/64"}} in peers
    gatekeeper = {"kubernetes.io/metadata.name": "gatekeeper-system"}
    assert {"namespaceSelector": {"matchLabels": gatekeeper}} in peers
    # `helm test` still reaches the Service.
    probe = release.one("Pod")["metadata"]["labels"]
    selectors = [p["podSelector"]["matchLabels"] for p in peers if "podSelector" in p]
    assert any(s.items() <= probe.items() for s in selectors)
    assert len(peers) == 4  # nothing else, and no empty peer (which would admit everyone)


def test_no_network_policy_unless_enabled_with_the_api_server_addresses() -> None:
    assert rendered("defaults").of_kind("NetworkPolicy") == []
    with pytest.raises(Exception, match="apiServerCIDRs"):
        install({"networkPolicy": {"enabled": True}})


def test_memory_limit_holds_the_server_and_every_judge_worker_at_its_limit(value_set: str) -> None:
    release = rendered(value_set)
    values = merged(yaml.safe_load((CHART / "values.yaml").read_text()), values_file(value_set))
    judge = values["judge"]
    limit = _mebibytes(containers(release)["gate"]["resources"]["limits"]["memory"])
    assert limit >= SERVER_PEAK_MIB + judge["workers"] * judge["memoryMiB"]
