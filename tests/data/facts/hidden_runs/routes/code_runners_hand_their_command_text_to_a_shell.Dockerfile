# awk's system(), `print | "CMD"`, `"CMD" | getline`, Perl's backquotes, qx{}, system LIST and
# piped open, Node's execSync run their text with `sh -c` (measured: mawk 1.3.4, busybox awk,
# perl 5.36, node; $0 is `sh` there): a literal text is walked as that shell runs it (20-28,
# 37: silent before, though /d/10.sh installs), a text built from literals and other values as
# one with a variable gate cannot know (29-31: unknown where a held file fits its known parts).
# Compliant twins: a held script that installs only wheels (32), a command that runs nothing
# held (33, 34), a built name no held file fits (35), a text wholly of a value (36: judged by
# what its input holds, as before); a heredoc `awk -f` or a perl script reads is data (41, 47).
FROM python:3.12
ARG D
COPY <<GATE_TEXT_END /d/10.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /ok/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /p/run.awk
BEGIN { system("sh /d/10.sh") }
GATE_TEXT_END
RUN awk 'BEGIN{system("sh /d/10.sh")}'
RUN awk 'BEGIN { print "x" | "sh /d/10.sh"; close("sh /d/10.sh") }'
RUN mawk 'BEGIN { "sh /d/10.sh" | getline line }'
RUN awk -f /p/run.awk
RUN awk 'BEGIN{system("sh /d/" "10.sh")}'
RUN perl -e 'print `sh /d/10.sh`'
RUN perl -e 'print qx{sh /d/10.sh}'
RUN perl -e 'system "sh /d/10.sh" or die'
RUN node -e 'require("child_process").execSync(`sh /d/10.sh`)'
RUN awk -v d="$D" 'BEGIN{system("sh " d "/10.sh")}'
RUN perl -e 'my $d = shift; system("sh $d/10.sh")' "$D"
RUN node -e 'const d = process.argv[1]; require("child_process").execSync(`sh ${d}/10.sh`)' "$D"
RUN awk 'BEGIN{system("sh /ok/ok.sh")}'
RUN awk 'BEGIN{system("date")}'
RUN printf '/tmp/a\n' | awk '{system("rm -f " $1)}'
RUN awk -v d="$D" 'BEGIN{system("sh " d "/other.sh")}'
RUN printf 'date\n' | awk '{system($0)}'
RUN perl -e 'open(my $fh, "-|", "sh", "/d/10.sh"); print <$fh>'
COPY <<GATE_TEXT_END /p/x.awk
{ print }
GATE_TEXT_END
RUN awk -f /p/x.awk <<'EOF2'
system("sh /d/10.sh")
EOF2
COPY <<GATE_TEXT_END /p/x.pl
print while <STDIN>;
GATE_TEXT_END
RUN perl /p/x.pl <<'EOF2'
system("sh /d/10.sh")
EOF2
