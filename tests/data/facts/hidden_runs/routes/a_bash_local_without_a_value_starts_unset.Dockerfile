# bash 5.2: a function's new `local O` (or `declare O`) is unset, so pip gets no option; dash 0.5.12
# keeps the value O had. /bin/sh may be either; bash's localvar_inherit keeps it too: unknown.
FROM python:3.12
RUN f(){ local O; pip install $O flask; }; O=--only-binary=:all:; f
RUN g(){ declare O; pip install $O flask; }; O=--only-binary=:all:; g
RUN h(){ local O; O=--only-binary=:all:; pip install $O flask; }; O=; h
SHELL ["/bin/bash", "-c"]
RUN f(){ local O; pip install $O flask; }; O=--only-binary=:all:; f
RUN g(){ local O; local O; pip install $O flask; }; O=--only-binary=:all:; g
SHELL ["/bin/dash", "-c"]
RUN f(){ local O; pip install $O flask; }; O=--only-binary=:all:; f
