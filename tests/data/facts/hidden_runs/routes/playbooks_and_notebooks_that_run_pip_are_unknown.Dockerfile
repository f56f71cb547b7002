FROM python:3.12-slim
WORKDIR /app
COPY <<EOF /app/site.yml
- hosts: localhost
  tasks:
    - name: deps
      ansible.builtin.pip:
        name: flask
EOF
COPY <<EOF /app/setup.ipynb
{"cells": [{"cell_type": "code", "source": ["%pip install flask"]}]}
EOF
COPY <<EOF /app/report.ipynb
{"cells": [{"cell_type": "code", "source": ["print(1)"]}]}
EOF
RUN ansible-playbook -i localhost, -c local site.yml
RUN ansible localhost -m pip -a name=flask
RUN ansible localhost -m ping
RUN jupyter nbconvert --to notebook --execute setup.ipynb
RUN jupyter nbconvert --to html setup.ipynb
RUN papermill setup.ipynb out.ipynb
RUN jupyter execute report.ipynb
RUN ansible-pull -U https://example.com/repo.git site.yml
