"""Background jobs: Redis + RQ when REDIS_URL is set, otherwise run inline.

Either way a job starts only after the commit of the transaction that asked for it (`enqueue`
goes through `after_commit`), and runs inside a boundary of its own (`run_job`). RQ workers are
started by `flask jobs worker`, which builds the one app every job of that worker uses.
"""

from collections.abc import Callable
from importlib import import_module
from typing import Any, Protocol

from flask import Flask, current_app, has_app_context

from .extensions import db
from .uow import after_commit, transaction

QUEUE_NAME = "worker_voice"


class JobQueue(Protocol):
    def enqueue(self, function: Callable[..., Any], *, key: str | None = None,
                **kwargs: Any) -> None: ...


class InlineQueue:
    """Runs each job at once, in this process (after the commit that asked for it)."""

    def enqueue(self, function: Callable[..., Any], *, key: str | None = None,
                **kwargs: Any) -> None:
        run_job(_path_of(function), kwargs)


class RedisQueue:
    def __init__(self, url: str, name: str = QUEUE_NAME):
        from redis import Redis
        from rq import Queue

        self.name = name
        self.connection = Redis.from_url(url)
        self.queue = Queue(name, connection=self.connection)

    def enqueue(self, function: Callable[..., Any], *, key: str | None = None,
                **kwargs: Any) -> None:
        """Enqueue; with a `key`, unless a job under that key is waiting or running."""
        if key is not None and not self.connection.set(self._once(key), 1, nx=True, ex=3600):
            return
        # Results are not kept, and a failed job is kept only briefly: job data can hold
        # (sealed) contact details.
        self.queue.enqueue(run_job, _path_of(function), kwargs, key, result_ttl=0,
                           failure_ttl=3600, ttl=600)

    def done(self, key: str) -> None:
        self.connection.delete(self._once(key))

    def _once(self, key: str) -> str:
        return f"{self.name}:once:{key}"


def _path_of(function: Callable[..., Any]) -> str:
    return f"{function.__module__}:{function.__qualname__}"


def enqueue(function: Callable[..., Any], *, key: str | None = None, **kwargs: Any) -> None:
    """Start `function(**kwargs)` as a job once the current transaction commits; jobs with the
    same `key` asked for in one transaction (or, on Redis, waiting at once) run once."""
    after_commit(lambda: job_queue().enqueue(function, key=key, **kwargs),
                 key=None if key is None else f"job:{key}")


def run_job(path: str, kwargs: dict[str, Any], key: str | None = None) -> Any:
    """Run one job inside its own unit of work (the job's boundary)."""
    if not has_app_context():
        raise RuntimeError("start job workers with `flask jobs worker`: jobs run in its app")
    module, name = path.split(":")
    function = getattr(import_module(module), name)
    try:
        with transaction():
            return function(**kwargs)
    finally:
        queue = job_queue()
        if isinstance(queue, RedisQueue):
            if key is not None:
                queue.done(key)
            db.session.remove()  # a worker's next job starts with a clean session


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    app.extensions["jobs"] = RedisQueue(url) if url else InlineQueue()


def job_queue() -> JobQueue:
    return current_app.extensions["jobs"]
