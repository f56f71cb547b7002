FROM python:3.12
# sed -i of a pattern gate does not translate (the I flag, a back-reference, an interval): the
# --no-binary line may be gone (GNU sed 4.9: the I flag deletes it here), so the install is unknown.
RUN printf 'requests\n--no-binary :all:\n' > /a.txt && sed -i '/NO-BINARY/Id' /a.txt && pip install --only-binary :all: -r /a.txt
RUN printf 'requests\n--no-binary :all:\n' > /b.txt && sed -i '/\(n\)\1/d' /b.txt && pip install --only-binary :all: -r /b.txt
RUN printf 'requests\n--no-binary :all:\n' > /c.txt && sed -i '/no-b\{2\}/d' /c.txt && pip install --only-binary :all: -r /c.txt
# Worked out exactly: the line is deleted (silent) or kept (builds).
RUN printf 'requests\n--no-binary :all:\n' > /d.txt && sed -i '/^--no-binary/d' /d.txt && pip install --only-binary :all: -r /d.txt
RUN printf 'requests\n--no-binary :all:\n' > /e.txt && sed -i '/^#/d' /e.txt && pip install --only-binary :all: -r /e.txt
# Another file edited: the requirements file keeps its line (builds).
RUN printf 'requests\n--no-binary :all:\n' > /f.txt && printf 'x\n' > /o.txt && sed -i '/NO-BINARY/Id' /o.txt && pip install --only-binary :all: -r /f.txt
# Without only-binary the install builds whatever the edit left.
RUN printf 'requests\n--no-binary :all:\n' > /g.txt && sed -i '/NO-BINARY/Id' /g.txt && pip install -r /g.txt
