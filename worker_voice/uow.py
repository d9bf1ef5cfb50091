"""The unit of work: services add and flush; one boundary per request, job or command commits.

- An HTTP request commits after its view, before the response leaves (`init_app`), unless the
  response is a server error; a request that fails writes nothing.
- A background job and a CLI command run inside `transaction()`.
- `after_commit(callback)` holds work that must follow the commit (SMS replies, dossier jobs,
  release rebuilds): it runs once the boundary has committed, and is dropped on a rollback.
- `emit(event)` hands a domain event to the handlers the app registered at the top, inside the
  same transaction, so a lower layer can announce a change without importing who cares about it.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, Response, current_app

from .extensions import db

_CALLBACKS = "after_commit"
_DEPTH = "boundaries"


def after_commit(callback: Callable[[], Any], *, key: str | None = None) -> None:
    """Run `callback` after the current boundary commits; a `key` already queued is ignored."""
    callbacks: dict[object, Callable[[], Any]] = db.session.info.setdefault(_CALLBACKS, {})
    callbacks.setdefault(key if key is not None else object(), callback)


def commit() -> None:
    """Commit, then run the after-commit work. Only boundaries call this."""
    db.session.commit()
    callbacks = db.session.info.pop(_CALLBACKS, {})
    for callback in callbacks.values():
        callback()


def rollback() -> None:
    db.session.info.pop(_CALLBACKS, None)
    db.session.rollback()


@contextmanager
def transaction() -> Iterator[None]:
    """The boundary of a job, a command or a test step: commit on success, roll back on error.

    Inside another boundary it joins that one (the outer boundary commits)."""
    info = db.session.info
    if info.get(_DEPTH, 0):
        yield
        return
    info[_DEPTH] = 1
    try:
        yield
        info[_DEPTH] = 0
        commit()
    except BaseException:
        info[_DEPTH] = 0
        rollback()
        raise


# Domain events --------------------------------------------------------------------------------

Handler = Callable[[Any], None]


def subscribe(app: Flask, event_type: type, handler: Handler) -> None:
    app.extensions.setdefault("event_handlers", {}).setdefault(event_type, []).append(handler)


def emit(event: object) -> None:
    """Call every handler of this event now, inside the caller's transaction."""
    for handler in current_app.extensions.get("event_handlers", {}).get(type(event), []):
        handler(event)


# The request boundary -------------------------------------------------------------------------

def init_app(app: Flask) -> None:
    @app.after_request
    def commit_request(response: Response) -> Response:
        # After a server error the session may hold half of a change: nothing of it is kept.
        if response.status_code >= 500:
            rollback()
        else:
            commit()
        return response

    @app.teardown_request
    def drop_uncommitted(_error: BaseException | None) -> None:
        db.session.info.pop(_CALLBACKS, None)
