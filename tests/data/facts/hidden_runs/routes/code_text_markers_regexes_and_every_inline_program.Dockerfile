FROM python:3.12-slim
RUN printf 'pip install lxml\n' > /s.sh
RUN awk '/"/ {n++} END{system("sh /s.sh")}' /etc/hostname
RUN node -e 'const r = /"/; require("child_process").execSync("sh /s.sh")'
RUN perl -e '$_ = "a"; my $n = tr/"//; system("sh /s.sh")'
RUN lua -e 'print([[os.execute("pip install lxml")]])'
RUN perl -e 'print q{system("pip install lxml")}'
RUN ruby -e 'puts <<~EOS' -e '  system("pip install lxml")' -e '  EOS'
RUN perl -e 'print 1;' -w -e 'system("sh /s.sh")'
RUN ruby -e 'puts 1' -e 'system("pip install lxml")'
RUN lua -e 'print(1)' -e 'os.execute("sh /s.sh")'
RUN perl -e 'print 1;' -e 'print 2'
RUN node -e 'require("child_process").execSync("sh /s.sh")' -e 'console.log(1)'
RUN perl -e 'my $o = <<`X`;' -e 'sh /s.sh' -e 'X' -e 'print $o'
