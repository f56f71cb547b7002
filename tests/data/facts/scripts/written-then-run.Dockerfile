FROM python:3.12
RUN printf 'set -e\npip install flask\n' > /tmp/install.sh && sh /tmp/install.sh
