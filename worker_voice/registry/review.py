"""Organizer use cases on the registry: resolve unmatched names, create employers, merge."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..extensions import db
from ..models import AliasSource, Employer, EmployerAlias, EmployerRelation, Report, Worksite
from ..models.ids import parse_id
from .linking import final_employer_id, link_reports_named, move_reports
from .matching import Candidate, resolve
from .naics import naics_titles
from .normalize import normalize_employer_name


class RegistryError(Exception):
    """A registry change that cannot be made as asked (the message, translated, says what to
    do)."""


@dataclass(frozen=True)
class UnmatchedName:
    normalized_name: str
    example: str
    city: str
    reports: int
    candidates: tuple[Candidate, ...]


def unmatched_names(*, organization_id: int, limit: int = 100) -> list[UnmatchedName]:
    """Names in the organization's reports that no employer claims yet, most reported first,
    with suggestions. What a worker typed is part of a raw report: only the collecting
    organization sees it."""
    rows = db.session.execute(
        sa.select(Report.employer_name_normalized, sa.func.min(Report.employer_name_given),
                  sa.func.min(Report.city_given), sa.func.count())
        .where(Report.employer_id.is_(None), Report.organization_id == organization_id)
        .group_by(Report.employer_name_normalized)
        .order_by(sa.func.count().desc(), Report.employer_name_normalized)
        .limit(limit)
    ).all()
    return [
        UnmatchedName(normalized, example, city, count, resolve(example, city).candidates[:3])
        for normalized, example, city, count in rows
    ]


def employer_chosen(*, name: str, employer_id: str) -> int:
    """The employer an organizer picked: by name (as typed, matched on its normalized form)
    or by id; 0 when neither names one."""
    normalized = normalize_employer_name(name)
    if normalized:
        chosen = db.session.scalar(sa.select(Employer.id)
                                   .where(Employer.normalized_name == normalized)) or 0
    else:
        chosen = parse_id(employer_id) or 0
    return final_employer_id(chosen) if chosen else 0


def link_unmatched(*, organization_id: int, normalized_name: str, employer_id: int) -> int:
    """Link the organization's unmatched reports with this name to the employer, and learn
    the name as an alias so that it matches next time (for every organization: the registry
    is shared). Returns how many reports were linked."""
    employer = db.session.get(Employer, final_employer_id(employer_id))
    if employer is None:
        raise RegistryError(_l("No employer in the registry has that name. Choose one from the "
                               "list, or add it as a new employer."))
    reports = link_reports_named(organization_id=organization_id,
                                 normalized_name=normalized_name, employer=employer)
    if reports and normalized_name != employer.normalized_name and not any(
        alias.normalized_name == normalized_name for alias in employer.aliases
    ):
        employer.aliases.append(EmployerAlias(
            name=reports[0].employer_name_given, normalized_name=normalized_name,
            source=AliasSource.REVIEW))
    record("reports_linked", target=employer.name, reports=len(reports))
    return len(reports)


def create_employer(*, name: str, naics_code: str | None = None,
                    link_name: str | None = None, organization_id: int | None = None,
                    ) -> Employer:
    """Add an employer (and link the unmatched reports that named it, if asked)."""
    normalized = normalize_employer_name(name)
    if not normalized:
        raise RegistryError(_l("Write the new employer's name (up to 200 characters)."))
    if db.session.scalar(sa.select(Employer.id).where(Employer.normalized_name == normalized)):
        raise RegistryError(_l("An employer with this name is in the registry already: link "
                               "the reports to it instead."))
    if naics_code and naics_code not in naics_titles():
        raise RegistryError(_l("This is not a NAICS 2022 code."))
    employer = Employer(name=" ".join(name.split()), normalized_name=normalized,
                        naics_code=naics_code or None)
    db.session.add(employer)
    db.session.flush()
    record("employer_created", target=employer.name)
    if link_name and organization_id is not None:
        link_unmatched(organization_id=organization_id, normalized_name=link_name,
                       employer_id=employer.id)
    return employer


def merge_employers(*, source_id: int, target_id: int) -> Employer:
    """Fold a duplicate into the employer it duplicates; returns the employer merged into.

    Aliases, worksites, relations and the reports not yet counted in a published quarter go
    to the target, and the duplicate's name becomes an alias of it. The duplicate is kept,
    marked as merged into the target, with the reports its published figures count: no
    published figure of any organization moves (registry.linking.move_reports). Matching and
    the registry's lists offer the target from now on. Merging into a merged-away employer
    merges into the one it was merged into; employers merged into the duplicate before now
    point to the target too.
    """
    source = db.session.get(Employer, source_id)
    target = db.session.get(Employer, final_employer_id(target_id))
    if source is None or target is None:
        raise RegistryError(_l("Choose the employer to merge into from the list."))
    if source.merged_into_id is not None:
        raise RegistryError(_l("This employer was merged into another already."))
    if source.id == target.id:
        raise RegistryError(_l("Choose another employer: an employer cannot be merged into "
                               "itself."))
    target_id = target.id
    db.session.execute(sa.update(Worksite).where(Worksite.employer_id == source_id)
                       .values(employer_id=target_id))
    known = {alias.normalized_name for alias in target.aliases} | {target.normalized_name}
    for alias in [*source.aliases]:
        if alias.normalized_name not in known:
            target.aliases.append(EmployerAlias(name=alias.name,
                                                normalized_name=alias.normalized_name,
                                                source=alias.source))
            known.add(alias.normalized_name)
    if source.normalized_name not in known:
        target.aliases.append(EmployerAlias(name=source.name,
                                            normalized_name=source.normalized_name,
                                            source=AliasSource.MERGE))
    _move_relations(source_id, target_id)
    source.merged_into_id = target_id
    db.session.flush()
    db.session.execute(sa.update(Employer).where(Employer.merged_into_id == source_id)
                       .values(merged_into_id=target_id))
    move_reports(source_id=source_id, target_id=target_id)
    db.session.expire_all()
    record("employers_merged", target=target.name, merged=source.name,
           organization_id=None)
    db.session.flush()
    return target


def _move_relations(source_id: int, target_id: int) -> None:
    relations = db.session.scalars(sa.select(EmployerRelation).where(sa.or_(
        EmployerRelation.from_employer_id == source_id,
        EmployerRelation.to_employer_id == source_id,
    ))).all()
    existing = {(kind, start, end) for kind, start, end in db.session.execute(sa.select(
        EmployerRelation.kind, EmployerRelation.from_employer_id, EmployerRelation.to_employer_id
    ))}
    for relation in relations:
        start = target_id if relation.from_employer_id == source_id else relation.from_employer_id
        end = target_id if relation.to_employer_id == source_id else relation.to_employer_id
        if start == end or (relation.kind, start, end) in existing:
            db.session.delete(relation)
            continue
        relation.from_employer_id, relation.to_employer_id = start, end
        existing.add((relation.kind, start, end))
