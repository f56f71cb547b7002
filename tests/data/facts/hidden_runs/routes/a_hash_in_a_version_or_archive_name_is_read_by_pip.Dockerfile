# pip 23.2 reads `#` inside a legacy version (`flask>=2.0#pinned`: it resolves and builds) and
# tests for an archive file named `#…tar.gz`: neither stops pip as a comment word does.
FROM python:3.12-slim
COPY <<'EOF' /r.txt
# a comment line pip refuses
flask>=2.0#pinned
EOF
RUN pip install 'flask>=2.0#pinned'
RUN while read -r p; do pip install "$p"; done < /r.txt
RUN pip install '#local.tar.gz'
# compliant: a comment word stops pip, or the install is binary-only
RUN pip install '# flask'
RUN while read -r p; do pip install --only-binary :all: "$p"; done < /r.txt
