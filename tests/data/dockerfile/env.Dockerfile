FROM python:3.12
ENV A=1 B="two words" C='$A literal'
ENV D legacy form value
ENV A=changed E=$A
ENV F=${MISSING:-fallback} G="${A}-suffix" H=\$escaped
RUN pip install x
