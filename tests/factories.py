"""Small helpers that build test data through the real services."""

from worker_voice.extensions import db
from worker_voice.intake import submit_report
from worker_voice.models import Employer, Worksite
from worker_voice.registry.normalize import normalize_employer_name
from worker_voice.uow import transaction


def add_employer(name: str, *, naics: str = "722513", cities=("Chicago",)) -> Employer:
    employer = Employer(name=name, normalized_name=normalize_employer_name(name), naics_code=naics)
    for city in cities:
        employer.worksites.append(Worksite(label=f"{name} {city}", city=city, state="IL"))
    with transaction():
        db.session.add(employer)
        db.session.flush()
    return employer


def report(employer_name: str = "Burger Barn", *, city: str = "Chicago", answers=None, **kw):
    """Submit a report as a channel would, and commit it (the test is the boundary)."""
    with transaction():
        return submit_report(
            channel=kw.pop("channel", "web"),
            locale=kw.pop("locale", "en"),
            employer_name=employer_name,
            city=city,
            answers=answers or {},
            **kw,
        )
