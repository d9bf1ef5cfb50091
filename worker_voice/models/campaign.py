"""Campaigns: a coalition (or one organization) pressing one target employer, with demands.

A campaign holds what its organizers wrote (name, goal, demands) and what its figures cover
(the target, the relation kinds rolled up with it, the time window). Its figures are never
stored: they are read through the disclosure guard each time, so they follow the release.
"""

from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import Model
from .employer import Employer
from .enums import RelationKind, enum_column
from .org import Coalition, Organization


class Campaign(Model):
    __tablename__ = "campaign"
    __table_args__ = (sa.CheckConstraint("(coalition_id IS NULL) <> (organization_id IS NULL)",
                                         name="one_owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # Exactly one owner: a coalition (figures pooled over its members) or one organization.
    coalition_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("coalition.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    target_employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    goal: Mapped[str] = mapped_column(sa.Text, default="")
    starts_on: Mapped[date | None] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    coalition: Mapped[Coalition | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    target: Mapped[Employer] = relationship()
    demands: Mapped[list["CampaignDemand"]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan",
        order_by="CampaignDemand.position")
    # Relation kinds rolled up with the target (its franchisees, staffing agencies, suppliers…).
    relations: Mapped[list["CampaignRelation"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CampaignRelation.kind")

    @property
    def include(self) -> list[RelationKind]:
        return sorted(relation.kind for relation in self.relations)

    @include.setter
    def include(self, kinds: Iterable[RelationKind | str]) -> None:
        wanted = {RelationKind(kind) for kind in kinds}
        kept = [relation for relation in self.relations if relation.kind in wanted]
        kept_kinds = {relation.kind for relation in kept}
        self.relations = kept + [CampaignRelation(kind=kind)
                                 for kind in sorted(wanted - kept_kinds)]

    @property
    def owner_name(self) -> str:
        if self.coalition:
            return self.coalition.name
        assert self.organization is not None  # one owner (the one_owner CHECK constraint)
        return self.organization.name

    def __repr__(self) -> str:
        return f"<Campaign {self.id}>"


class CampaignDemand(Model):
    """One demand, tied to the survey indicator that measures it (S1: two weeks' notice…)."""

    __tablename__ = "campaign_demand"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    question_key: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text)

    campaign: Mapped[Campaign] = relationship(back_populates="demands")


class CampaignRelation(Model):
    """One relation kind whose employers a campaign rolls up with its target."""

    __tablename__ = "campaign_relation"

    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[RelationKind] = mapped_column(enum_column(RelationKind, name="kind", length=20),
                                               primary_key=True)
