# syntax=docker.io/docker/dockerfile:1.7-labs@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
FROM python:3.12
RUN echo hi
