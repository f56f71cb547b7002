pip install --only-binary :all: flask
