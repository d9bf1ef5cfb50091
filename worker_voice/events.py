"""Domain events: what a lower layer announces (`uow.emit`) for a higher one to act on, so that
the lower layer need not import it. Handlers are subscribed at the top, in `create_app`."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ApprovedQuoteLeft:
    """Words organizers had approved for quoting are no longer approved: the worker deleted the
    report, the quote was withdrawn, the report was marked spam or duplicate or redacted further.
    Anything that stored them (dossiers) must let them go in the same transaction."""
