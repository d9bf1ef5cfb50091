"""Employers (the entity that controls conditions), their worksites, aliases and relations."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .enums import AliasSource, RelationKind, enum_column


class Employer(Model):
    __tablename__ = "employer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # Output of registry.normalize.normalize_employer_name(name): what exact matching compares.
    normalized_name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    naics_code: Mapped[str | None] = mapped_column(sa.String(6), index=True)
    workforce_size: Mapped[int | None] = mapped_column(sa.Integer)
    # Set when the employer was merged into another (registry.review.merge_employers). A
    # merged-away employer keeps the reports already counted in published quarters, so that no
    # published figure moves; matching and the registry's lists offer the one it was merged
    # into instead (registry.linking.final_employer_id follows a chain to its end).
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("employer.id"), index=True
    )

    worksites: Mapped[list["Worksite"]] = relationship(
        back_populates="employer", cascade="all, delete-orphan"
    )
    aliases: Mapped[list["EmployerAlias"]] = relationship(
        back_populates="employer", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Employer {self.name}>"


class Worksite(Model):
    __tablename__ = "worksite"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employer.id"), index=True)
    label: Mapped[str] = mapped_column(sa.String(200))
    street: Mapped[str | None] = mapped_column(sa.String(200))
    city: Mapped[str] = mapped_column(sa.String(100))
    state: Mapped[str | None] = mapped_column(sa.String(2))
    zip_code: Mapped[str | None] = mapped_column(sa.String(10))

    employer: Mapped[Employer] = relationship(back_populates="worksites")

    def __repr__(self) -> str:
        return f"<Worksite {self.label}>"


class EmployerAlias(Model):
    """Another name an employer goes by, and where we learnt it."""

    __tablename__ = "employer_alias"
    __table_args__ = (sa.UniqueConstraint("employer_id", "normalized_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    normalized_name: Mapped[str] = mapped_column(sa.String(200), index=True)
    source: Mapped[AliasSource] = mapped_column(enum_column(AliasSource, name="source",
                                                            length=20))

    employer: Mapped[Employer] = relationship(back_populates="aliases")


class EmployerRelation(Model):
    __tablename__ = "employer_relation"
    __table_args__ = (sa.UniqueConstraint("from_employer_id", "to_employer_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RelationKind] = mapped_column(enum_column(RelationKind, name="kind", length=20))
    from_employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
    to_employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
