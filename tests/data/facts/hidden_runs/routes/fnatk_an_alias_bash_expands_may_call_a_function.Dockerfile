FROM python:3.12
SHELL ["/bin/bash", "-c"]
RUN <<EOF
f() { pip install flask; }
set -o posix
alias p=f
p
EOF
RUN <<EOF
f() { pip install flask; }
POSIXLY_CORRECT=1
alias p=f
p
EOF
RUN <<EOF
f() { pip install flask; }
shopt -so posix
alias p=f
p
EOF
RUN <<EOF
f() { pip install flask; }
shopt -s expand_aliases
BASH_ALIASES[p]=f
p
EOF
RUN <<EOF
f() { pip install flask; }
POSIXLY_CORRECT=1 true
alias p=f
p
EOF
RUN <<EOF
f() { pip install flask; }
alias p=f
p
EOF
RUN <<EOF
f() { pip install flask; }
BASH_ALIASES[p]=g
p
EOF
RUN shopt -s extglob; touch f; f() { pip install flask; }; @(f)
RUN shopt -s extglob; touch pip; @(pip) install flask
SHELL ["/bin/bash", "--posix", "-c"]
RUN <<EOF
f() { pip install flask; }
alias p=f
p
EOF
RUN printf 'alias p=f\np\n' > /s.sh; f() { pip install flask; }; bash --posix /s.sh
SHELL ["/bin/bash", "-c"]
RUN <<EOF
bash -o posix -c 'alias p=pip
p install flask'
EOF
