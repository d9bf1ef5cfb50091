"""Opening, changing and finding campaigns.

A campaign belongs to a coalition (its figures are pooled over the members' published figures)
or to one organization (its own). Editors of an owner organization open and change it; every
member of the owner reads it. A campaign someone may not read looks like no campaign.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..extensions import db
from ..insights.disclosure import INDICATORS, Scope, Window
from ..models import Campaign, CampaignDemand, Employer, RelationKind
from ..models.org import coalition_member
from ..registry.coalitions import member_coalition

INDICATOR_KEYS = frozenset(q.key for q in INDICATORS)
RELATION_KINDS = frozenset(RelationKind)
MAX_DEMANDS = 20


class CampaignError(Exception):
    """A campaign cannot be opened or changed as asked: `field` names what is wrong (the
    campaign form's field), and the message, translated, says what to do."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class CampaignNotFound(Exception):
    pass


@dataclass(frozen=True)
class Demand:
    question_key: str
    text: str


@dataclass(frozen=True)
class CampaignPlan:
    """What an editor wrote: everything about a campaign except who owns it."""

    name: str
    target_employer_id: int | None
    include: tuple[str, ...] = ()
    goal: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    demands: tuple[Demand, ...] = ()


def open_campaign(*, organization_id: int, coalition_id: int | None,
                  plan: CampaignPlan) -> Campaign:
    """Open a campaign for the organization, or for one of its coalitions (whose target list
    then gains the target, since a coalition pools figures on its targets only)."""
    coalition = None
    if coalition_id is not None:
        coalition = member_coalition(coalition_id=coalition_id, organization_id=organization_id)
        if coalition is None:
            raise CampaignNotFound
    checked = _checked(plan)
    campaign = Campaign(coalition=coalition,
                        organization_id=None if coalition else organization_id)
    _apply(campaign, checked)
    if coalition is not None and campaign.target not in coalition.targets:
        coalition.targets.append(campaign.target)
    db.session.add(campaign)
    record("campaign_opened", target=campaign.name, employer=campaign.target.name,
           coalition=coalition.name if coalition else None)
    db.session.flush()
    return campaign


def change_campaign(*, campaign_id: int, organization_id: int, plan: CampaignPlan) -> Campaign:
    campaign = readable_campaign(campaign_id=campaign_id, organization_id=organization_id)
    _apply(campaign, _checked(plan))
    if campaign.coalition is not None and campaign.target not in campaign.coalition.targets:
        campaign.coalition.targets.append(campaign.target)
    record("campaign_changed", target=campaign.name)
    return campaign


def close_campaign(*, campaign_id: int, organization_id: int) -> None:
    """Delete a campaign (its figures stay in the release; only the plan goes)."""
    campaign = readable_campaign(campaign_id=campaign_id, organization_id=organization_id)
    record("campaign_deleted", target=campaign.name)
    db.session.delete(campaign)


def readable_campaign(*, campaign_id: int, organization_id: int) -> Campaign:
    """The campaign, when the organization owns it or is a member of its coalition."""
    campaign = db.session.scalar(sa.select(Campaign).where(
        Campaign.id == campaign_id, _readable_by(organization_id)))
    if campaign is None:
        raise CampaignNotFound
    return campaign


def campaigns_of(*, organization_id: int) -> list[Campaign]:
    """The organization's own campaigns and its coalitions', newest first."""
    return list(db.session.scalars(sa.select(Campaign).where(_readable_by(organization_id))
                                   .order_by(Campaign.id.desc())))


def campaign_scope(campaign: Campaign, reader: int) -> Scope:
    """Whose reports the campaign's figures count: every coalition member's, or the owner's."""
    if campaign.coalition is not None:
        return Scope(frozenset(m.id for m in campaign.coalition.members), reader)
    assert campaign.organization_id is not None  # one owner (the one_owner CHECK constraint)
    return Scope.own(campaign.organization_id)


def campaign_window(campaign: Campaign) -> Window:
    return Window(campaign.starts_on, campaign.ends_on)


def _readable_by(organization_id: int) -> sa.ColumnElement[bool]:
    members = sa.select(coalition_member.c.coalition_id).where(
        coalition_member.c.organization_id == organization_id)
    return sa.or_(Campaign.organization_id == organization_id,
                  Campaign.coalition_id.in_(members))


@dataclass(frozen=True)
class _Checked:
    """A plan that passed every check, ready to be applied."""

    plan: CampaignPlan
    name: str
    target: Employer
    demands: tuple[Demand, ...]


def _checked(plan: CampaignPlan) -> _Checked:
    """Check the whole plan before anything changes, so a refused plan leaves nothing behind."""
    name = " ".join(plan.name.split())
    if not name or len(name) > 200:
        raise CampaignError("name", _l("Give the campaign a name (up to 200 characters)."))
    target = (db.session.get(Employer, plan.target_employer_id)
              if plan.target_employer_id is not None else None)
    if target is None:
        raise CampaignError("target", _l("Choose the target employer by its exact name in the "
                                         "registry."))
    if set(plan.include) - RELATION_KINDS:
        raise CampaignError("include", _l("Choose related employers from the list."))
    if plan.starts_on and plan.ends_on and plan.ends_on < plan.starts_on:
        raise CampaignError("ends_on", _l("The window must end on or after its start."))
    demands = tuple(d for d in plan.demands if d.text.strip())
    if len(demands) > MAX_DEMANDS:
        raise CampaignError("demands", _l("A campaign has at most %(num)d demands.",
                                          num=MAX_DEMANDS))
    if any(d.question_key not in INDICATOR_KEYS for d in demands):
        raise CampaignError("demands", _l("Each demand needs an indicator that measures it."))
    return _Checked(plan, name, target, demands)


def _apply(campaign: Campaign, checked: _Checked) -> None:
    plan = checked.plan
    campaign.name = checked.name
    campaign.target = checked.target
    campaign.include = plan.include
    campaign.goal = plan.goal.strip()
    campaign.starts_on, campaign.ends_on = plan.starts_on, plan.ends_on
    campaign.demands = [CampaignDemand(position=i, question_key=d.question_key,
                                       text=" ".join(d.text.split()))
                        for i, d in enumerate(checked.demands)]
