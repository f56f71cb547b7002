# start-stop-daemon runs `--startas` (else `--exec`) with the words after its options (measured,
# dpkg 1.21: with or without `--`, `--exec=P`, `-xP`); runcon runs its words after CONTEXT, or
# after its options; rlwrap, nq, sem and entr (`-s 'CMD'` too) run theirs (manuals). All were
# silent. Compliant twins: `--stop`/`--test` and `nq -w`/`sem --wait` run nothing (16-19); an
# install that cannot build stays silent through them (20).
FROM python:3.12
COPY <<GATE_TEXT_END /d/10-deps.sh
pip install --no-binary :all: evil
GATE_TEXT_END
RUN start-stop-daemon --start --exec /bin/sh -- /d/10-deps.sh
RUN start-stop-daemon -S -b -x /usr/bin/python3 --startas /bin/sh /d/10-deps.sh
RUN start-stop-daemon --start --exec=/usr/local/bin/pip -- install --no-binary :all: evil
RUN runcon system_u:system_r:unconfined_t:s0 sh /d/10-deps.sh
RUN runcon -t unconfined_t pip install --no-binary :all: evil
RUN rlwrap -C x -a sh /d/10-deps.sh && nq sh /d/10-deps.sh
RUN start-stop-daemon --stop --exec /bin/sh -- /d/10-deps.sh
RUN start-stop-daemon --start --test --exec /bin/sh -- /d/10-deps.sh
RUN nq -w sh /d/10-deps.sh
RUN sem --wait
RUN runcon -u u start-stop-daemon -S -x /usr/local/bin/pip -- install --only-binary :all: x
RUN sem --id x -j 2 sh /d/10-deps.sh
RUN ls /d/* | entr sh /d/10-deps.sh
RUN ls /d/* | entr -s 'sh /d/10-deps.sh'
