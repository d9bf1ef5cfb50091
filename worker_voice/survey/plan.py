"""Which questions a worker is asked, and in what order: a short core, then the topics the worker
picks (modules), follow-ups only where they apply (`Question.is_asked`). Every channel asks
through this plan; `SURVEY_MODE=full` asks everything, in the bank's order, as before.

Why these questions make the core (../shared/question-bank.md and the sources it cites): one
headline per scored category, picked for how common the problem is among low-wage workers, how
serious it is (unlawful, or a risk to health), and how clearly a worker can answer it from their
own experience, in a yes or no a phone screen shows at once.

- S2 last-minute shift change (scheduling): the most common scheduling problem at large chains
  (57%, Shift) and what fair workweek laws regulate; S1 (notice) needs a 5-way answer.
- W1 pay below the minimum wage (pay): unlawful, 26% of front-line low-wage workers (BLUW), the
  headline of wage theft.
- W3 work off the clock (pay): unlawful, common (BLUW), and known to the worker for certain,
  unlike what the minimum wage is; it keeps pay measured when W1 is answered "not sure".
- H1 hurt or made sick by the job (safety): serious, counted by OSHA's own logs (OSHA300), and
  the screen for H2.
- H2 discouraged from reporting an injury (safety): a follow-up, asked only of the hurt; unlawful
  retaliation and the reason injuries go unrecorded (BLUW).
- V2 yelled at, threatened or sexually harassed (supervision): serious, a yes or no.
- R1 can speak up without fear (speaking up): the condition for every other change.
- B1 paid sick leave (benefits): the benefit low-wage workers most often lack and the one local
  laws mandate.
- T1 training and moving up (training): the only training question.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .bank import QUESTIONS
from .model import Category, Question

CORE_KEYS = ("S2", "W1", "W3", "H1", "H2", "V2", "R1", "B1", "T1")
MAX_CORE = 10


class SurveyMode(StrEnum):
    CORE = "core"  # the core, then the modules the worker picks
    FULL = "full"  # every question, in the bank's order


@dataclass(frozen=True)
class Module:
    """A topic a worker may add after the core: the rest of one category's questions."""

    category: Category
    questions: tuple[Question, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(question.key for question in self.questions)


_BY_KEY = {question.key: question for question in QUESTIONS}
CORE: tuple[Question, ...] = tuple(_BY_KEY[key] for key in CORE_KEYS)
# Modules in the order of the question bank's sections; a section the core empties has none.
MODULES: tuple[Module, ...] = tuple(
    Module(category, module_questions)
    for category in dict.fromkeys(question.category for question in QUESTIONS)
    if (module_questions := tuple(question for question in QUESTIONS
                                  if question.category == category
                                  and question.key not in CORE_KEYS))
)
MODULE_BY_CATEGORY = {module.category: module for module in MODULES}


def survey_mode() -> SurveyMode:
    """This deployment's mode (SURVEY_MODE)."""
    from flask import current_app

    return SurveyMode(current_app.config.get("SURVEY_MODE", SurveyMode.CORE))


def first_questions(mode: SurveyMode) -> tuple[Question, ...]:
    """What every worker is offered first: the core, or (full) every question."""
    return QUESTIONS if mode == SurveyMode.FULL else CORE


def module_of(category: Category | str) -> Module | None:
    try:
        return MODULE_BY_CATEGORY.get(Category(category))
    except ValueError:
        return None


def remaining_modules(answered: Iterable[str]) -> tuple[Module, ...]:
    """The modules with a question not yet answered (what is still worth offering)."""
    done = set(answered)
    return tuple(module for module in MODULES if not set(module.keys) <= done)


def asked(questions: Iterable[Question], answers: Mapping[str, object]) -> list[Question]:
    """The questions that apply given the answers so far (skip logic), in order."""
    return [question for question in questions if question.is_asked(answers)]


def not_asked(answers: Mapping[str, object]) -> set[str]:
    """Keys answered although the other answers say the question does not apply: such an
    answer was not asked for (an old form, a hand-made request) and is not counted."""
    return {key for key in answers if key in _BY_KEY and not _BY_KEY[key].is_asked(answers)}
