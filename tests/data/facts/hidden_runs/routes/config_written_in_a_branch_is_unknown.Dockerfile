FROM python:3.12
ARG X
RUN if [ -n "$X" ]; then echo flask > /r.txt; else echo '--only-binary :all:' > /r.txt; fi; pip install --only-binary :all: -r /r.txt
RUN if [ -n "$X" ]; then echo flask > /s.txt; else echo six > /s.txt; fi; pip install --only-binary :all: -r /s.txt
RUN if [ -n "$X" ]; then printf '[global]\nonly-binary = :all:\n' > /etc/pip2.conf; fi; PIP_CONFIG_FILE=/etc/pip2.conf pip install six
RUN printf '[global]\nonly-binary = :all:\n' > /etc/pip3.conf; PIP_CONFIG_FILE=/etc/pip3.conf pip install six
