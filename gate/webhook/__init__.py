"""The Kubernetes admission webhook (`gate serve`) and its Gatekeeper / Kyverno endpoints.

admission.py    AdmissionReview v1 → the images a request asks to run; the answer back
credentials.py  pull secrets → registry credentials (Kubernetes' key-matching rules)
kube.py         the two Kubernetes API reads the webhook needs (secrets, service accounts)
cache.py        LRU by digest, TTL caches, single-flight
ssrf.py         which registry hosts the webhook may reach
verdicts.py     image → findings through the gate pipeline, with the caches
decision.py     verdicts + mode + failure policy → allowed, message, warnings
server.py       the aiohttp HTTPS server: /validate, /gatekeeper, /kyverno, health, metrics
tls.py          the serving certificate, reloaded when its files change
metrics.py      Prometheus metrics (own registry);  logs.py  JSON-lines logging
service.py      wiring for `gate serve`
"""
