"""An indicator's trend: its published periods summed by the quarter they closed in. The
employer briefing, the campaign page, the dossier, the exports and the API all draw it."""

from dataclasses import dataclass
from datetime import date

from .disclosure import EmployerMeasures
from .measures import Proportion


@dataclass(frozen=True)
class TrendPoint(Proportion):
    """The published periods that closed in one quarter, added up (each organization's and
    employer's periods end where their own reports made them safe)."""

    quarter: date  # first day of the quarter the periods closed in
    problem: int
    n: int


Trend = dict[str, tuple[TrendPoint, ...]]  # question key → points, oldest first


def trend_of(units: dict[int, list[EmployerMeasures]]) -> Trend:
    """Per indicator, the published periods of every unit summed by the quarter they closed
    in: a sum of safe periods, so it reveals nothing the units do not; the points add up to the
    summary's figure."""
    sums: dict[str, dict[date, list[int]]] = {}
    for employer_units in units.values():
        for unit in employer_units:
            for key, measure in unit.by_question.items():
                for period in measure.periods:
                    cell = sums.setdefault(key, {}).setdefault(period.last, [0, 0])
                    cell[0] += period.problem
                    cell[1] += period.n
    return {key: tuple(TrendPoint(quarter, problem, n)
                       for quarter, (problem, n) in sorted(by_quarter.items()))
            for key, by_quarter in sums.items()}
