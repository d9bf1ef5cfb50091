"""Which help a worker is given after a report: the collecting organization's entries (its
national defaults when it has none) that fit what was reported, in the worker's city, speaking
the worker's language first."""

from collections.abc import Iterable

import sqlalchemy as sa

from ..extensions import db
from ..models import HelpEntry, HelpTopic, Organization, Report
from ..registry.normalize import normalize_city
from ..survey import QUESTIONS_BY_KEY, AnswerType, Category
from ..survey.problems import PROBLEMS
from .contact import Contact

# The topics a problem in a section of the survey asks for.
TOPIC_OF_CATEGORY = {
    Category.WAGE_THEFT: HelpTopic.WAGES,
    Category.SAFETY: HelpTopic.SAFETY,
    Category.VOICE: HelpTopic.RETALIATION,
}
SHOWN = 3  # entries a thank-you page shows; the last SMS gives the first


def topics_reported(answers: Iterable[tuple[str, str]]) -> frozenset[HelpTopic]:
    """The help topics of the problems in (question key, option or bucket) answers: an answer
    counts as a problem exactly as the published figures count it (survey.problems)."""
    topics = set()
    for key, option in answers:
        question, problem = QUESTIONS_BY_KEY.get(key), PROBLEMS.get(key)
        topic = TOPIC_OF_CATEGORY.get(question.category) if question else None
        if question is None or problem is None or topic is None:
            continue
        if question.answer_type == AnswerType.MULTI:
            had = option not in question.exclusive_codes
        else:
            had = option in problem.answers
        if had:
            topics.add(topic)
    return frozenset(topics)


def help_for_report(report: Report, *, locale: str, limit: int = SHOWN) -> list[Contact]:
    """The help to give after this report, best first."""
    from .national import NATIONAL

    contacts = _entries(report.organization_id, city=report.city_given) or list(NATIONAL)
    topics = topics_reported((answer.question_key, answer.option) for answer in report.answers)

    def rank(contact: Contact) -> tuple[int, int]:
        speaks = not contact.languages or locale in contact.languages
        return -len(contact.topics & topics), 0 if speaks else 1

    return sorted(contacts, key=rank)[:limit]  # sorted is stable: the entries' order breaks ties


def _entries(organization_id: int | None, *, city: str) -> list[Contact]:
    if organization_id is None:
        return []
    entries = db.session.scalars(sa.select(HelpEntry).where(
        HelpEntry.organization_id == organization_id).order_by(HelpEntry.name, HelpEntry.id))
    here = normalize_city(city)
    return [Contact.of(entry) for entry in entries
            if not entry.city or normalize_city(entry.city) == here]


def reach(organization_id: int | None) -> tuple[str, str] | None:
    """(name, phone and web) of an organization workers can reach; None without a contact."""
    if organization_id is None:
        return None
    organization = db.session.get(Organization, organization_id)
    if organization is None:
        return None
    contact = " ".join(part for part in (organization.contact_phone, organization.contact_web)
                       if part)
    return (organization.name, contact) if contact else None
