"""Employer matching: messy names → ranked registry candidates, and a decision band.

Names and aliases are normalized (case, accents, punctuation, legal suffixes, store numbers,
filler words in each shipped language) and fuzzy-matched with rapidfuzz, narrowed by city and
state. Names in scripts written without spaces (Chinese, Japanese kana, Korean) are compared
character by character instead of word by word, and a name in any non-Latin script is also
tried in its romanized form. A brand match is pushed down to the franchisee whose worksite the
worker named (street, store number, or the only one in the city). Intake is the only caller
that links reports.
"""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from anyascii import anyascii
from flask import current_app
from rapidfuzz import fuzz, process

from ..extensions import db
from ..models import Employer, EmployerAlias, EmployerRelation, RelationKind, Worksite
from .normalize import (
    fold,
    normalize_city,
    normalize_employer_name,
    ordinal_number,
    parse_employer_text,
    street_key,
)

# Calibrated on tests/data/employer_names.csv against tests/data/employers.csv (test_matching).
AUTO_LINK = 90.0
CONFIRM = 75.0
CITY_BONUS = 4.0
MAX_PREFIX_SHORTLIST = 400  # a prefix shared by more variants than this tells little
# A romanization is a guess at how the name sounds ("맥도날드" → "maegdonaldeu"): it may suggest,
# but it may not link on its own.
ROMANIZED_PENALTY = 16.0
# Han, kana and Hangul: words run together, so characters, not words, are compared.
_SPACELESS = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                        "\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_LATIN_OR_DIGIT = re.compile(r"[0-9a-z ]*")
# Words that name a kind of workplace, not an employer.
GENERIC = frozenset({
    "factory", "fabrica", "restaurant", "restaurante", "warehouse", "bodega", "almacen", "hotel",
    "motel", "store", "tienda", "market", "mercado", "supermarket", "supermercado", "plant",
    "planta", "office", "oficina", "kitchen", "cocina", "cleaning", "limpieza", "construction",
    "construccion", "farm", "rancho", "car", "wash", "company", "compania", "empresa", "job",
    "trabajo", "no", "se", "esquina", "corner", "home", "care", "salon", "laundromat",
    "lavanderia", "bakery", "panaderia", "deli", "shop", "agency", "agencia", "taqueria",
    "pizzeria", "nail", "nails", "temp", "staffing", "janitorial", "hospital",
    "school", "escuela", "clinic", "clinica", "cafe", "diner", "bar", "grill",
})


def romanized(name: str) -> str:
    """The name in Latin letters ("沃尔玛" → "wo er ma"), or "" when it is already Latin."""
    if _LATIN_OR_DIGIT.fullmatch(name):
        return ""
    # Each Han character is a syllable: spaces between them, as pinyin is written.
    spaced = re.sub("([\u3400-\u4dbf\u4e00-\u9fff])", r" \1 ", name)
    return fold(anyascii(spaced))


def _letters(text: str) -> str:
    """Hangul by its jamo: "맥도날드" and "맥도널드" differ in one letter, not one syllable."""
    return unicodedata.normalize("NFD", text.replace(" ", ""))


def spaceless_score(name: str, variant: str) -> float:
    """Character similarity for names in scripts without spaces: the whole name, each word the
    worker separated, or the variant found inside what they wrote ("我在麦当劳唐人街店")."""
    query, target = _letters(name), _letters(variant)
    best = fuzz.ratio(query, target)
    for word in name.split():
        best = max(best, fuzz.ratio(_letters(word), target))
    if len(variant.replace(" ", "")) >= 2 and target in query:
        best = max(best, 90.0 + 10.0 * len(target) / len(query))
    return float(best)


def fold_words(text: str) -> list[str]:
    """The whole text, folded, with store numbers and street words still in."""
    return fold(text).split()


class Band(StrEnum):
    AUTO = "auto"  # link without asking
    CONFIRM = "confirm"  # ask the worker (SMS) or offer the candidates (web)
    REVIEW = "review"  # leave for an organizer


@dataclass(frozen=True)
class Candidate:
    employer_id: int
    name: str
    score: float
    worksite_id: int | None = None


@dataclass(frozen=True)
class Resolution:
    band: Band
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True)
class _Site:
    id: int
    employer_id: int
    city: str
    state: str
    street: frozenset
    label: str


class RegistryIndex:
    """Everything matching needs, loaded once and reused until the registry changes."""

    def __init__(self) -> None:
        # A merged-away employer is not offered: its names are aliases of the one it was merged
        # into, and its worksites and relations moved there.
        employers = db.session.execute(sa.select(Employer.id, Employer.name,
                                                 Employer.normalized_name)
                                       .where(Employer.merged_into_id.is_(None))).all()
        aliases = db.session.execute(sa.select(EmployerAlias.employer_id,
                                               EmployerAlias.normalized_name)
                                     .join(Employer, Employer.id == EmployerAlias.employer_id)
                                     .where(Employer.merged_into_id.is_(None))).all()
        self.names = {employer_id: name for employer_id, name, _ in employers}
        variants: dict[str, int] = {}
        # Registry names keep every word ("El Super" is not "Super A"); only what workers type
        # loses its filler words.
        for employer_id, _name, normalized in employers:
            variants[normalized] = employer_id
        for employer_id, normalized in aliases:
            variants.setdefault(normalized, employer_id)
        self.variant_text = list(variants)
        self.variant_owner = list(variants.values())
        self.compact = [text.replace(" ", "") for text in self.variant_text]
        self.spaceless = [index for index, text in enumerate(self.variant_text)
                          if _SPACELESS.search(text)]
        self.spaceless_set = set(self.spaceless)
        # Typo-tolerant shortlist: variants by the first three letters of each of their words.
        self.by_prefix: dict[str, list[int]] = {}
        for position, text in enumerate(self.variant_text):
            for key in {word[:3] for word in text.split() if len(word) >= 3}:
                self.by_prefix.setdefault(key, []).append(position)
        self.sites: dict[int, list[_Site]] = {}
        for row in db.session.execute(sa.select(Worksite.id, Worksite.employer_id, Worksite.city,
                                                Worksite.state, Worksite.street,
                                                Worksite.label)):
            self.sites.setdefault(row.employer_id, []).append(_Site(
                row.id, row.employer_id, normalize_city(row.city), (row.state or "").upper(),
                street_key(row.street or ""), normalize_employer_name(row.label)))
        self.franchisees: dict[int, list[int]] = {}
        self.sends_workers: dict[int, set[int]] = {}  # client → its agencies and contractors
        for kind, start, end in db.session.execute(
            sa.select(EmployerRelation.kind, EmployerRelation.from_employer_id,
                      EmployerRelation.to_employer_id)
        ):
            if kind == RelationKind.FRANCHISEE:
                self.franchisees.setdefault(start, []).append(end)
            elif kind in (RelationKind.STAFFING_AGENCY, RelationKind.CONTRACTOR):
                self.sends_workers.setdefault(start, set()).add(end)

    def name_scores(self, name: str, limit: int, broad: bool = True) -> dict[int, float]:
        """Best score per employer. WRatio is thorough but slow, so it only scores a shortlist:
        the closest variants by plain ratio (also without spaces, for "walmartsupercenter")
        and those sharing a word beginning with the query."""
        scores: dict[int, float] = {}
        if not name:
            return scores
        if _SPACELESS.search(name):
            for index in self.spaceless:
                score = spaceless_score(name, self.variant_text[index])
                if score >= 50:
                    owner = self.variant_owner[index]
                    scores[owner] = max(scores.get(owner, 0.0), score)
        roman = romanized(name) if broad else ""
        if roman:
            for owner, score in self.name_scores(roman, limit).items():
                scores[owner] = max(scores.get(owner, 0.0), score - ROMANIZED_PENALTY)
        compact = name.replace(" ", "")
        shortlist: set[int] = set()
        if broad:  # two fast scans of every variant; the narrow pass relies on prefixes alone
            shortlist = {index for _, _, index in process.extract(
                name, self.variant_text, scorer=fuzz.ratio, limit=limit * 4, processor=None)}
            for _text, score, index in process.extract(
                compact, self.compact, scorer=fuzz.ratio, limit=limit * 4, processor=None,
                score_cutoff=50,
            ):
                shortlist.add(index)
                owner = self.variant_owner[index]
                scores[owner] = max(scores.get(owner, 0.0), float(score))
        for word in name.split():
            positions = self.by_prefix.get(word[:3], ())
            if len(word) >= 3 and len(positions) <= MAX_PREFIX_SHORTLIST:
                shortlist.update(positions)
        # Token scorers would treat a whole Chinese phrase as one word: those use spaceless_score.
        choices = {index: self.variant_text[index] for index in shortlist - self.spaceless_set}
        for _text, score, index in process.extract(
            name, choices, scorer=fuzz.WRatio, limit=None, processor=None, score_cutoff=50
        ):
            owner = self.variant_owner[index]
            scores[owner] = max(scores.get(owner, 0.0), float(score))
        return scores


def registry_index() -> RegistryIndex:
    """The cached index, rebuilt when employers, aliases, worksites or relations change."""
    stamp = db.session.execute(sa.select(
        sa.select(sa.func.count()).select_from(Employer).scalar_subquery(),
        sa.select(sa.func.max(Employer.id)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(Employer)
        .where(Employer.merged_into_id.is_not(None)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(EmployerAlias).scalar_subquery(),
        sa.select(sa.func.count()).select_from(Worksite).scalar_subquery(),
        sa.select(sa.func.count()).select_from(EmployerRelation).scalar_subquery(),
    )).one()
    cache = current_app.extensions.setdefault("registry_index", {})
    key = (db.engine.url.render_as_string(), tuple(stamp))
    if cache.get("key") != key:
        cache["index"], cache["key"] = RegistryIndex(), key
    return cache["index"]


def resolve(text: str, city: str | None = None, state: str | None = None,
            limit: int = 5) -> Resolution:
    """Ranked candidates for what a worker typed, and what to do with the best one."""
    name, store_number, street_words = parse_employer_text(text)
    index = registry_index()
    if all(word in GENERIC for word in name.split()):
        return Resolution(Band.REVIEW, ())  # "the factory", "restaurant": no employer named
    # Score the employer words, and the whole text too, filler included: "el super" is a
    # name, not "super".
    scores = index.name_scores(name, limit=limit * 3)
    whole = " ".join(fold_words(text))
    if whole != name:
        for employer_id, score in index.name_scores(whole, limit * 3, broad=False).items():
            scores[employer_id] = max(scores.get(employer_id, 0.0), score)
    wanted_city = normalize_city(city or "")
    wanted_state = (state or "").strip().upper()
    candidates = []
    for employer_id, score in scores.items():
        sites = index.sites.get(employer_id, [])
        if wanted_city and any(site.city == wanted_city for site in sites):
            score += CITY_BONUS
        elif wanted_state and sites and not any(site.state == wanted_state for site in sites):
            score -= CITY_BONUS
        candidates.append(Candidate(employer_id, index.names[employer_id], min(score, 100.0)))
    candidates.sort(key=lambda c: (-c.score, c.name))
    candidates = _prefer_who_sends_the_worker(index, candidates[:limit])
    if candidates and candidates[0].employer_id in index.franchisees:
        located = _franchisee_site(index, candidates[0], name, store_number, street_words,
                                   wanted_city)
        if located:  # the franchisee stands in for its brand
            candidates = [located, *(c for c in candidates[1:]
                                     if c.employer_id != located.employer_id)]
    band = _band(candidates)
    return Resolution(band, tuple(candidates))


def _prefer_who_sends_the_worker(index: RegistryIndex,
                                 candidates: list[Candidate]) -> list[Candidate]:
    """"Integrity Staffing sends me to Amazon" names both; the agency is the employer."""
    if len(candidates) < 2:
        return candidates
    best = candidates[0]
    agencies = index.sends_workers.get(best.employer_id, set())
    for candidate in candidates[1:]:
        if candidate.employer_id in agencies and candidate.score >= CONFIRM:
            promoted = Candidate(candidate.employer_id, candidate.name, best.score,
                                 candidate.worksite_id)
            return [promoted, *(c for c in candidates if c.employer_id != promoted.employer_id)]
    return candidates


def _franchisee_site(index: RegistryIndex, brand: Candidate, name: str, store_number: str | None,
                     street_words: tuple[str, ...], city: str) -> Candidate | None:
    """The one franchisee worksite the worker's words point to, if exactly one does."""
    sites = [site for franchisee in index.franchisees[brand.employer_id]
             for site in index.sites.get(franchisee, [])]
    words = {ordinal_number(word) for word in (*street_words, *name.split())}
    matches = []
    if store_number:
        matches = [s for s in sites if store_number in s.label.split()]
    if not matches and words:
        matches = [s for s in sites if s.street and s.street <= words
                   and (not city or s.city == city)]
    # A brand and a city alone do not say which franchisee: the registry may not know them all.
    owners = {site.employer_id for site in matches}
    if len(owners) != 1:
        return None
    site = matches[0] if len(matches) == 1 else None
    owner = owners.pop()
    return Candidate(owner, index.names[owner], brand.score, site.id if site else None)


def _band(candidates: list[Candidate]) -> Band:
    if not candidates:
        return Band.REVIEW
    best = candidates[0]
    runner_up = next((c for c in candidates[1:] if c.employer_id != best.employer_id), None)
    clear = runner_up is None or best.score - runner_up.score >= 3
    if best.score >= AUTO_LINK and clear:
        return Band.AUTO
    if best.score >= CONFIRM:
        return Band.CONFIRM
    return Band.REVIEW
