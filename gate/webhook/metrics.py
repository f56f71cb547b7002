"""Prometheus metrics of one webhook server, in its own registry (no process-global state)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST
# Admission answers must come within the API server's timeout (10 s by default, 30 s at most).
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class Metrics:
    """The webhook's counters and histograms."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "gate_requests",
            "Requests answered, by endpoint and outcome "
            "(allowed, denied, warned, skipped, invalid, error).",
            ["endpoint", "outcome", "dry_run"],
            registry=r,
        )
        self.latency = Histogram(
            "gate_request_duration_seconds",
            "Time from request to answer, by endpoint.",
            ["endpoint"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.in_flight = Gauge("gate_requests_in_flight", "Requests being answered.", registry=r)
        self.images = Counter(
            "gate_images_judged",
            "Images judged, by result (compliant, denied, warned, error, refused).",
            ["result"],
            registry=r,
        )
        self.cache = Counter(
            "gate_cache_lookups",
            "Cache lookups by cache (tag, config, verdict, error) and result (hit, miss).",
            ["cache", "result"],
            registry=r,
        )
        self.shared_fetches = Counter(
            "gate_shared_fetches",
            "Calls that joined identical work already under way instead of starting their own.",
            ["kind"],
            registry=r,
        )
        self.registry_requests = Counter(
            "gate_registry_fetches",
            "Registry fetches (digest resolution or configs), by result (ok, error).",
            ["kind", "result"],
            registry=r,
        )
        self.registry_latency = Histogram(
            "gate_registry_fetch_duration_seconds",
            "Time of registry fetches.",
            ["kind"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.deadline_exceeded = Counter(
            "gate_deadline_exceeded",
            "Requests whose images could not be judged before the API server's deadline.",
            registry=r,
        )
        self.connections = Gauge(
            "gate_connections_open", "Client connections being served.", registry=r
        )
        self.connections_refused = Counter(
            "gate_connections_refused",
            "Connections closed at once because the connection cap was reached.",
            registry=r,
        )
        self.callers_refused = Counter(
            "gate_callers_refused",
            "Review requests answered 403 under --client-ca: no client certificate, or one for a "
            "name --client-name does not allow, by endpoint.",
            ["endpoint"],
            registry=r,
        )
        self.connections_evicted = Counter(
            "gate_connections_evicted",
            "Connections closed to make room for a new one at the connection cap: idle ones, and "
            "ones whose request body is late.",
            registry=r,
        )
        self.connections_timed_out = Counter(
            "gate_connections_timed_out",
            "Connections closed because a request's headers did not arrive in time, or its "
            "answer was not read in time.",
            registry=r,
        )
        self.malformed_requests = Counter(
            "gate_malformed_requests",
            "Requests refused with 400 because they are not well-formed HTTP, by the parser's "
            "error (LineTooLong, BadHttpMessage, ...).",
            ["error"],
            registry=r,
        )
        self.judge_workers_replaced = Counter(
            "gate_judge_workers_replaced",
            "Judge worker processes replaced after running out of time, memory or CPU.",
            registry=r,
        )
        self.tls_reloads = Counter(
            "gate_tls_reloads", "Serving certificate reloads, by result (ok, error).", ["result"],
            registry=r,
        )

    def cache_lookup(self, cache: str, hit: bool) -> None:
        self.cache.labels(cache, "hit" if hit else "miss").inc()

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)
