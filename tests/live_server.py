"""A real HTTP server in a thread, for tests that need a browser or the server's own log."""

import threading
from contextlib import contextmanager

from werkzeug.serving import make_server


@contextmanager
def serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def serve_with_an_employer(directory):
    """A fresh SQLite app with the employer "Burger Barn" in Chicago, served; yields its URL."""
    from worker_voice.extensions import db

    from .conftest import make_app
    from .factories import add_employer

    app = make_app(f"sqlite:///{directory / 'served.sqlite3'}")
    with app.app_context():
        db.create_all()
        add_employer("Burger Barn", cities=("Chicago",))
    with serve(app) as url:
        yield url
    with app.app_context():
        db.engine.dispose()
