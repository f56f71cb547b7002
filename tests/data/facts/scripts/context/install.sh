#!/bin/sh
pip install --only-binary :all: flask
