FROM python:3.12-slim
COPY <<'EOF' /s.txt
first
pip install flask
EOF
RUN while read p; do sh; done < /s.txt
RUN while read -r p; do cat > /dev/null; done < /s.txt; echo ok
RUN printf 'a\npip install flask\n' | while read p; do bash; done
RUN while read p; do echo "$p"; done < /s.txt
RUN while read p; do sh -c "echo $p"; done < /s.txt
