"""Whether a published share differs from another by more than chance: between two periods of
one employer (a campaign's baseline and its latest figure, the latest release against the one
before) and between an employer and its industry (the briefing's standout problems).

Both read intervals only, so the pages can say why in plain words ("the whole range lies above
the industry's share"), and both use only published figures.
"""

import math
from dataclasses import dataclass
from enum import StrEnum

from .measures import Proportion


class Direction(StrEnum):
    WORSE = "worse"  # more workers with the problem
    BETTER = "better"
    CHANCE = "chance"  # the difference is within what chance alone could make


@dataclass(frozen=True)
class Change:
    """From `before` to `after`: the difference in share (after − before) and its 95% interval
    (Newcombe's hybrid score interval, built from the two Wilson intervals the pages show)."""

    before: Proportion
    after: Proportion
    low: float
    high: float

    @property
    def difference(self) -> float:
        return self.after.share - self.before.share

    @property
    def direction(self) -> Direction:
        if self.low > 0:
            return Direction.WORSE
        if self.high < 0:
            return Direction.BETTER
        return Direction.CHANCE


def change_between(before: Proportion, after: Proportion) -> Change:
    """The change from one published share to another (Newcombe 1998, method 10): more than
    chance when the interval of the difference leaves out zero. Two intervals that merely
    overlap can still differ beyond chance, so overlap alone would miss real changes."""
    p1, p2 = before.share, after.share
    low1, high1 = before.interval
    low2, high2 = after.interval
    difference = p2 - p1
    low = difference - math.sqrt((p2 - low2) ** 2 + (high1 - p1) ** 2)
    high = difference + math.sqrt((high2 - p2) ** 2 + (p1 - low1) ** 2)
    return Change(before, after, low, high)


def against(share: Proportion, reference: float) -> Direction:
    """An employer's share against its industry's: WORSE when its whole 95% interval lies above
    the industry's share, BETTER when wholly below. The industry's share is a sum over many
    employers, so its own uncertainty is left out here (the pages say so)."""
    low, high = share.interval
    if low > reference:
        return Direction.WORSE
    if high < reference:
        return Direction.BETTER
    return Direction.CHANCE
