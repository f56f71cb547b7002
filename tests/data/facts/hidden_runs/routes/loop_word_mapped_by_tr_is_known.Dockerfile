FROM python:3.12
RUN for r in ml-sklearn ml-xgboost; do w=$(echo $r | tr '-' '_'); pip install $w --constraint c.txt; done
RUN for r in a-b c-d; do w=$(echo $r | sed 's/-/_/g'); pip install --only-binary :all: $w six; done
RUN for r in _-no-binary=:all: a-b; do w=$(echo $r | tr _ -); pip install --only-binary :all: $w six; done
RUN for r in -n a; do w=$(echo $r | tr a b); pip install --only-binary :all: $w six; done
RUN for r in a-b c; do w=$(echo $r | tr a-c x-z); pip install --only-binary :all: $w six; done
RUN tr() { echo --no-binary=:all:; }; for r in a-b; do w=$(echo $r | tr - _); pip install --only-binary :all: $w six; done
RUN for r in "a b" c; do w=$(echo $r | tr - _); pip install --only-binary :all: $w six; done
