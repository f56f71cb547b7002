FROM python:3.12
COPY <<EOF /etc/apt/apt.conf.d/99hook
APT::Update::Post-Invoke { "pip install flask"; };
EOF
COPY <<EOF /root/.gitconfig
[core]
	fsmonitor = python3 -m pip install flask
EOF
COPY <<EOF /tmpl/hooks/post-checkout
#!/bin/sh
pip install flask
EOF
RUN echo 'DPkg::Pre-Invoke {"pip install flask";};' > /etc/apt/apt.conf.d/10x
RUN printf 'post-invoke=pip install flask\n' > /etc/dpkg/dpkg.cfg.d/x
COPY <<EOF /etc/apt/apt.conf.d/20ok
APT::Install-Recommends "false";
// pip install flask is done later with --only-binary
EOF
COPY <<EOF /app/hooks/README
pip install flask
EOF
RUN git config --global user.name pip
