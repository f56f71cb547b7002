FROM python:3.12-slim
WORKDIR /a
COPY <<EOF /a/site.yml
- hosts: localhost
  roles: [web]
EOF
COPY <<EOF /a/roles/web/tasks/main.yml
- name: deps
  pip:
    name: flask
EOF
COPY <<EOF /a/legacy.yml
- hosts: localhost
  tasks:
    - ansible.legacy.pip: {name: flask}
EOF
RUN ansible-playbook site.yml
RUN ansible-playbook legacy.yml
RUN ansible localhost -m ansible.legacy.pip -a name=x
