"""The question bank: one definition serves every channel."""

from flask_babel import lazy_gettext as _l

from .answers import AnswerRefused, AnswerUnreadable, check_together, read_number
from .bank import QUESTIONS
from .model import AnswerType, Bucket, Category, Option, Question, Unit

QUESTIONS_BY_KEY: dict[str, Question] = {question.key: question for question in QUESTIONS}

CATEGORY_LABELS = {
    Category.SCHEDULING: _l("Scheduling"),
    Category.WAGE_THEFT: _l("Pay"),
    Category.SAFETY: _l("Safety"),
    Category.SUPERVISION: _l("Supervision"),
    Category.VOICE: _l("Speaking up"),
    Category.BENEFITS: _l("Benefits"),
    Category.TRAINING: _l("Training"),
    Category.CONTEXT: _l("About your job"),
}


def questions_by_category() -> list[tuple[Category, list[Question]]]:
    grouped: dict[Category, list[Question]] = {}
    for question in QUESTIONS:
        grouped.setdefault(question.category, []).append(question)
    return list(grouped.items())


__all__ = [
    "CATEGORY_LABELS",
    "QUESTIONS",
    "QUESTIONS_BY_KEY",
    "AnswerRefused",
    "AnswerType",
    "AnswerUnreadable",
    "Bucket",
    "Category",
    "Option",
    "Question",
    "Unit",
    "check_together",
    "questions_by_category",
    "read_number",
]
