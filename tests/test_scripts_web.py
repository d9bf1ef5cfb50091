"""A worker in each of the eight languages types the employer and city in their own script."""

import pytest
import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.extensions import db
from worker_voice.models import Employer, Organization, Report
from worker_voice.registry.csv_io import import_registry
from worker_voice.registry.review import unmatched_names
from worker_voice.uow import transaction

from .fixtures.forms import open_form

# (language, employer as typed, city as typed, employer it links to or None for review)
REPORTS = [
    ("en", "McDonald's", "Chicago", "McDonald's"),
    ("es", "Panadería La Espiga", "San José", None),
    ("zh_Hans", "麦当劳 唐人街", "芝加哥", "McDonald's"),
    ("vi", "Tiệm Phở Hòa Đông", "Thành phố Hồ Chí Minh", None),
    ("fil", "Tindahan ni Aling Nena", "Lungsod ng Quezon", None),
    ("ht", "Boulanjri Lakay Nou", "Pòtoprens", None),
    ("ar", "ماكدونالدز", "ديربورن", "McDonald's"),
    ("ko", "맥도날드", "로스앤젤레스", "McDonald's"),
]


@pytest.fixture
def collecting(app):
    """Centro's intake link, and a registry where McDonald's is known in several scripts."""
    with app.app_context(), transaction():
        create_user(email="ana@example.org", password="correct horse battery",
                    organization_name="Centro")
        import_registry(rows=[{"name": "McDonald's", "naics": "722513",
                               "aliases": "McDonalds;麦当劳;ماكدونالدز;맥도날드"}])
    with app.app_context():
        return db.session.scalar(sa.select(Organization).where(Organization.name == "Centro"))


@pytest.mark.parametrize(("language", "employer", "city", "linked_to"), REPORTS)
def test_report_in_each_language_is_stored_linked_or_queued(app, client, collecting, language,
                                                           employer, city, linked_to):
    path = f"/r/{collecting.slug}"
    client.get(f"{path}?lang={language}")
    data = open_form(client, path) | {"employer_name": employer, "city": city, "S2": "yes"}
    response = client.post(path, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        stored = db.session.scalar(sa.select(Report))
        assert stored.locale == language
        assert (stored.employer_name_given, stored.city_given) == (employer, city)
        if linked_to:
            assert stored.employer_id == db.session.scalar(
                sa.select(Employer.id).where(Employer.name == linked_to))
        else:
            assert stored.employer_id is None
            queued = unmatched_names(organization_id=collecting.id)
            assert [(name.example, name.city) for name in queued] == [(employer, city)]
