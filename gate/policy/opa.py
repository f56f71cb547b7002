"""The OPA server engine: the same policy files and data, uploaded over OPA's REST API.

OPA's data is one document, and runs with other policies or data may share the server: each
bundle goes under a root of its own, `data.gate_<hash>` (the first 32 hex digits of the
bundle's content hash; gate/policy/rego_place.py moves the modules there). Policies go up with
`PUT /v1/policies/gate/<hash>/<path>`, data with `PUT /v1/data/gate_<hash>/<key>/<child>` (one
level below the bundle's top so a write never overlaps a policy package such as
data.gate_<hash>.gate.rules), and each decision is
`POST /v1/data/gate_<hash>/gate/rules?strict-builtin-errors=true`. A bundle whose policies are
all on the server already is not uploaded again (its data went up before them); nothing of
another root is written or deleted, so the roots of old bundles stay until the operator removes
them. Every request has a timeout; any failure is a PolicyError, so an unreachable OPA fails
the run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from gate.policy.bundle import Bundle, PolicyModule, PolicySource
from gate.policy.engine import DECISION, BundleEngine, input_text
from gate.policy.errors import PolicyError
from gate.policy.rego_place import placed

ID_PREFIX = "gate/"
DEFAULT_TIMEOUT = 5.0
# Hex digits of the content hash that name a bundle's root: 128 bits, no accidental sharing.
ROOT_DIGITS = 32


def bundle_root(bundle: Bundle) -> str:
    """The root under `data` that this bundle's policies and data use on a shared OPA."""
    return f"gate_{bundle.policy_hash[:ROOT_DIGITS]}"


def _client(url: str, timeout: float) -> Any:
    from opa_client.opa import OpaClient

    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PolicyError(f"--opa-url must be http(s)://host[:port], not {url!r}")
    if parts.path.strip("/"):
        raise PolicyError(f"--opa-url cannot have a path (OPA serves /v1 at the root): {url!r}")
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 8181)
    return OpaClient(host=parts.hostname, port=port, ssl=https, timeout=timeout, retries=0)


def _transport_errors() -> tuple[type[BaseException], ...]:
    import requests

    return (requests.RequestException, ValueError)


def _opa_error(error: Any, modules: Mapping[str, PolicyModule]) -> PolicyError:
    """OPA's error object (or a client exception carrying it) → file:line PolicyError."""
    details = getattr(error, "errors", None) or []
    message = getattr(error, "message", None) or str(error)
    for item in details:
        if not isinstance(item, Mapping):
            continue
        location = item.get("location") or {}
        module = modules.get(str(location.get("file", "")).lstrip("/"))
        path = module.path if module else location.get("file")
        row = location.get("row")
        return PolicyError(str(item.get("message") or message), path, row if row else None)
    return PolicyError(f"OPA rejected the policy: {message}")


# Data API query parameter (OPA REST API, "Query Parameters"; Go's ParseBool reads "true").
_STRICT = {"strict-builtin-errors": "true"}


class OpaEngine(BundleEngine):
    """Evaluates on an OPA server after uploading the bundle's modules and data."""

    def __init__(
        self, bundle: Bundle, url: str, *, timeout: float = DEFAULT_TIMEOUT, upload: bool = True
    ) -> None:
        super().__init__(bundle)
        self._url = url
        self._client = _client(url, timeout)
        self._root = bundle_root(bundle)
        self._ids = f"{ID_PREFIX}{bundle.policy_hash[:ROOT_DIGITS]}/"
        self._path = f"{self._root}/" + DECISION.removeprefix("data.").replace(".", "/")
        if upload:
            self.push()

    @property
    def root(self) -> str:
        return self._root

    def _unreachable(self, error: BaseException) -> PolicyError:
        return PolicyError(f"OPA at {self._url} (--opa-url) {_transport_reason(error)}")

    def push(self) -> None:
        """Upload the data, then every module, under the bundle's root; nothing when its
        policies are all there already (the same content: the root is its hash)."""
        from opa_client.errors import RegoParseError

        by_id = {self._ids + m.policy_id: m for m in self._bundle.modules}
        try:
            listed = {
                (name if isinstance(name, str) else str(name)).lstrip("/")
                for name in self._client.get_policies_list() or ()
            }
            if by_id and listed >= by_id.keys():
                return
            # Data first: a run that finds every policy there may evaluate at once.
            for key, value in self._bundle.data.items():
                children = value.items() if isinstance(value, Mapping) else ()
                for child, child_value in children:
                    self._put_data(f"{self._root}/{key}/{child}", child_value)
                if not isinstance(value, Mapping):
                    self._put_data(f"{self._root}/{key}", value)
            for policy_id, module in by_id.items():
                try:
                    self._client.update_policy_from_string(
                        placed(module.text, self._root), policy_id, rego_compat=False
                    )
                except RegoParseError as error:
                    raise _opa_error(error, by_id) from None
        except PolicyError:
            raise
        except _transport_errors() as error:
            raise self._unreachable(error) from None
        except Exception as error:  # opa_client's own error classes share no base class
            raise PolicyError(f"OPA at {self._url}: {getattr(error, 'message', error)}") from None

    def _put_data(self, path: str, value: Any) -> None:
        if isinstance(value, Mapping):
            self._client.update_or_create_data(dict(value), path)
            return
        # The client's data call takes mappings only, while OPA's Data API takes any JSON value
        # and gate's data holds lists (gate.exceptions). A JSON Patch through the client would
        # need the parent document, which overlaps the policy packages (data.gate.rules). So
        # lists go up as one PUT built from the client's public settings (its private session
        # is not used).
        import requests

        response = requests.put(
            f"{self._client.root_url}/data/{path}",
            json=value,
            headers=self._client.headers or None,
            timeout=self._client.timeout,
        )
        if response.status_code not in (200, 204):
            raise PolicyError(
                f"OPA rejected data {path}: HTTP {response.status_code} {response.text}"
            )

    def evaluate(self, input_doc: Mapping[str, Any]) -> Mapping[str, Any]:
        return self.evaluate_text(json.dumps(input_doc, ensure_ascii=False))

    def evaluate_text(self, text: str) -> Mapping[str, Any]:
        try:
            # OPA's default makes a builtin's error (to_number("x"), a bad regex) undefined, so a
            # deny rule that errs gives no finding; regorus raises. Strict, OPA answers HTTP 500.
            response = self._client.query_rule(
                json.loads(input_text(text)), self._path, query_params=_STRICT
            )
        except _transport_errors() as error:
            detail = _short(error)
            if isinstance(detail, PolicyError) and detail.path is not None:
                # OPA answered: an evaluation error, located by policy id; name the file.
                by_id = {self._ids + m.policy_id: m.path for m in self._bundle.modules}
                path = by_id.get(detail.path.lstrip("/"), detail.path)
                raise PolicyError(detail.message, path, detail.line) from None
            raise self._unreachable(detail) from None
        if not isinstance(response, Mapping) or "result" not in response:
            raise PolicyError(
                f"the decision {DECISION} is undefined on OPA at {self._url} (policies not pushed?)"
            )
        value = response["result"]
        if not isinstance(value, Mapping):
            raise PolicyError(f"the decision {DECISION} on OPA is not an object of rule packages")
        return value


# The OS's reason in requests' and urllib3's wrapped messages ("[Errno 111] Connection refused").
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def _transport_reason(error: BaseException) -> str:
    """One short clause for a failed call: the OS's reason when there is one, not urllib3's
    retry report with its URL path and object reprs."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, TimeoutError) or type(seen).__name__.endswith("Timeout"):
            return "is unreachable: it did not answer in time"
        seen = seen.__cause__ or seen.__context__
    text = str(error)
    found = _ERRNO.search(text)
    if found is not None:
        return f"is unreachable: {found.group(1).strip().lower()}"
    if "Name or service not known" in text or "getaddrinfo" in text:
        return "is unreachable: its host name does not resolve"
    first = " ".join(text.split())
    return f"is unreachable or failed: {first[:200]}"


def _short(error: BaseException) -> BaseException:
    """An HTTP error with OPA's message and the policy location when OPA gave one."""
    response = getattr(error, "response", None)
    if response is None:
        return error
    try:
        body = response.json()
    except ValueError:
        return PolicyError(f"HTTP {response.status_code}")
    message = str(body.get("message", body)) if isinstance(body, Mapping) else str(body)
    where = re.search(r"([\w./-]+\.rego):(\d+)", message)
    text = f"HTTP {response.status_code}: {' '.join(message.split('Stack backtrace:')[0].split())}"
    if where:
        return PolicyError(text, where.group(1), int(where.group(2)))
    return PolicyError(text)


def refuse_untrusted(sources: Sequence[str | PolicySource], url: str) -> None:
    """Fail on a policy directory or data file from a repository's config bound for OPA.

    Uploaded, a repository's Rego would run on the operator's server, with the builtins the
    embedded engine lacks (`http.send`, `net.lookup_ip_addr`, `opa.runtime()`), and stay there.
    (Its exemptions no longer reach other runs: each bundle has a root of its own.)
    """
    for item in sources:
        if isinstance(item, PolicySource) and not item.trusted:
            raise PolicyError(
                f"named by {item.origin}, so it is not uploaded to the OPA server at {url}: "
                "a repository's policies and data would run there, with OPA's builtins "
                "(pass --trust-config, --config FILE or --no-config)",
                item.path,
            )


def push_policies(
    policy_dirs: Sequence[str | PolicySource], data_files: Sequence[str | PolicySource], url: str
) -> Bundle:
    """`gate policy push`: the same modules and data `gate` would judge with, onto an OPA."""
    from gate.policy.bundle import load_bundle

    refuse_untrusted((*policy_dirs, *data_files), url)
    bundle = load_bundle(policy_dirs, data_files)
    OpaEngine(bundle, url)
    return bundle
