"""Category scores and the overall job-quality tier, computed from published figures only.

The method is explained to the public on /methods (templates/web/methods.html); keep the two in
step. In short: each indicator's share of workers with the problem is pulled toward the
industry's share, as if PRIOR_WEIGHT more workers had reported at the industry rate, so that a
handful of reports cannot make an employer look far better or worse than its industry. A
category's score is 100 × (1 − the mean of its indicators' adjusted shares); the overall score is
the mean of the category scores; the tier follows from the overall score.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from ..models.enums import Tier
from ..survey import QUESTIONS_BY_KEY, Category
from ..survey.problems import SCORED_CATEGORIES
from .measures import Measure

PRIOR_WEIGHT = 20
MIN_CATEGORIES = 3  # fewer scored categories than this: no overall score or tier
TIERS = ((Tier.A, 80.0), (Tier.B, 65.0), (Tier.C, 50.0), (Tier.D, 0.0))


@dataclass(frozen=True)
class Rating:
    categories: dict[Category, float]  # category → score 0..100, only categories with figures
    score: float | None
    tier: Tier | None


def adjusted_share(measure: Measure, mean: float) -> float:
    return (measure.problem + PRIOR_WEIGHT * mean) / (measure.n + PRIOR_WEIGHT)


def tier_of(score: float) -> Tier:
    return next(tier for tier, floor in TIERS if score >= floor)


def rate(measures: Mapping[str, Measure], means: Mapping[str, float]) -> Rating:
    """`measures`: published measure per question key; `means`: the industry share per key
    (an indicator without a mean is left out: there is nothing to anchor it)."""
    shares: dict[Category, list[float]] = {}
    for key, measure in measures.items():
        category = QUESTIONS_BY_KEY[key].category
        if category in SCORED_CATEGORIES and key in means:
            shares.setdefault(category, []).append(adjusted_share(measure, means[key]))
    categories = {category: 100.0 * (1 - sum(values) / len(values))
                  for category in SCORED_CATEGORIES
                  for values in [shares.get(category)] if values}
    if len(categories) < MIN_CATEGORIES:
        return Rating(categories, None, None)
    score = sum(categories.values()) / len(categories)
    return Rating(categories, score, tier_of(score))
