"""What every detector returns, and the pieces of pattern they share."""

from typing import NamedTuple


class Span(NamedTuple):
    """A stretch of the normalised text and the marker that replaces it."""

    start: int
    end: int
    marker: str


# Boundaries by ASCII letters and digits only: Chinese, Korean and Arabic are written without a
# space before a number ("电话13812345678"), and `\b`/`\w` would count those letters as a word.
NOT_AFTER_ALNUM = r"(?<![0-9A-Za-z])"
NOT_BEFORE_ALNUM = r"(?![0-9A-Za-z])"
NOT_AFTER_DIGIT = r"(?<![0-9])"
NOT_BEFORE_DIGIT = r"(?![0-9])"
