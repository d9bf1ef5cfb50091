"""Registry import and export as CSV, one row per (employer, worksite).

Columns: name, aliases (separated by ";"), naics, relation, related_to, worksite, street, city,
state, zip. `relation`/`related_to` say how this employer relates to another, seen from the
other side: "franchisee" of brand X, "subsidiary" of parent X, "contractor" or
"staffing_agency" of client X, "supplier" of buyer X.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa

from ..audit import record
from ..extensions import db
from ..models import (
    AliasSource,
    Employer,
    EmployerAlias,
    EmployerRelation,
    RelationKind,
    Worksite,
)
from .naics import naics_titles
from .normalize import normalize_employer_name

COLUMNS = ("name", "aliases", "naics", "relation", "related_to", "worksite", "street", "city",
           "state", "zip")


class RegistryImportError(Exception):
    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class ImportSummary:
    employers: int = 0
    worksites: int = 0
    aliases: int = 0
    relations: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _check_row(number: int, row: dict) -> list[tuple[int, str]]:
    problems = []
    if not (row.get("name") or "").strip() or not normalize_employer_name(row["name"]):
        problems.append((number, "name is empty"))
    naics = (row.get("naics") or "").strip()
    if naics and not re.fullmatch(r"\d{2,6}", naics):
        problems.append((number, f"naics must be 2 to 6 digits, got {naics!r}"))
    elif naics and naics not in naics_titles():
        problems.append((number, f"naics {naics} is not a NAICS 2022 code"))
    relation = (row.get("relation") or "").strip()
    if relation and relation not in {kind.value for kind in RelationKind}:
        problems.append((number, f"unknown relation {relation!r}"))
    if bool(relation) != bool((row.get("related_to") or "").strip()):
        problems.append((number, "relation and related_to go together"))
    if (row.get("worksite") or row.get("street")) and not (row.get("city") or "").strip():
        problems.append((number, "a worksite needs a city"))
    state = (row.get("state") or "").strip()
    if state and not re.fullmatch(r"[A-Za-z]{2}", state):
        problems.append((number, f"state must be two letters, got {state!r}"))
    return problems


def import_registry(*, rows: Iterable[dict], dry_run: bool = False) -> ImportSummary:
    """Add or extend employers from rows; all or nothing. Raises RegistryImportError."""
    rows = list(rows)
    errors: list[tuple[int, str]] = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        missing = [column for column in ("name",) if column not in row]
        if missing:
            errors.append((number, f"missing column {missing[0]}"))
            continue
        errors += _check_row(number, row)
    known = {normalize_employer_name(r["name"]) for r in rows if r.get("name")}
    existing = set(db.session.scalars(sa.select(Employer.normalized_name)))
    for number, row in enumerate(rows, start=2):
        target = normalize_employer_name(row.get("related_to") or "")
        if target and target not in known | existing:
            errors.append((number, f"related_to {row['related_to']!r} is not in the registry"))
    if errors:
        raise RegistryImportError(sorted(errors))

    if not dry_run:
        return _add_rows(rows)
    # A dry run does everything inside a savepoint and then takes it back.
    with db.session.begin_nested() as savepoint:
        summary = _add_rows(rows)
        savepoint.rollback()
    return summary


def _final(employer: Employer, known: dict[int, Employer]) -> Employer:
    seen = {employer.id}
    while employer.merged_into_id is not None and employer.merged_into_id not in seen:
        seen.add(employer.merged_into_id)
        employer = known[employer.merged_into_id]
    return employer


def _add_rows(rows: list[dict]) -> ImportSummary:
    summary = ImportSummary()
    known = {e.id: e for e in db.session.scalars(sa.select(Employer))}
    # A name of a merged-away employer stands for the employer it was merged into: a row never
    # adds to an employer that only keeps its published history (registry.linking).
    by_name = {e.normalized_name: _final(e, known) for e in known.values()}
    pending_relations: list[tuple[RelationKind, str, Employer]] = []
    for row in rows:
        normalized = normalize_employer_name(row["name"])
        employer = by_name.get(normalized)
        if employer is None:
            employer = Employer(name=row["name"].strip(), normalized_name=normalized)
            db.session.add(employer)
            by_name[normalized] = employer
            summary.employers += 1
        if (row.get("naics") or "").strip():
            employer.naics_code = row["naics"].strip()
        present = {alias.normalized_name for alias in employer.aliases} | {normalized}
        for alias in (row.get("aliases") or "").split(";"):
            alias_key = normalize_employer_name(alias)
            if alias_key and alias_key not in present:
                employer.aliases.append(EmployerAlias(name=alias.strip(),
                                                      normalized_name=alias_key,
                                                      source=AliasSource.IMPORT))
                present.add(alias_key)
                summary.aliases += 1
        if (row.get("city") or "").strip():
            label = (row.get("worksite") or "").strip() or f"{employer.name}, {row['city']}"
            if not any(site.label == label and site.city == row["city"].strip()
                       for site in employer.worksites):
                employer.worksites.append(Worksite(
                    label=label, street=(row.get("street") or "").strip() or None,
                    city=row["city"].strip(),
                    state=(row.get("state") or "").strip().upper() or None,
                    zip_code=(row.get("zip") or "").strip() or None))
                summary.worksites += 1
        if (row.get("relation") or "").strip():
            pending_relations.append((RelationKind(row["relation"].strip()), row["related_to"],
                                      employer))  # a kind _check_row accepted
    db.session.flush()
    existing_relations = {(kind, from_id, to_id) for kind, from_id, to_id in db.session.execute(
        sa.select(EmployerRelation.kind, EmployerRelation.from_employer_id,
                  EmployerRelation.to_employer_id))}
    for kind, related_to, employer in pending_relations:
        other = by_name[normalize_employer_name(related_to)]
        key = (kind, other.id, employer.id)
        if key not in existing_relations:
            db.session.add(EmployerRelation(kind=kind, from_employer_id=other.id,
                                            to_employer_id=employer.id))
            existing_relations.add(key)
            summary.relations += 1
    return summary


def export_registry() -> list[dict]:
    """The registry in the import format, one row per worksite (or one per employer); the
    export goes to the audit log."""
    relations: dict[int, list[tuple[str, int]]] = {}
    for relation_kind, parent_id, child_id in db.session.execute(sa.select(
        EmployerRelation.kind, EmployerRelation.from_employer_id, EmployerRelation.to_employer_id
    ).order_by(EmployerRelation.id)):
        relations.setdefault(child_id, []).append((relation_kind, parent_id))
    # Merged-away employers are not exported: their names are aliases of the one they joined.
    employers = db.session.scalars(sa.select(Employer).where(Employer.merged_into_id.is_(None))
                                   .order_by(Employer.name)).all()
    names = {employer.id: employer.name for employer in employers}
    rows = []
    for employer in employers:
        found = relations.get(employer.id, [])
        kind, parent = found[0] if found else ("", None)
        more = found[1:]
        base = {
            "name": employer.name,
            "aliases": ";".join(alias.name for alias in employer.aliases),
            "naics": employer.naics_code or "",
            "relation": kind,
            "related_to": names.get(parent, "") if parent else "",
        }
        sites = sorted(employer.worksites, key=lambda s: (s.city, s.label))
        site_rows: list[Worksite | None] = [*sites] or [None]  # one row without a worksite
        for site in site_rows:
            rows.append(base | {
                "worksite": site.label if site else "", "street": site.street or "" if site else "",
                "city": site.city if site else "", "state": site.state or "" if site else "",
                "zip": site.zip_code or "" if site else "",
            })
        for other_kind, other_parent in more:  # a further relation: a row of its own
            rows.append(base | {"relation": other_kind, "related_to": names[other_parent]}
                        | dict.fromkeys(("worksite", "street", "city", "state", "zip"), ""))
    record("registry_exported", rows=len(rows), organization_id=None)  # every export is audited
    return rows
