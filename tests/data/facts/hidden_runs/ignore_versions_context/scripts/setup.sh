pip install --no-binary :all: evil
