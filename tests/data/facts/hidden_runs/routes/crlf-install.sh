set -e
pip install flask --only-binary=:all:
