"""Demo data: an organization, an organizer and about 2,000 reports with realistic skew.

Employer names are invented: the demo must never appear to accuse a real company. Reports go
through the intake service like any channel's, so the demo exercises the real path.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from .api.tokens import create_token
from .auth.passwords import create_user
from .campaigns.service import CampaignPlan, Demand, open_campaign
from .extensions import db
from .help_entries import add_help_entry, set_contact
from .intake import find_by_receipt, submit_report
from .intake.mailbox import answer_by_receipt, send_to_worker
from .models import (
    AliasSource,
    Channel,
    Employer,
    EmployerAlias,
    Organization,
    RelationKind,
    Report,
    User,
    Worksite,
)
from .organizer.organizations import set_default_organization, set_sms_keyword
from .registry.coalitions import form_coalition, set_target
from .registry.csv_io import import_registry
from .registry.normalize import normalize_employer_name
from .survey import QUESTIONS, AnswerType, Question
from .survey.answers import TOGETHER
from .survey.plan import CORE_KEYS, MODULES
from .survey.problems import PROBLEMS

DEMO_ORGANIZATION = "Demo Worker Center"
SECOND_ORGANIZATION = "Demo Union Local"
DEMO_COALITION = "Chicago Fair Work Coalition"
DEMO_CAMPAIGN = "Fair Schedules at McDonald's Chicago"
SECOND_EMAIL = "organizer@union.example"
DEMO_EMAIL = "organizer@demo.example"
DEMO_PASSWORD = "worker-voice-demo"  # printed for the demo; never used outside development
DEMO_API_TOKEN = "wv_demo_read_only_not_for_production"  # in the README, like the password
BURST_SIZE = 12  # look-alike reports held for review, part of the reports asked for

CITIES = (("Chicago", "IL"), ("Los Angeles", "CA"), ("New York", "NY"), ("Houston", "TX"))
INDUSTRIES = {
    "722513": ("Burger Barn", "Taco Rapido", "Cluck Shack", "Noodle Dash", "Pizza Pronto",
               "Waffle Stop", "Bagel Bros", "Sub Station", "Curry Corner", "Donut Depot"),
    "445110": ("FreshWay Grocery", "ValuMart", "Corner Fresh Market", "GreenLeaf Foods",
               "SuperSaver", "La Canasta Supermercado", "Harvest Hall", "QuickPick",
               "Daily Basket", "Budget Bin"),
    "493110": ("Parcel Peak Logistics", "Rapid Reach Fulfillment", "BoxLine Warehousing",
               "CargoNest", "Prime Pallet Co", "Shipwell Distribution", "Stackyard",
               "NorthDock Storage", "Crate & Carry", "Loading Zone Inc"),
}
# How workers write the invented brands in their own script (Chinese, Arabic, Korean; the other
# shipped languages write them in Latin letters, which normalizing already forgives).
SCRIPT_ALIASES = {
    "Burger Barn": ("汉堡仓", "برجر بارن", "버거반"),
    "Taco Rapido": ("快速塔可", "تاكو رابيدو", "타코 라피도"),
    "Cluck Shack": ("咯咯鸡", "كلاك شاك", "클럭 섁"),
    "FreshWay Grocery": ("鲜路超市", "فريش واي", "프레시웨이 마트"),
    "Parcel Peak Logistics": ("包裹峰物流", "بارسل بيك", "파슬 피크 물류"),
}
STORY_EN = (
    "They change the schedule the night before.", "My last check was short 6 hours.",
    "We have no water break when it is hot.", "The manager yells at us in front of customers.",
    "They made us stay after clock out to clean.", "Good place, the manager is fair.",
)
STORY_ES = (
    "Cambian el horario la noche anterior.", "Mi último cheque estaba corto 6 horas.",
    "No tenemos descanso para tomar agua cuando hace calor.",
    "El gerente nos grita enfrente de los clientes.",
    "Nos hacen quedarnos a limpiar después de marcar la salida.",
    "Buen lugar, el gerente es justo.",
)
CHANGE_EN = ("Post the schedule two weeks ahead.", "Pay all the hours we work.", "Respect us.")
CHANGE_ES = ("Publicar el horario con dos semanas.", "Pagar todas las horas.", "Respeto.")
# A brand with franchisees and a staffing agency, imported like any registry file. Each entry
# of WORKER_WORDS is how workers name that employer; the reports go through matching.
FAMILY = [
    {"name": "McDonald's", "naics": "722513",
     "aliases": "McDonalds;Mickey D's;Mắc Đô Nan;麦当劳;麥當勞;ماكدونالدز;맥도날드"},
    {"name": "Golden Arches of Chicago LLC", "naics": "722513", "relation": "franchisee",
     "related_to": "McDonald's", "worksite": "McDonald's - 5th St", "street": "1420 5th St",
     "city": "Chicago", "state": "IL", "zip": "60605"},
    {"name": "Golden Arches of Chicago LLC", "naics": "722513", "relation": "franchisee",
     "related_to": "McDonald's", "worksite": "McDonald's - Madison",
     "street": "300 W Madison St", "city": "Chicago", "state": "IL", "zip": "60606"},
    {"name": "Lakeshore Restaurant Group LLC", "naics": "722513", "relation": "franchisee",
     "related_to": "McDonald's", "worksite": "McDonald's - Clark", "street": "2900 N Clark St",
     "city": "Chicago", "state": "IL", "zip": "60657"},
    {"name": "Reliable Staffing Co", "naics": "561320",
     "aliases": "Reliable Staffing;可靠人力;ريلايبل ستافينج;릴라이어블 스태핑",
     "relation": "staffing_agency", "related_to": "Parcel Peak Logistics",
     "worksite": "Reliable Staffing - Pilsen", "street": "1800 S Blue Island Ave",
     "city": "Chicago", "state": "IL", "zip": "60608"},
]
WORKER_WORDS = [
    (["mcdonalds 5th st", "McDonald's on 5th", "mcdonalds madison st"], ["Chicago"]),
    (["mcdonalds clark st", "McDonald's on Clark"], ["Chicago"]),
    (["reliable staffing", "la agencia reliable staffing"], ["Chicago"]),
]

# The cities each demo organization serves, as organizers would write them: both serve Chicago,
# so a worker in Chicago on the general link /report chooses which one reads the report.
SERVED_CITIES = {
    DEMO_ORGANIZATION: ("Chicago", "芝加哥", "Los Angeles", "Houston"),
    SECOND_ORGANIZATION: ("Chicago", "New York"),
}

# Fictional numbers (555-01xx) and example.org addresses.
DEMO_CONTACTS = {
    DEMO_ORGANIZATION: ("(312) 555-0100", "workercenter.example.org"),
    SECOND_ORGANIZATION: ("(312) 555-0150", None),
}
DEMO_HELP = (
    {"name": "Chicago Office of Labor Standards (demo)", "phone": "(312) 555-0123",
     "web": "labor.example.org", "languages": ("en", "es", "zh_Hans", "ar"),
     "topics": ("wages", "retaliation"), "city": "Chicago"},
    {"name": "Workers' Health Clinic (demo)", "phone": "(312) 555-0134", "web": None,
     "languages": ("en", "es", "vi", "ko"), "topics": ("safety", "immigration_safe")},
    {"name": "Centro Legal (demo)", "phone": None, "web": "centrolegal.example.org",
     "languages": ("es", "en", "ht", "fil"),
     "topics": ("wages", "retaliation", "immigration_safe")},
)

UNREGISTERED = ["Joe's Pizza on Main", "la taqueria de la esquina", "Sparkle Car Wash",
                "Happy Nails Spa", "el restaurante chino de la 26"]



@dataclass(frozen=True)
class SeedResult:
    created: bool
    reports: int
    employers: int

    def message(self) -> str:
        head = (
            f"Demo data created: {self.employers} employers, {self.reports} reports."
            if self.created
            else "Demo data already present; nothing changed."
        )
        return (f"{head}\nOrganizer login: {DEMO_EMAIL} / {DEMO_PASSWORD}"
                f"\nSecond organization's login: {SECOND_EMAIL} / {DEMO_PASSWORD}"
                "\nIntake links: /r/demo-worker-center (also /report) and /r/demo-union-local; "
                "SMS keywords CENTRO and UNION"
                "\nBoth serve Chicago: a report for Chicago on /report asks which one reads it"
                f"\nBoth are in the coalition {DEMO_COALITION}: see Coalitions."
                f"\nIts campaign {DEMO_CAMPAIGN!r}: see Campaigns (dossier, spreadsheets)."
                f"\nAPI token of {DEMO_ORGANIZATION}: {DEMO_API_TOKEN}")


def seed(*, report_count: int = 2000, rng_seed: int = 2026) -> SeedResult:
    if db.session.scalar(sa.select(Organization.id).where(Organization.name == DEMO_ORGANIZATION)):
        return SeedResult(False, 0, 0)
    rng = random.Random(rng_seed)
    employers = _create_employers(rng)
    if not db.session.scalar(sa.select(User.id).where(User.email == DEMO_EMAIL)):
        create_user(email=DEMO_EMAIL, password=DEMO_PASSWORD,
                    organization_name=DEMO_ORGANIZATION)  # commits the employers too
        create_user(email=SECOND_EMAIL, password=DEMO_PASSWORD,
                    organization_name=SECOND_ORGANIZATION)
        set_sms_keyword(organization_name=DEMO_ORGANIZATION, keyword="CENTRO")
        set_sms_keyword(organization_name=SECOND_ORGANIZATION, keyword="UNION")
        set_default_organization(slug="demo-worker-center")  # /report collects for it
        for name, lines in SERVED_CITIES.items():
            served = db.session.scalar(sa.select(Organization).where(Organization.name == name))
            if served is not None:
                set_contact(organization_id=served.id, phone=DEMO_CONTACTS[name][0],
                            web=DEMO_CONTACTS[name][1], cities="\n".join(lines))
        center = db.session.execute(sa.select(Organization.id).where(
            Organization.name == DEMO_ORGANIZATION)).scalar_one()
        for entry in DEMO_HELP:  # the union keeps none: it shows the national defaults
            add_help_entry(organization_id=center, **entry)
    collectors = list(db.session.scalars(
        sa.select(Organization.id).where(Organization.name.in_(
            [DEMO_ORGANIZATION, SECOND_ORGANIZATION])).order_by(Organization.name.desc())))
    family = import_registry(rows=FAMILY).employers
    # Zipf-like: a few employers get most reports, a few too few to show.
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(employers))]
    weights[-3:] = [0.001] * 3  # and a few with too few reports to show anything
    # Plain values: each report commits, and committed ORM objects would reload on every access.
    profiles = [
        ([employer.name], [site.city for site in employer.worksites], rng.betavariate(2, 3))
        for employer in employers
    ]
    profiles += [(words, cities, rng.betavariate(2, 3)) for words, cities in WORKER_WORDS]
    weights += [0.12] * len(WORKER_WORDS)
    today = date.today()
    burst = min(BURST_SIZE, report_count // 10)
    asked = None  # a story the demo center asks its author about (the mailbox)
    for _ in range(report_count - burst):
        words, cities, bad = rng.choices(profiles, weights)[0]
        collector = collectors[0] if rng.random() < 0.7 else collectors[1]
        receipt = _submit_demo_report(rng, rng.choice(words), cities, bad, today, collector)
        if asked is None and receipt is not None and collector == collectors[0]:
            asked = receipt
    _submit_burst(rng, burst, employers[len(employers) // 2], today, collectors[0])
    coalition_id = _form_coalition(collectors, [employer.id for employer in employers[:3]])
    _open_campaign(coalition_id, collectors[0], today)
    create_token(organization_id=collectors[0], name="Demo API token", created_by=None,
                 token=DEMO_API_TOKEN)
    _request_demo_contacts(collectors[0])
    if asked is not None:
        _start_demo_mailbox(asked, collectors[0], today)
    return SeedResult(True, report_count, len(employers) + family)


def _form_coalition(organization_ids: list[int], busiest: list[int]) -> int:
    """Both demo organizations target the McDonald's family, the warehouse and its staffing
    agency, and the three most reported employers."""
    coalition = form_coalition(name=DEMO_COALITION, organization_ids=organization_ids)
    family = db.session.scalars(sa.select(Employer.id).where(Employer.name.in_(
        [row["name"] for row in FAMILY] + ["Parcel Peak Logistics"]))).all()
    for employer_id in [*family, *busiest]:
        set_target(coalition_id=coalition.id, organization_id=organization_ids[0],
                   employer_id=employer_id, targeted=True)
    return coalition.id


def _open_campaign(coalition_id: int, organization_id: int, today: date) -> None:
    """The coalition's campaign on the McDonald's brand and its Chicago franchisees, with a few
    stories approved as quotes (by the demo, standing in for each organization's review)."""
    brand = db.session.scalar(sa.select(Employer.id).where(Employer.name == FAMILY[0]["name"]))
    franchisees = sa.select(Employer.id).where(Employer.name.in_(
        [row["name"] for row in FAMILY if row.get("relation") == "franchisee"]))
    db.session.execute(sa.update(Report).where(
        Report.employer_id.in_(franchisees), Report.what_happened.is_not(None),
        Report.id % 3 == 0).values(quote_approved=True))
    open_campaign(organization_id=organization_id, coalition_id=coalition_id, plan=CampaignPlan(
        name=DEMO_CAMPAIGN, target_employer_id=brand, include=(RelationKind.FRANCHISEE,),
        goal=("McDonald's and its Chicago franchisees post schedules two weeks ahead, pay every "
              "hour worked and keep workers safe in the heat."),
        starts_on=date(today.year - 2, 1, 1),
        demands=(Demand("S1", "Post every schedule at least 14 days ahead."),
                 Demand("S2", "Pay predictability pay for every change made with less than "
                              "24 hours' notice."),
                 Demand("W3", "Pay for every minute worked, including closing and cleaning."),
                 Demand("H6", "Water and a bathroom whenever workers need them."))))


def _create_employers(rng: random.Random) -> list[Employer]:
    employers = []
    for naics, names in INDUSTRIES.items():
        for name in names:
            employer = Employer(name=name, normalized_name=normalize_employer_name(name),
                                naics_code=naics)
            for alias in SCRIPT_ALIASES.get(name, ()):
                employer.aliases.append(EmployerAlias(
                    name=alias, normalized_name=normalize_employer_name(alias),
                    source=AliasSource.IMPORT))
            for city, state in rng.sample(CITIES, rng.randint(1, 3)):
                employer.worksites.append(Worksite(label=f"{name}, {city}", city=city, state=state))
            employers.append(employer)
    rng.shuffle(employers)
    db.session.add_all(employers)
    db.session.flush()
    return employers


def _submit_demo_report(
    rng: random.Random, name: str, cities: list[str], bad: float, today: date,
    organization_id: int,
) -> str | None:
    """Submit one report; its receipt code when it has a story in English (else None)."""
    spanish = rng.random() < 0.4
    if rng.random() < 0.03:  # employers nobody has registered yet: the review queue's work
        name = rng.choice(UNREGISTERED)
    story = rng.random() < 0.3
    receipt = submit_report(
        channel=Channel.DEMO,
        organization_id=organization_id,
        locale="es" if spanish else "en",
        employer_name=name,
        city=rng.choice(cities),
        answers=_answers(rng, bad),
        what_happened=rng.choice(STORY_ES if spanish else STORY_EN) if story else None,
        one_change=rng.choice(CHANGE_ES if spanish else CHANGE_EN) if story else None,
        # Skewed towards recent months, as a growing campaign would be.
        received_on=today - timedelta(days=int(rng.triangular(0, 540, 0))),
    )
    return receipt.code if story and not spanish else None


def _start_demo_mailbox(receipt_code: str, organization_id: int, today: date) -> None:
    """One mailbox conversation: the center asks the author of a story, who answers."""
    report = find_by_receipt(receipt_code)
    assert report is not None
    send_to_worker(report_id=report.id, organization_id=organization_id, today=today,
                   text="Thank you for writing. Did this happen to coworkers too, on the same "
                        "shift? We are meeting on Thursday to talk about it.")
    answer_by_receipt(receipt_code=receipt_code, today=today,
                      text="Yes, to three of us on the night shift. I can come on Thursday.")


def _submit_burst(rng: random.Random, size: int, employer: Employer, today: date,
                  organization_id: int) -> None:
    """Look-alike reports for one employer on one day, as one browser or phone would stuff
    them: held for review (intake.bursts), so a new organizer sees that step on the home page."""
    answers = _answers(rng, 0.9)
    for _ in range(size):
        submit_report(channel=Channel.DEMO, organization_id=organization_id, locale="en",
                      employer_name=employer.name, city=employer.worksites[0].city,
                      answers=answers, received_on=today - timedelta(days=1), held=True)


def _answers(rng: random.Random, bad: float) -> dict:
    """One worker's answers: the core, and the topics some workers add after it (most stop
    after the core; a few answer everything). Follow-ups only where they apply."""
    topics = rng.choices([0, 1, 2, len(MODULES)], [0.5, 0.25, 0.12, 0.13])[0]
    offered = {*CORE_KEYS, *(key for module in rng.sample(MODULES, topics)
                             for key in module.keys)}
    answers: dict = {}
    for question in QUESTIONS:
        if question.key not in offered or not question.is_asked(answers):
            continue
        if rng.random() < 0.08:  # skipped
            continue
        if question.answer_type == AnswerType.SINGLE:
            answers[question.key] = _pick(rng, question, bad)
        elif question.answer_type == AnswerType.MULTI:
            alone = question.exclusive_codes  # "none of these"
            hazards = [o.code for o in question.options
                       if o.code not in alone and rng.random() < bad]
            answers[question.key] = hazards or sorted(alone)
        elif question.key == "C1":
            answers[question.key] = round(rng.uniform(9, 22) - 4 * bad, 2)
        else:  # hours; worse employers push some workers past 50
            answers[question.key] = rng.randint(12, 44) + (
                rng.randint(6, 20) if rng.random() < 0.4 * bad else 0)
    for rule in TOGETHER:  # drawn independently, so put ordered pairs in order
        if not rule.holds(answers):
            answers[rule.low], answers[rule.high] = answers[rule.high], answers[rule.low]
    return answers


def _pick(rng: random.Random, question: Question, bad: float) -> str:
    codes = list(question.option_codes())
    problem = PROBLEMS.get(question.key)
    problems = problem.answers if problem else set()
    bad_codes = [c for c in codes if c in problems]
    good_codes = [c for c in codes if c not in problems]
    pool = bad_codes if bad_codes and rng.random() < bad else good_codes or codes
    return rng.choice(pool)


def worst_employer(*, organization_name: str = DEMO_ORGANIZATION) -> int | None:
    """The organization's published employer with the lowest job-quality score: the one the
    README sends a new user to, and the browser tests and screenshots open."""
    from .insights.disclosure import Scope
    from .insights.release import published_employers
    from .insights.summaries import employer_summary

    organization = db.session.scalar(sa.select(Organization.id).where(
        Organization.name == organization_name))
    if organization is None:
        return None
    scope = Scope.own(organization)
    listed, _total = published_employers(scope=scope, limit=10_000)
    scored = [(summary.rating.score, row.employer_id) for row in listed
              for summary in [employer_summary(employer_id=row.employer_id, scope=scope)]
              if summary and summary.rating and summary.rating.score is not None]
    return min(scored)[1] if scored else None


# Fictional people: 555 numbers and example.org addresses reach no one.
DEMO_CONTACT_REQUESTS = (
    {"name": "Rosa M.", "phone": "+1 312 555 0142", "email": None, "language": "es",
     "best_time": "después de las 6 pm", "texting_ok": True, "employer": "Burger Barn"},
    {"name": None, "phone": None, "email": "night.shift@example.org", "language": "en",
     "best_time": "weekends", "texting_ok": False, "employer": "Parcel Peak Logistics"},
    {"name": "Minh", "phone": "(312) 555-0187", "email": "minh@example.org", "language": "vi",
     "best_time": None, "texting_ok": False, "employer": "FreshWay Grocery"},
    {"name": "Jean-Baptiste", "phone": "312-555-0163", "email": None, "language": "ht",
     "best_time": "mornings", "texting_ok": True, "employer": "Burger Barn"},
)


def _request_demo_contacts(organization_id: int) -> None:
    """A few workers who asked the demo center to contact them (Organizer → Contacts)."""
    from .contacts import request_contact

    for request in DEMO_CONTACT_REQUESTS:
        request_contact(organization_id=organization_id, **request)  # type: ignore[arg-type]
