"""A campaign dossier (PDF) in one language, generated in the background when a queue is
configured. Kept so the people of the campaign can download it again; a newer request for the
same language replaces it."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import Model, db
from .campaign import Campaign
from .enums import DossierState, enum_column


class Dossier(Model):
    __tablename__ = "dossier"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(sa.String(10))
    # The organization that asked (the reader whose scope the figures were read in).
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"))
    status: Mapped[DossierState] = mapped_column(enum_column(DossierState, name="status",
                                                             length=10),
                                                 default=DossierState.QUEUED)
    progress: Mapped[int] = mapped_column(sa.Integer, default=0)  # percent
    pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    campaign: Mapped[Campaign] = relationship()


def discard_stored_dossiers() -> None:
    """Stored dossiers quote words organizers approved. When a quoted report leaves (the worker
    deletes it, its quote is withdrawn, it is marked spam or redacted further), every stored
    dossier goes with it, so that no file keeps words that are no longer approved; a dossier is
    made again in seconds. The caller commits."""
    db.session.execute(sa.delete(Dossier))
