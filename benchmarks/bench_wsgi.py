"""What the benchmark serves: the real app, plus a bare hello-world Flask app at /hello/ in the
same gunicorn process, so both are measured on the same server in the same run."""

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from worker_voice import create_app

hello = Flask("hello")


@hello.get("/")
def hello_world():
    return "Hello, World!"


application = create_app()
application.wsgi_app = DispatcherMiddleware(application.wsgi_app, {"/hello": hello})
app = application
