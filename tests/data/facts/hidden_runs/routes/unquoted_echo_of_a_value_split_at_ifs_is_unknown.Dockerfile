FROM python:3.12
RUN r=sixX--no-binary=:all:; IFS="X "; pip install --only-binary :all: $(echo $r | tr X Y)
RUN r=six.--no-binary=:all:; IFS=". "; pip install --only-binary :all: $(echo $r | sed s/X/Y/)
RUN IFS=$(cat ifs); r=sixX--no-binary=:all:; pip install --only-binary :all: $(echo $r | tr X Y)
RUN r=sixX--no-binary=:all:; IFS="X "; pip install --only-binary :all: "$(echo "$r" | tr X Y)"
RUN r=six-x; IFS="X "; pip install --only-binary :all: $(echo $r | tr - _)
