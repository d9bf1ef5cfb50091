"""Employers (the entity that controls conditions) and their worksites."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class Employer(db.Model):
    __tablename__ = "employer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # Output of intake.normalize.normalize_employer_name(name): what exact matching compares.
    normalized_name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    naics_code: Mapped[str | None] = mapped_column(sa.String(6), index=True)

    worksites: Mapped[list["Worksite"]] = relationship(
        back_populates="employer", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Employer {self.name}>"


class Worksite(db.Model):
    __tablename__ = "worksite"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employer.id"), index=True)
    label: Mapped[str] = mapped_column(sa.String(200))
    city: Mapped[str] = mapped_column(sa.String(100))
    state: Mapped[str | None] = mapped_column(sa.String(2))

    employer: Mapped[Employer] = relationship(back_populates="worksites")

    def __repr__(self) -> str:
        return f"<Worksite {self.label}>"
