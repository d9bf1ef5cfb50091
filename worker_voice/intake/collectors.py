"""Which organization collects a report that arrives with no organization named: the default
one, or (on the general link) one the worker chooses among those serving their city."""

import sqlalchemy as sa

from ..extensions import db
from ..models import Organization
from ..registry.normalize import normalize_city


def default_organization() -> Organization | None:
    """The organization that collects reports sent with no organization named (the general
    link /report, SMS without a keyword), or None when the deployment has not named one
    (`flask orgs default`)."""
    return db.session.scalar(sa.select(Organization).where(Organization.is_default.is_(True))
                             .order_by(Organization.id).limit(1))


def organizations_serving(*, city: str) -> list[Organization]:
    """The organizations whose cities (one per line, as people write them) include `city`,
    by name. Compared normalized, so "oakland " serves "Oakland" and "奥克兰" serves "奥克兰".

    Normalized here rather than in SQL: the folding is Unicode-aware Python, and an
    organization lists a handful of cities, so reading every list costs little."""
    wanted = normalize_city(city)
    if not wanted:
        return []
    organizations = db.session.scalars(sa.select(Organization).where(
        Organization.cities.is_not(None)).order_by(Organization.name))
    return [organization for organization in organizations
            if wanted in _normalized_lines(organization.cities)]


def _normalized_lines(cities: str | None) -> set[str]:
    return {normalize_city(line) for line in (cities or "").splitlines()}
