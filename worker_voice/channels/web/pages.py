"""How questions are laid out on a page: in sections, each follow-up right after the question that
screens it, so that CSS alone (`:has()`, no JavaScript) hides it once an answer shows it does not
apply. Intake leaves out an answer that does not apply anyway; hiding only spares the worker."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ...survey import AnswerType, Question


@dataclass(frozen=True)
class Item:
    """A question, and the follow-up it screens on this page (hidden while one of `hides` is
    checked)."""

    question: Question
    followup: Question | None = None
    hides: frozenset[str] = frozenset()

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.question.key,) + ((self.followup.key,) if self.followup else ())


@dataclass(frozen=True)
class Section:
    heading: str
    items: tuple[Item, ...]

    @property
    def questions(self) -> list[Question]:
        return [q for item in self.items for q in (item.question, item.followup) if q]


def items(questions: Iterable[Question], *, stored: Mapping[str, object] | None = None,
          pair: bool = True) -> tuple[Item, ...]:
    """The questions in order, each follow-up moved right after its screen when one screen is
    left to answer, it is on this page and is a choice (`stored`: answers given on earlier
    pages). `pair=False`: one question after another, as the full form has always been."""
    questions = list(questions)
    stored = stored or {}
    on_page = {question.key: question for question in questions}
    pairs: dict[str, tuple[Question, frozenset[str]]] = {}
    for question in questions if pair else ():
        left = [s for s in question.screens if _blank(stored.get(s.key))]
        if len(left) != 1:
            continue
        screen = left[0]
        given = [s for s in question.screens if s is not screen]
        if any(s.applies(stored[s.key]) for s in given):
            continue  # an earlier answer already makes it apply
        screener = on_page.get(screen.key)
        if (screener is None or screener.answer_type != AnswerType.SINGLE
                or screener.category != question.category or screen.key in pairs):
            continue
        hides = frozenset(code for code in screener.option_codes() if code not in screen.options)
        pairs[screen.key] = (question, hides)
    moved = {followup.key for followup, _hides in pairs.values()}
    return tuple(
        Item(question, *pairs[question.key]) if question.key in pairs else Item(question)
        for question in questions if question.key not in moved)


def _blank(value: object) -> bool:
    return value is None or value == "" or value == [] or value == ()
