FROM python:3.12
RUN pip config --global set global.only-binary :all:
RUN cat /etc/pip.conf && grep only /etc/pip.conf && head -1 /etc/pip.conf && ls -l /etc/pip.conf && sha256sum /etc/pip.conf && stat /etc/pip.conf && test -f /etc/pip.conf && wc -l /etc/pip.conf
RUN chmod 644 /etc/pip.conf && chown root /etc/pip.conf && touch /etc/pip.conf && diff /etc/pip.conf /etc/pip.conf
RUN cp /etc/pip.conf /tmp/backup && cp "$DEST" /tmp/ && ln -s /etc/pip.conf /tmp/link && sort /etc/pip.conf > /tmp/sorted
RUN awk '/only/ {print $3}' /etc/pip.conf && sed -n p /etc/pip.conf && sed 's/all/none/' /etc/pip.conf > /tmp/y
RUN find /etc -name pip.conf && find /etc -name pip.conf -exec grep -q only {} \; && find /etc -name '*.pyc' -delete
RUN find /etc -depth \( \( -type d -a -name tests \) -o \( -type f -a -name '*.pyo' \) \) -exec rm -rf '{}' +
RUN pip install flask
