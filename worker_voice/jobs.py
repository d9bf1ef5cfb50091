"""Background jobs: Redis + RQ when REDIS_URL is set, otherwise run inline (after the commit)."""

from collections.abc import Callable

from flask import Flask, current_app

QUEUE_NAME = "worker_voice"


class InlineQueue:
    def enqueue(self, function: Callable, **kwargs) -> None:
        function(**kwargs)

    def enqueue_once(self, function: Callable, *, key: str, **kwargs) -> None:
        function(**kwargs)

    def done(self, key: str) -> None:
        pass


class RedisQueue:
    def __init__(self, url: str):
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(url)
        self.queue = Queue(QUEUE_NAME, connection=self.connection)

    def enqueue(self, function: Callable, **kwargs) -> None:
        # Results are not kept, and a failed job is kept only briefly: job data can hold
        # (sealed) contact details.
        self.queue.enqueue(function, kwargs=kwargs, result_ttl=0, failure_ttl=3600, ttl=600)

    def enqueue_once(self, function: Callable, *, key: str, **kwargs) -> None:
        """Enqueue unless a job under this key is waiting or running (`done` clears it)."""
        if self.connection.set(f"{QUEUE_NAME}:once:{key}", 1, nx=True, ex=3600):
            self.enqueue(function, **kwargs)

    def done(self, key: str) -> None:
        self.connection.delete(f"{QUEUE_NAME}:once:{key}")


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    app.extensions["jobs"] = RedisQueue(url) if url else InlineQueue()


def job_queue():
    return current_app.extensions["jobs"]
