"""Coalitions: organizations that pool guarded figures on the employers they target.

A platform admin forms a coalition and names its members (the organizations agree to it among
themselves); organizers of a member organization name the target employers. Members read
aggregates pooled over every member's reports on a target — through the disclosure guard, never
the raw reports.
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..extensions import db
from ..models import Coalition, Employer, Organization
from ..models.org import coalition_member, coalition_target


class CoalitionError(Exception):
    """A coalition change that cannot be made as asked: `field` names what is wrong (name,
    members, coalition, employer), and the message, translated, says what to do."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _two_members() -> CoalitionError:
    return CoalitionError("members", _l("Choose at least two member organizations."))


def form_coalition(*, name: str, organization_ids: list[int]) -> Coalition:
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise CoalitionError("name", _l("Write the coalition's name (up to 200 characters)."))
    if db.session.scalar(sa.select(Coalition.id).where(Coalition.name == name)):
        raise CoalitionError("name", _l("A coalition with this name exists already."))
    members = _organizations(organization_ids)
    if len(members) < 2:
        raise _two_members()
    coalition = Coalition(name=name, members=members)
    db.session.add(coalition)
    record("coalition_formed", target=name, organization_id=None,
           members=[m.name for m in members])
    db.session.flush()
    return coalition


def set_members(*, coalition_id: int, organization_ids: list[int]) -> Coalition:
    coalition = db.session.get(Coalition, coalition_id)
    if coalition is None:
        raise CoalitionError("coalition", _l("This coalition does not exist."))
    members = _organizations(organization_ids)
    if len(members) < 2:
        raise _two_members()
    before = sorted(m.name for m in coalition.members)
    coalition.members = members
    record("coalition_members_set", target=coalition.name, organization_id=None,
           before=before, after=sorted(m.name for m in members))
    return coalition


def member_coalition(*, coalition_id: int, organization_id: int) -> Coalition | None:
    """The coalition, if the organization is one of its members; None otherwise (a coalition
    one is not in looks like no coalition)."""
    return db.session.scalar(
        sa.select(Coalition).join(coalition_member)
        .where(Coalition.id == coalition_id,
               coalition_member.c.organization_id == organization_id))


def coalitions_of(*, organization_id: int) -> list[Coalition]:
    return list(db.session.scalars(
        sa.select(Coalition).join(coalition_member)
        .where(coalition_member.c.organization_id == organization_id).order_by(Coalition.name)))


def all_coalitions() -> list[Coalition]:
    return list(db.session.scalars(sa.select(Coalition).order_by(Coalition.name)))


def targeting(*, employer_id: int, organization_id: int) -> list[Coalition]:
    """The reader's coalitions that target this employer."""
    return list(db.session.scalars(
        sa.select(Coalition).join(coalition_member).join(coalition_target)
        .where(coalition_member.c.organization_id == organization_id,
               coalition_target.c.employer_id == employer_id).order_by(Coalition.name)))


def is_target(coalition: Coalition, employer_id: int) -> bool:
    return any(employer.id == employer_id for employer in coalition.targets)


def set_target(*, coalition_id: int, organization_id: int, employer_id: int,
               targeted: bool) -> None:
    coalition = member_coalition(coalition_id=coalition_id, organization_id=organization_id)
    employer = db.session.get(Employer, employer_id)
    if coalition is None:
        raise CoalitionError("coalition", _l("This coalition does not exist, or your "
                                             "organization is not a member."))
    if employer is None:
        raise CoalitionError("employer", _l("No employer in the registry has that name: write "
                                            "its exact name."))
    if targeted and not is_target(coalition, employer_id):
        coalition.targets.append(employer)
    elif not targeted and is_target(coalition, employer_id):
        coalition.targets.remove(employer)
    else:
        return
    record("coalition_target_added" if targeted else "coalition_target_removed",
           target=coalition.name, employer=employer.name)


def _organizations(ids: list[int]) -> list[Organization]:
    found = list(db.session.scalars(sa.select(Organization).where(Organization.id.in_(ids))))
    if len(found) != len(set(ids)):
        raise CoalitionError("members", _l("Choose member organizations from the list."))
    return found
