# escape=`
FROM python:3.12
RUN printf "[global]\nonly-binary = :all:\n" > /etc/pip.conf
RUN --mount=type=tmpfs,target=/e``tc pip install flask
RUN --mount=type=tmpfs,target=/e`tc pip install flask
