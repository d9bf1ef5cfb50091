import logging
import urllib.request

from worker_voice.extensions import db

from .fixtures.apps import make_app
from .fixtures.servers import serve


def test_server_request_log_has_no_client_address(tmp_path, caplog):
    app = make_app(f"sqlite:///{tmp_path / 'log.sqlite3'}")
    with app.app_context():
        db.create_all()
    caplog.set_level(logging.INFO, logger="werkzeug")
    with serve(app) as base_url:
        with urllib.request.urlopen(f"{base_url}/report?lang=es") as response:  # noqa: S310
            assert response.status == 200
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any('"GET /report?lang=es HTTP/1.1" 200' in line for line in lines)
    assert not any("127.0.0.1" in line for line in lines)
