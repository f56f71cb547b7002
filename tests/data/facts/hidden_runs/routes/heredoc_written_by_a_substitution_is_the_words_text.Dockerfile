FROM python:3.12
RUN <<EOS
V=--no-binary=flask
bash -c "$(cat <<EOF
pip install --only-binary=:all: flask $V
EOF
)"
EOS
RUN <<EOS
su -c "$(cat <<'EOF'
pip install --only-binary :all: flask
EOF
)" user
EOS
RUN <<EOS
X="$(cat <<EOF
pip install --only-binary :all: a
pip install b
EOF
)"; sh -c "$X"
EOS
RUN <<EOS
sh -c "$(cat <<-EOF
	pip install --only-binary=:all: tabbed
	EOF
)"
EOS
RUN <<EOS
bash -c "$(cat <<EOF
pip install $(curl -s https://example.com/pkgs)
EOF
)"
EOS
RUN <<EOS
cat() { echo pip install evil; }
bash -c "$(cat <<EOF
echo hi
EOF
)"
EOS
