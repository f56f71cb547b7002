# make -f given a Makefile named partly by a value gate cannot know may read a held one that fits
# the word's known parts: unknown (11-13), as `sh "$D/10.sh"` is. They were silent though
# /d/x.mk's recipe ran pip install --no-binary :all: evil. No held file fits `"$D/y.mk"` (14):
# nothing, as for a Makefile the build does not hold.
FROM python:3.12
ARG D
COPY <<GATE_TEXT_END /d/x.mk
all:
	pip install --no-binary :all: evil
GATE_TEXT_END
RUN make -f "$D/x.mk"
RUN gmake --file="${D}/x.mk" all
RUN make -f "/d/$D.mk"
RUN make -f "$D/y.mk"
