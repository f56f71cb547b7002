pip install flask
