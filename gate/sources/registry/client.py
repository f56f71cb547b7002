"""An async registry client: one connection pool, auth with a token cache, verified content.

Every exchange is bounded: connect and read timeouts, a total time per request, size caps enforced
while the body streams, at most five redirects. A redirect to another origin never carries the
Authorization header, and plain HTTP is spoken only to hosts the options mark insecure.

A caller that must control where connections go (the webhook's SSRF guard) passes a Connector:
every direct connection then goes to one of the addresses it returns for the host, never to what
the system resolver says later; TLS still verifies the certificate for the host name (SNI).

Over 600 lines: the distribution protocol's exchanges share the pool, auth and caps above.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import ssl
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import TracebackType

import anyio
import anyio.to_thread
import httpx

from gate import user_files
from gate.sources.registry.auth import (
    Challenge,
    TokenCache,
    docker_config_credentials,
    host_names,
    parse_challenges,
    parse_token_response,
)
from gate.sources.registry.digest import compute_digest, digest_problem, matches
from gate.sources.registry.errors import RegistryError
from gate.sources.registry.manifest import ACCEPT, Descriptor
from gate.sources.registry.options import Credentials, MiB, RegistryOptions
from gate.sources.registry.pinned import Connector, PinnedTransport
from gate.sources.registry.reference import ImageReference

MAX_REDIRECTS = 5
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_MAX_ERROR_BODY = 64 * 1024  # enough for a registry's JSON error, read only to explain a failure
_MAX_TOKEN_BODY = 1 * MiB
# Called with (method, url) before every request the client sends: registry API calls, token
# realms and each redirect hop. It may raise RegistryError to stop the request from going out.
RequestHook = Callable[[str, httpx.URL], Awaitable[None]]
_ERROR_NOUNS = {
    "MANIFEST_UNKNOWN": "manifest unknown",
    "NAME_UNKNOWN": "repository unknown",
    "BLOB_UNKNOWN": "blob unknown",
}


@dataclass(frozen=True)
class Fetched:
    """A manifest as the registry sent it, its digest verified."""

    digest: str
    content_type: str | None
    body: bytes


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes


def _size(n: int) -> str:
    return f"{n // MiB} MiB" if n >= MiB and n % MiB == 0 else f"{n} bytes"


def _seconds(t: float) -> str:
    return f"{t:g} s"


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"https": 443, "http": 80}.get(url.scheme)
    return url.scheme, url.host, url.port or default


def _host_port(url: httpx.URL) -> str:
    host = f"[{url.host}]" if ":" in url.host else url.host
    return f"{host}:{url.port}" if url.port else host


def _connect_reason(exc: BaseException) -> str:
    """The root cause of a failed connection ("Connection refused"), not httpx's summary."""
    reason = _one_line(str(exc)) or type(exc).__name__
    cause: BaseException | None = exc
    for _ in range(10):
        cause = cause.__cause__ or cause.__context__ if cause is not None else None
        if cause is None:
            break
        if isinstance(cause, ssl.SSLError):
            reason = _one_line(str(cause))
        elif isinstance(cause, socket.gaierror) and cause.strerror:
            reason = _one_line(cause.strerror)
        elif isinstance(cause, OSError) and cause.errno and cause.errno > 0:
            reason = os.strerror(cause.errno)
    return reason


def _registry_errors(body: bytes) -> list[tuple[str, str]]:
    """(code, message) pairs from a registry's JSON error body; empty when there are none."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return []
    errors = data.get("errors") if isinstance(data, dict) else None
    if not isinstance(errors, list):
        return []
    found = []
    for entry in errors[:5]:
        if isinstance(entry, dict):
            code, message = entry.get("code"), entry.get("message")
            found.append(
                (code if isinstance(code, str) else "", message if isinstance(message, str) else "")
            )
    return found


def ssl_context(ca_bundle: Path | None, trust_env: bool = True) -> ssl.SSLContext:
    """The TLS context registry connections verify with: the default CAs (SSL_CERT_FILE and
    SSL_CERT_DIR's with `trust_env`, as httpx reads them), and `ca_bundle`'s.

    Making one loads the CA bundle (27-41 ms, measured): clients made in numbers
    (the webhook's, one per registry) share one rather than make their own.
    """
    context = httpx.create_ssl_context(trust_env=trust_env)
    if ca_bundle is None:
        return context
    try:
        # Read as gate reads its other files (regular, bounded): OpenSSL opening a FIFO named
        # as the bundle waited for a writer without end.
        text = user_files.read_text(ca_bundle)
        context.load_verify_locations(cadata=text)
    except user_files.UnreadableFile as exc:
        raise RegistryError(f"CA bundle {ca_bundle}: cannot load: {exc}") from None
    except (OSError, ssl.SSLError, ValueError) as exc:
        raise RegistryError(f"CA bundle {ca_bundle}: cannot load: {_one_line(str(exc))}") from None
    return context


def _subject(ref: ImageReference, digest: str | None = None) -> str:
    return f"{ref.repository}@{digest}" if digest else f"{ref.repository}:{ref.tag}"


def _basic(creds: Credentials) -> str:
    pair = f"{creds.username}:{creds.password}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


class RegistryClient:
    """Reads manifests and blobs from registries for the gate.

    One instance holds a connection pool, the bearer tokens it got (per registry and scope) and
    the credentials it looked up; share it between tasks of one event loop. Use it as an async
    context manager (or call aclose()).

    `before_request` sees every request before it is sent (see RequestHook): a caller's
    allowlist of hosts, for one, checked on token realms and redirect targets too. `connect`
    decides the addresses of every direct connection (see Connector). `tls`: a context made by
    ssl_context() for the options' CA bundle, shared with other clients; else one of its own.
    """

    def __init__(
        self,
        options: RegistryOptions | None = None,
        *,
        before_request: RequestHook | None = None,
        connect: Connector | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.options = options or RegistryOptions()
        self._before_request = before_request
        opts = self.options
        verify = self.tls = tls if tls is not None else ssl_context(opts.ca_bundle, opts.trust_env)
        # Keep every connection: a burst would otherwise pay a TLS handshake per request.
        limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
        self._http = httpx.AsyncClient(
            transport=PinnedTransport(connect, verify, limits) if connect else None,
            verify=verify,
            timeout=httpx.Timeout(
                connect=opts.connect_timeout,
                read=opts.read_timeout,
                write=opts.read_timeout,
                pool=opts.connect_timeout,
            ),
            follow_redirects=False,  # redirects are followed by hand, to control Authorization
            trust_env=opts.trust_env,
            # identity: digests are over the stored bytes, and no decompression bomb can hide
            # behind a small Content-Length.
            headers={"User-Agent": opts.user_agent, "Accept-Encoding": "identity"},
            limits=limits,
        )
        self._tokens = TokenCache()
        self._challenges: dict[str, Challenge] = {}
        self._credentials: dict[str, Credentials | None] = {}

    async def __aenter__(self) -> RegistryClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    @property
    def closed(self) -> bool:
        """Whether aclose() was called: the client sends nothing more."""
        return self._http.is_closed

    # -----------------------------------------------------------------------------------------
    # Content.

    async def resolve(self, ref: ImageReference) -> str | None:
        """The digest a tag points to, asked with HEAD; None when the registry does not say."""
        if ref.digest is not None:
            return ref.digest
        what = f"manifest {_subject(ref)}"
        answer = await self._call("HEAD", ref, f"manifests/{ref.tag}", ACCEPT, 0, what)
        if answer.status == 405:  # HEAD not allowed: the GET by tag will tell the digest
            return None
        if answer.status != 200:
            raise self._status_error(ref.registry, "manifest", _subject(ref), answer)
        digest: str | None = answer.headers.get("docker-content-digest")
        if digest is None:
            return None
        problem = digest_problem(digest)
        if problem is not None:
            raise RegistryError(f"registry {ref.registry}: HEAD {what} answered with {problem}")
        return digest

    async def fetch_manifest(
        self, ref: ImageReference, descriptor: Descriptor | None = None, *, by_tag: bool = False
    ) -> Fetched:
        """The manifest `descriptor` (or else `ref`) points to, fetched by digest and verified.

        `by_tag`: GET a tag's manifest without asking its digest with HEAD first; the digest is
        then the one the answer names, verified against the bytes (one round trip fewer).
        """
        cap = self.options.max_manifest_bytes
        if descriptor is not None:
            if descriptor.size > cap:
                raise RegistryError(
                    f"registry {ref.registry}: manifest {_subject(ref, descriptor.digest)} is "
                    f"{descriptor.size} bytes, larger than the {_size(cap)} cap"
                )
            digest: str | None = descriptor.digest
        elif by_tag:
            digest = ref.digest
        else:
            digest = await self.resolve(ref)
        subject = _subject(ref, digest)
        target = digest if digest is not None else ref.tag
        answer = await self._call(
            "GET", ref, f"manifests/{target}", ACCEPT, cap, f"manifest {subject}"
        )
        if answer.status != 200:
            raise self._status_error(ref.registry, "manifest", subject, answer)
        if digest is None:
            # No digest from HEAD: trust the one the GET names, else the bytes define it.
            header = answer.headers.get("docker-content-digest")
            valid = header is not None and digest_problem(header) is None
            digest = header if header is not None and valid else compute_digest(answer.body)
        if not matches(answer.body, digest):
            algorithm = digest.partition(":")[0]
            raise RegistryError(
                f"registry {ref.registry}: manifest digest mismatch for {subject}: content is "
                f"{compute_digest(answer.body, algorithm)}"
            )
        if descriptor is not None and len(answer.body) != descriptor.size:
            raise RegistryError(
                f"registry {ref.registry}: manifest {subject} is {len(answer.body)} bytes, "
                f"the index says {descriptor.size}"
            )
        return Fetched(digest, answer.headers.get("content-type"), answer.body)

    async def fetch_blob(
        self, ref: ImageReference, descriptor: Descriptor, *, cap: int, what: str = "blob"
    ) -> bytes:
        """The blob `descriptor` points to, fetched by digest, size-capped and verified."""
        subject = f"{what} {_subject(ref, descriptor.digest)}"
        if descriptor.size > cap:
            raise RegistryError(
                f"registry {ref.registry}: {subject} is {descriptor.size} bytes, "
                f"larger than the {_size(cap)} cap"
            )
        accept = f"{descriptor.media_type}, */*"
        answer = await self._call("GET", ref, f"blobs/{descriptor.digest}", accept, cap, subject)
        if answer.status != 200:
            raise self._status_error(ref.registry, "blob", _subject(ref, descriptor.digest), answer)
        if not matches(answer.body, descriptor.digest):
            algorithm = descriptor.digest.partition(":")[0]
            raise RegistryError(
                f"registry {ref.registry}: {what} digest mismatch for "
                f"{_subject(ref, descriptor.digest)}: content is "
                f"{compute_digest(answer.body, algorithm)}"
            )
        if len(answer.body) != descriptor.size:
            raise RegistryError(
                f"registry {ref.registry}: {subject} is {len(answer.body)} bytes, "
                f"the manifest says {descriptor.size}"
            )
        return answer.body

    # -----------------------------------------------------------------------------------------
    # Authentication.

    async def _call(
        self, method: str, ref: ImageReference, path: str, accept: str, cap: int, what: str
    ) -> _Answer:
        """One registry API request, answering one authentication challenge if there is one."""
        url = httpx.URL(f"{self._scheme(ref.registry)}://{ref.registry}/v2/{ref.repository}/{path}")
        headers = {"Accept": accept}
        auth = await self._known_auth(ref)
        if auth is not None:
            headers["Authorization"] = auth
        answer = await self._exchange(method, url, headers, cap, ref.registry, what)
        if answer.status == 401:
            retry = await self._answer_challenge(ref, answer)
            if retry is not None and retry != auth:
                headers["Authorization"] = retry
                answer = await self._exchange(method, url, headers, cap, ref.registry, what)
        if answer.status == 401:
            creds = await self._creds(ref.registry)
            hint = (
                "check credentials" if creds is not None else f"no credentials for {ref.registry}"
            )
            detail = self._detail(answer)
            raise RegistryError(
                f"registry {ref.registry}: unauthorized (401) for {what}: {hint}{detail}",
                access_denied=True,
            )
        return answer

    async def _known_auth(self, ref: ImageReference) -> str | None:
        """The Authorization value for `ref`, when this registry's scheme is already known."""
        challenge = self._challenges.get(ref.registry)
        if challenge is None:
            return None
        if challenge.scheme == "basic":
            creds = await self._creds(ref.registry)
            return _basic(creds) if creds is not None and creds.has_basic else None
        scope = f"repository:{ref.repository}:pull"
        token = self._tokens.get(ref.registry, scope)
        if token is None:
            token = await self._token(ref, challenge, scope)
        return f"Bearer {token}"

    async def _answer_challenge(self, ref: ImageReference, answer: _Answer) -> str | None:
        challenges = parse_challenges(answer.headers.get_list("www-authenticate"))
        bearer = next((c for c in challenges if c.scheme == "bearer" and "realm" in c.params), None)
        if bearer is not None:
            self._challenges[ref.registry] = bearer
            scope = bearer.params.get("scope") or f"repository:{ref.repository}:pull"
            return f"Bearer {await self._token(ref, bearer, scope)}"
        basic = next((c for c in challenges if c.scheme == "basic"), None)
        if basic is not None:
            self._challenges[ref.registry] = basic
            creds = await self._creds(ref.registry)
            return _basic(creds) if creds is not None and creds.has_basic else None
        return None

    async def _token(self, ref: ImageReference, challenge: Challenge, scope: str) -> str:
        """A bearer token for `scope` from the challenge's realm (anonymous without credentials)."""
        host = ref.registry
        try:
            realm = httpx.URL(challenge.params["realm"])
        except (httpx.InvalidURL, KeyError):
            raise RegistryError(f"registry {host}: invalid token realm in its challenge") from None
        if realm.scheme not in ("https", "http") or not realm.host:
            raise RegistryError(
                f"registry {host}: token realm {_one_line(str(realm))} is not a URL"
            )
        if realm.scheme == "http" and not self.options.is_insecure(_host_port(realm)):
            raise RegistryError(
                f"registry {host}: token realm {_one_line(str(realm))} is plain HTTP; "
                "mark its host insecure to allow that"
            )
        creds = await self._creds(host)
        if creds is not None and creds.registry_token:
            return creds.registry_token
        params = {"scope": scope}
        service = challenge.params.get("service")
        if service:
            params["service"] = service
        headers: dict[str, str] = {"Accept": "application/json"}
        what = f"token for {scope} from {_host_port(realm)}"
        if creds is not None and creds.identity_token:
            # An identity token is an OAuth2 refresh token: trade it with a POST.
            form = {**params, "grant_type": "refresh_token", "client_id": "gate"}
            form["refresh_token"] = creds.identity_token
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            content = str(httpx.QueryParams(form)).encode()
            answer = await self._exchange(
                "POST", realm, headers, _MAX_TOKEN_BODY, host, what, content=content
            )
        else:
            if creds is not None and creds.has_basic:
                headers["Authorization"] = _basic(creds)
            url = realm.copy_merge_params(params)
            answer = await self._exchange("GET", url, headers, _MAX_TOKEN_BODY, host, what)
        if answer.status in (401, 403):
            who = "the credentials" if creds is not None else "anonymous access"
            raise RegistryError(
                f"registry {host}: token server {_host_port(realm)} refused {who} "
                f"({answer.status}) for {scope}: check credentials",
                access_denied=True,
            )
        if answer.status != 200:
            raise self._status_error(host, "token", scope, answer)
        try:
            token, lifetime = parse_token_response(answer.body)
        except ValueError as exc:
            raise RegistryError(f"registry {host}: unusable token answer: {exc}") from None
        self._tokens.put(host, scope, token, lifetime)
        return token

    async def _creds(self, registry: str) -> Credentials | None:
        """Credentials for `registry`: explicit ones first, then Docker's config file."""
        if registry in self._credentials:
            return self._credentials[registry]
        names = host_names(registry)
        explicit = self.options.credentials
        found = next((explicit[k] for k in explicit if host_names(k) == names), None)
        if found is None and self.options.read_docker_config:
            lookup = partial(
                docker_config_credentials,
                self.options.docker_config_path(),
                registry,
                helper_timeout=self.options.credential_helper_timeout,
            )
            # A helper is bounded by its own timeout; the deadline need not wait for it.
            found = await anyio.to_thread.run_sync(lookup, abandon_on_cancel=True)
        self._credentials[registry] = found
        return found

    # -----------------------------------------------------------------------------------------
    # HTTP.

    def _scheme(self, host: str) -> str:
        return "http" if self.options.is_insecure(host) else "https"

    async def _exchange(
        self,
        method: str,
        url: httpx.URL,
        headers: Mapping[str, str],
        cap: int,
        registry: str,
        what: str,
        *,
        content: bytes | None = None,
    ) -> _Answer:
        """One request, redirects followed, body read within `cap`; every failure one line."""
        opts = self.options
        prefix = f"registry {registry}: {what}"
        try:
            with anyio.fail_after(opts.request_timeout):
                return await self._follow(method, url, dict(headers), cap, prefix, content)
        except TimeoutError:
            raise RegistryError(
                f"{prefix}: timed out after {_seconds(opts.request_timeout)}",
                transient=True,
                unreachable=True,
            ) from None
        except httpx.ConnectTimeout:
            raise RegistryError(
                f"{prefix}: cannot connect within {_seconds(opts.connect_timeout)}",
                transient=True,
                unreachable=True,
            ) from None
        except httpx.TimeoutException:
            raise RegistryError(
                f"{prefix}: timed out after {_seconds(opts.read_timeout)} without an answer",
                transient=True,
                unreachable=True,
            ) from None
        except httpx.ConnectError as exc:
            reason = _connect_reason(exc)
            hint = ""
            # A TLS failure (untrusted certificate, plain HTTP spoken to) stays on a retry.
            tls = "SSL" in reason or "certificate" in reason
            if tls:
                hint = (
                    " (TLS failed; a plain-HTTP registry must be marked insecure: "
                    f"--insecure-registry {registry})"
                )
            raise RegistryError(
                f"{prefix}: cannot connect: {reason}{hint}", transient=not tls, unreachable=True
            ) from None
        except httpx.RemoteProtocolError as exc:
            raise RegistryError(
                f"{prefix}: the connection broke mid-answer (truncated or malformed): "
                f"{_one_line(str(exc), 120)}",
                transient=True,
                unreachable=True,
            ) from None
        except httpx.HTTPError as exc:
            reason = _one_line(str(exc)) or type(exc).__name__
            # Network faults (reset, proxy) may pass; anything else httpx refuses will not.
            transient = isinstance(exc, httpx.TransportError)
            raise RegistryError(
                f"{prefix}: {reason}", transient=transient, unreachable=transient
            ) from None
        except (httpx.InvalidURL, UnicodeError) as exc:
            # A header or URL that cannot be sent (a non-ASCII token from a config file, ...).
            reason = _one_line(str(exc)) or type(exc).__name__
            raise RegistryError(f"{prefix}: cannot send the request: {reason}") from None

    async def _follow(
        self,
        method: str,
        url: httpx.URL,
        headers: dict[str, str],
        cap: int,
        prefix: str,
        content: bytes | None,
    ) -> _Answer:
        origin = _origin(url)
        for _ in range(MAX_REDIRECTS + 1):
            if self._before_request is not None:
                await self._before_request(method, url)
            request = self._http.build_request(method, url, headers=headers, content=content)
            response = await self._http.send(request, stream=True)
            try:
                status = response.status_code
                if status not in _REDIRECT_STATUSES:
                    if method == "HEAD":
                        # A HEAD answer has no body, but an unread stream is not returned to
                        # the pool: reading the empty body keeps the connection for reuse.
                        await response.aread()
                        body = b""
                    elif status == 200:
                        body = await self._read(response, cap, prefix)
                    else:
                        body = await self._read(response, _MAX_ERROR_BODY, prefix, clip=True)
                    return _Answer(status, response.reason_phrase, response.headers, body)
                location = response.headers.get("location")
            finally:
                await response.aclose()
            if not location:
                raise RegistryError(f"{prefix}: redirect ({status}) without a Location")
            try:
                target = url.join(location)
            except httpx.InvalidURL:
                raise RegistryError(f"{prefix}: redirect to an invalid URL") from None
            if target.scheme not in ("https", "http") or not target.host:
                raise RegistryError(f"{prefix}: redirect to unsupported URL {_one_line(location)}")
            if target.scheme == "http" and not self.options.is_insecure(_host_port(target)):
                raise RegistryError(
                    f"{prefix}: redirect to plain HTTP {_host_port(target)} refused "
                    "(not an insecure registry)"
                )
            if _origin(target) != origin:
                # Credentials are for the registry only, never for the storage it redirects to.
                headers.pop("Authorization", None)
            if status == 303 and method not in ("GET", "HEAD"):
                method, content = "GET", None
            url = target
        raise RegistryError(f"{prefix}: more than {MAX_REDIRECTS} redirects")

    async def _read(
        self, response: httpx.Response, cap: int, prefix: str, *, clip: bool = False
    ) -> bytes:
        """The body, refused (or with `clip`, cut) once it passes `cap` bytes."""
        declared = response.headers.get("content-length", "")
        if not clip and declared.isdigit() and int(declared) > cap:
            raise RegistryError(
                f"{prefix}: {int(declared)} bytes, larger than the {_size(cap)} cap"
            )
        body = bytearray()
        # Raw: httpx would inflate a Content-Encoding the registry sent though asked for
        # identity, a whole chunk at once before the cap saw it (1 MB of gzip took the webhook
        # from 61 to 313 MB). Digests are over the bytes sent, so an encoded body is refused.
        async for chunk in response.aiter_raw():
            body += chunk
            if len(body) > cap:
                if clip:
                    return bytes(body[:cap])
                raise RegistryError(f"{prefix}: larger than the {_size(cap)} cap")
        return bytes(body)

    # -----------------------------------------------------------------------------------------
    # Errors.

    @staticmethod
    def _detail(answer: _Answer) -> str:
        errors = _registry_errors(answer.body)
        message = next((m for _, m in errors if m), "")
        return f" ({_one_line(message, 150)})" if message else ""

    def _status_error(self, host: str, kind: str, subject: str, answer: _Answer) -> RegistryError:
        status = answer.status
        errors = _registry_errors(answer.body)
        code = errors[0][0] if errors else ""
        detail = self._detail(answer)
        if status == 404:
            noun = _ERROR_NOUNS.get(code, f"{kind} unknown")
            return RegistryError(
                f"registry {host}: {noun} for {subject} (404)",
                access_denied=code == "NAME_UNKNOWN",
            )
        if status == 403:
            return RegistryError(
                f"registry {host}: access denied (403) to {subject}{detail}", access_denied=True
            )
        if status == 429:
            return RegistryError(
                f"registry {host}: too many requests (429) for {subject}; try again later",
                transient=True,
            )
        reason = _one_line(answer.reason, 60)
        if status >= 500 or status == 408:
            label = "server error" if status >= 500 else "request timeout"
            return RegistryError(
                f"registry {host}: {label} ({status} {reason}) for {kind} {subject}{detail}",
                transient=True,
            )
        return RegistryError(
            f"registry {host}: unexpected answer ({status} {reason}) for {kind} {subject}{detail}"
        )
