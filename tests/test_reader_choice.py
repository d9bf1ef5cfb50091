"""On the general link, a worker in a city several organizations serve chooses which one reads
the report; one serving organization collects it without asking; none, the default one."""

import re

import pytest
import sqlalchemy as sa

from worker_voice import demo
from worker_voice.extensions import db
from worker_voice.intake import default_organization, organizations_serving
from worker_voice.models import Organization, Report
from worker_voice.organizer.organizations import create_organization, set_default_organization
from worker_voice.uow import transaction

from .factories import add_employer
from .fixtures.forms import open_form

SERVING = {"Eastbay Workers": "Oakland\n奥克兰\nBerkeley", "Bay Union": "oakland \nRichmond",
           "Valley Center": "Fresno", "Default Center": None}


@pytest.fixture
def organizations(app):
    """Two organizations serve Oakland (one writes it "oakland "), one serves Fresno and the
    default serves no city named; yields name → id."""
    with app.app_context(), transaction():
        for name, cities in SERVING.items():
            create_organization(name=name).cities = cities
        set_default_organization(slug="default-center")
    with app.app_context():
        return dict(db.session.execute(sa.select(Organization.name, Organization.id)).all())


def stored(app) -> list[int | None]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Report.organization_id)))


def report_form(client, city: str) -> dict:
    return open_form(client) | {"employer_name": "Brand New Diner", "city": city, "S2": "yes",
                                "what_happened": "The manager keeps our tips."}


def asked(html: str) -> bool:
    return 'href="#reader-choice"' in html and 'id="reader-choice"' in html


def test_organizations_serving_compares_normalized_cities(app_context, organizations):
    names = [o.name for o in organizations_serving(city="  OAKLAND")]
    assert names == ["Bay Union", "Eastbay Workers"]  # by name
    assert [o.name for o in organizations_serving(city="奥克兰")] == ["Eastbay Workers"]
    assert [o.name for o in organizations_serving(city="Fresno")] == ["Valley Center"]
    assert organizations_serving(city="Chicago") == []
    assert organizations_serving(city="  ") == []
    assert default_organization().name == "Default Center"


def test_two_serving_organizations_ask_before_storing(app, client, organizations):
    data = report_form(client, "Oakland")
    response = client.post("/report", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert stored(app) == []
    assert asked(html) and "Who should read your report?" in html
    assert html.count('name="reader_choice"') == 2
    for name in ("Bay Union", "Eastbay Workers"):
        assert f'value="{organizations[name]}"> {name}' in html
    assert "Valley Center" not in html and "Default Center" not in html
    assert " checked" not in re.search(r'id="reader-choice".*?</fieldset>', html, re.S).group(0)
    # Everything typed is still there.
    assert 'value="Brand New Diner"' in html
    assert re.search(r'checked[^>]*name="S2"[^>]*value="yes"|name="S2"[^>]*value="yes" checked',
                     html)
    assert "The manager keeps our tips." in html


def test_the_chosen_organization_reads_the_report(app, client, organizations):
    data = report_form(client, "Oakland") | {"reader_choice": str(organizations["Bay Union"])}
    assert client.post("/report", data=data).status_code == 302
    assert stored(app) == [organizations["Bay Union"]]
    thanks = client.get("/report/thanks").get_data(as_text=True)
    assert "Bay Union reads your report." in thanks
    assert "Eastbay Workers" not in thanks


@pytest.mark.parametrize("forged", ["Valley Center", "Default Center", "nobody", "garbage"])
def test_a_choice_not_serving_the_city_is_asked_again(app, client, organizations, forged):
    choice = str(organizations.get(forged, 99999 if forged == "nobody" else "x1"))
    response = client.post("/report", data=report_form(client, "Oakland")
                           | {"reader_choice": choice})
    assert response.status_code == 200 and asked(response.get_data(as_text=True))
    assert stored(app) == []


def test_one_serving_organization_collects_without_asking(app, client, organizations):
    response = client.post("/report", data=report_form(client, "fresno"))
    assert response.status_code == 302
    assert stored(app) == [organizations["Valley Center"]]
    assert "Valley Center reads your report." in client.get("/report/thanks").get_data(
        as_text=True)


def test_no_serving_organization_leaves_it_to_the_default(app, client, organizations):
    assert client.post("/report", data=report_form(client, "Chicago")).status_code == 302
    assert stored(app) == [organizations["Default Center"]]


def test_a_city_in_another_script_matches_too(app, client, organizations):
    # Only one organization lists 奥克兰: it collects the report.
    assert client.post("/report", data=report_form(client, "奥克兰")).status_code == 302
    assert stored(app) == [organizations["Eastbay Workers"]]


def test_a_city_in_another_script_can_be_served_by_two(app, client, organizations):
    with app.app_context(), transaction():
        bay = db.session.get(Organization, organizations["Bay Union"])
        bay.cities = "Oakland\n奥克兰"
    response = client.post("/report", data=report_form(client, " 奥克兰 "))
    assert response.status_code == 200 and asked(response.get_data(as_text=True))
    data = report_form(client, "奥克兰") | {"reader_choice": str(organizations["Bay Union"])}
    assert client.post("/report", data=data).status_code == 302
    assert stored(app) == [organizations["Bay Union"]]


def test_an_organizations_own_link_never_asks(app, client, organizations):
    data = open_form(client, "/r/valley-center") | {"employer_name": "Brand New Diner",
                                                     "city": "Oakland"}
    assert client.post("/r/valley-center", data=data).status_code == 302
    assert stored(app) == [organizations["Valley Center"]]


def test_a_language_button_keeps_the_reader_choice(app, client, organizations):
    data = report_form(client, "Oakland")
    html = client.post("/report", data=data).get_data(as_text=True)
    assert asked(html)
    bay = organizations["Bay Union"]
    switched = client.post("/report", data=data | {"reader_asked": "1", "reader_choice": str(bay),
                                                   "switch_language": "es"})
    page = switched.get_data(as_text=True)
    assert switched.status_code == 200 and 'lang="es"' in page
    assert f'value="{bay}" checked> Bay Union' in page
    assert 'href="#reader-choice"' not in page  # kept, not asked as a mistake
    # Switched before choosing: the question stays on the page, still unanswered.
    page = client.post("/report", data=data | {"reader_asked": "1", "switch_language": "en"}
                       ).get_data(as_text=True)
    assert 'id="reader-choice"' in page and " checked> " not in page
    assert stored(app) == []
    assert client.post("/report", data=data | {"reader_choice": str(bay)}).status_code == 302
    assert stored(app) == [bay]


def test_the_reader_question_comes_before_the_employer_question(app, client, organizations):
    with app.app_context():
        add_employer("Sunny Side Cafe", cities=("Oakland",))
        add_employer("Sunny Side Diner", cities=("Oakland",))
    data = report_form(client, "Oakland") | {"employer_name": "Sunny Side"}
    html = client.post("/report", data=data).get_data(as_text=True)
    assert asked(html) and 'name="employer_choice"' not in html
    bay = organizations["Bay Union"]
    response = client.post("/report", data=data | {"reader_choice": str(bay)})
    html = response.get_data(as_text=True)
    # The name is not sure: the employer question comes next, the reader choice kept.
    assert response.status_code == 200 and 'name="employer_choice"' in html and not asked(html)
    assert 'href="#employer-choice"' in html
    assert f'value="{bay}" checked> Bay Union' in html
    assert stored(app) == []
    response = client.post("/report", data=data | {"reader_choice": str(bay),
                                                   "employer_choice": "none"})
    assert response.status_code == 302
    assert stored(app) == [bay]


def test_the_demo_has_a_city_two_organizations_serve(runner, app_context):
    assert runner.invoke(args=["demo", "seed", "--reports", "40"]).exit_code == 0
    assert default_organization().name == demo.DEMO_ORGANIZATION
    assert [o.name for o in organizations_serving(city="chicago")] == sorted(
        [demo.DEMO_ORGANIZATION, demo.SECOND_ORGANIZATION])
