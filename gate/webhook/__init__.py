"""The Kubernetes admission webhook (`gate serve`) and its Gatekeeper / Kyverno endpoints.

admission.py    AdmissionReview v1 → the images a request asks to run; the answer back
credentials.py  pull secrets → registry credentials (Kubernetes' key-matching rules)
kube.py         the two Kubernetes API reads the webhook needs (secrets, service accounts)
cache.py        every cache: LRU, TTL, the registry and verdict caches; single-flight
ssrf.py         which registry hosts (and addresses) the webhook may reach
clients.py      registry clients, one pool per credential, each request through the SSRF guard
judging.py      image config → findings, off the event loop
verdicts.py     image → findings through the gate pipeline, with the caches
decision.py     verdicts + mode + failure policy → allowed, message, warnings
endpoint.py     what every endpoint shares: settings, deadline, body, judging a request's images
validate.py     POST /validate (AdmissionReview)
gatekeeper.py   POST /gatekeeper (Gatekeeper external data);  kyverno.py  POST /kyverno
image_value.py  one image's verdict as the Gatekeeper and Kyverno answers carry it
health.py       /healthz, /readyz, /metrics
server.py       the aiohttp HTTPS server: routes, serving until stopped
tls.py          the serving certificate, reloaded when its files change; minimum version
metrics.py      Prometheus metrics (own registry);  logs.py  JSON-lines logging
service.py      wiring for `gate serve`
"""
