"""Run the same work in several threads released at the same instant, each in an app context."""

import threading

from worker_voice.extensions import db


def run_together(app, count, work):
    """Return (results, failures) of `work()` run by `count` threads at once."""
    barrier, results, failures = threading.Barrier(count), [], []

    def run():
        with app.app_context():
            barrier.wait()
            try:
                results.append(work())
            except Exception as error:  # reported to the caller, who asserts there are none
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, failures
