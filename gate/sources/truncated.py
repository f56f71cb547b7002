"""The variable no step sets: a history source puts ``${GATE_TRUNCATED_HISTORY}`` where it knows
the recorded text was cut (a rendered ``docker history`` table), so the cut reads as unknown.

A module of its own: the report takes the marker out of every report, and importing the history
source for it cost a Dockerfile's run some 15 ms of start-up.
"""

TRUNCATED_HISTORY = "GATE_TRUNCATED_HISTORY"
