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
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, current_app
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError

from .extensions import db

T = TypeVar("T")
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


def checkpoint() -> None:
    """Commit a long job's progress so far (a dossier's steps), so that pages can show it."""
    commit()


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


def retry_on_conflict(work: Callable[[], T], *, attempts: int = 3) -> T:
    """Run `work` as the first thing in the boundary's transaction; when it loses a race on a
    unique key (a concurrent retry of the same submission), roll the transaction back and run
    it again, which then finds what the winner stored."""
    for attempt in range(attempts):
        try:
            result = work()
            db.session.flush()
            return result
        except IntegrityError:
            if attempt == attempts - 1:
                raise
            rollback()
    raise AssertionError("unreachable")


# Domain events --------------------------------------------------------------------------------

Handler = Callable[[Any], None]


def subscribe(app: Flask, event_type: type, handler: Handler) -> None:
    app.extensions.setdefault("event_handlers", {}).setdefault(event_type, []).append(handler)


def emit(event: object) -> None:
    """Call every handler of this event now, inside the caller's transaction."""
    for handler in current_app.extensions.get("event_handlers", {}).get(type(event), []):
        handler(event)


# The command boundary -------------------------------------------------------------------------

class CommandGroup(AppGroup):
    """`flask` commands, each run inside one transaction; `transaction=False` for a command
    that draws its own boundaries (a job worker, an interactive loop)."""

    def command(self, *args: Any, transaction: bool = True, **kwargs: Any) -> Any:
        register = super().command(*args, **kwargs)

        def decorator(function: Callable[..., Any]) -> Any:
            return register(_in_transaction(function) if transaction else function)

        return decorator


def _in_transaction(function: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        with transaction():
            return function(*args, **kwargs)

    return run


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
