"""Searching the employer registry by words, for an organizer who knows which employer a
name means but not how the registry spells it.

Words are folded as matching folds names (case, accents, Arabic vowel marks, punctuation; see
registry.normalize), so "cafe" finds "Café Olé" and a name in any script is found by its
own letters. Every word must be found, each in the employer's name, in one of its aliases or in
the city of one of its worksites ("burger chicago"). When no employer has every word, the
fuzzy name matching of intake (registry.matching) offers the closest names instead, so that a
typo still finds something. Read-only: linking stays an explicit choice on the review page.
"""

from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from ..extensions import db
from ..models import Worksite
from .matching import CONFIRM, registry_index
from .normalize import fold, normalize_city

MAX_WORDS = 8
SIMILAR = CONFIRM - 10  # a typo-tolerant match worth offering when no word matches


class Reason(StrEnum):
    NAME = "name"  # a word of its name
    ALIAS = "alias"  # a word of a name it is also known as (not shown: workers wrote some)
    CITY = "city"  # a worksite in a city of that name
    SIMILAR = "similar"  # no word matched; the name is close to what was searched


@dataclass(frozen=True)
class Found:
    employer_id: int
    name: str
    reasons: tuple[Reason, ...]
    cities: tuple[str, ...] = ()  # the worksite cities the search named


def search_registry(*, words: str, limit: int = 10) -> list[Found]:
    """Employers (never a merged-away one) with every word of `words`, the ones whose name
    holds them first; or, with none, those whose name is close. Empty for empty words."""
    query = fold(words).split()[:MAX_WORDS]
    if not query:
        return []
    index = registry_index()
    variants: dict[int, list[str]] = {}  # employer → its normalized name and aliases
    for text, owner in zip(index.variant_text, index.variant_owner, strict=True):
        variants.setdefault(owner, []).append(text)
    own_names = {owner: fold(name) for owner, name in index.names.items()}
    found: list[tuple[tuple[int, int, str], Found]] = []
    for employer_id, name in index.names.items():
        reasons: set[Reason] = set()
        cities: set[str] = set()
        for word in query:
            hit = False
            if _holds(own_names[employer_id], word):
                reasons.add(Reason.NAME)
                hit = True
            elif any(_holds(text, word) for text in variants.get(employer_id, ())):
                reasons.add(Reason.ALIAS)
                hit = True
            sites = [site.city for site in index.sites.get(employer_id, ())
                     if _holds(site.city, word)]
            if sites:
                reasons.add(Reason.CITY)
                cities.update(sites)
                hit = True
            if not hit:
                break
        else:
            order = (0 if Reason.NAME in reasons else 1 if Reason.ALIAS in reasons else 2,
                     len(own_names[employer_id]), name.casefold())
            found.append((order, Found(employer_id, name, tuple(sorted(reasons)),
                                       tuple(sorted(cities)))))
    if found:
        shown = [item for _order, item in sorted(found, key=lambda pair: pair[0])[:limit]]
        return _with_city_names(shown)
    scores = index.name_scores(" ".join(query), limit)
    close = sorted(((score, employer_id) for employer_id, score in scores.items()
                    if score >= SIMILAR and employer_id in index.names), reverse=True)
    return [Found(employer_id, index.names[employer_id], (Reason.SIMILAR,))
            for _score, employer_id in close[:limit]]


def _holds(text: str, word: str) -> bool:
    """A word of `text` begins with `word`; in a script written without spaces, anywhere."""
    return any(part.startswith(word) for part in text.split()) or (
        not word.isascii() and word in text)


def _with_city_names(found: list[Found]) -> list[Found]:
    """The cities as the registry writes them ("São Paulo", not the folded "sao paulo")."""
    wanted = {item.employer_id for item in found if item.cities}
    if not wanted:
        return found
    written: dict[tuple[int, str], str] = {}
    for employer_id, city in db.session.execute(
            sa.select(Worksite.employer_id, Worksite.city).where(
                Worksite.employer_id.in_(wanted))):
        written.setdefault((employer_id, normalize_city(city or "")), city)
    return [Found(item.employer_id, item.name, item.reasons,
                  tuple(sorted({written.get((item.employer_id, city), city)
                                for city in item.cities})))
            for item in found]
