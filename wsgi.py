"""WSGI entry point: `gunicorn -c gunicorn.conf.py wsgi:app`."""

from worker_voice import create_app

app = create_app()
