"""The SMS conversation as a pure state machine: (state, text, survey, locale) → outcome.

No Flask, no database, no clock: the service loads the state, calls `advance`, stores what comes
back and acts on it. That keeps every branch testable with plain tables of messages.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ...i18n import LANGUAGE_CODES
from ...survey import (
    QUESTIONS,
    AnswerRefused,
    AnswerType,
    AnswerUnreadable,
    Question,
    check_together,
)
from . import parsing
from . import texts as t

MAX_RETRIES = 2
MAX_TEXT = 200
MAX_STORY = 1600


@dataclass(frozen=True)
class EmployerGuess:
    name: str
    certain: bool
    employer_id: int | None = None


@dataclass(frozen=True)
class Survey:
    questions: tuple[Question, ...] = QUESTIONS
    # Given the name and city a worker typed, the registry's best guess (or None).
    guess_employer: Callable[[str, str], EmployerGuess | None] = lambda name, city: None
    operator: str = "Worker Voice"  # who runs this line, named in the HELP reply
    # A member organization's SMS keyword, sent as the first message, collects for it.
    organization_for: Callable[[str], int | None] = lambda word: None


@dataclass(frozen=True)
class State:
    step: str = "language"  # language, employer, city, confirm, question, story
    locale: str | None = None
    employer: str = ""
    city: str = ""
    candidate: str = ""
    candidate_id: int | None = None
    choice: int | None = None  # the employer the worker confirmed
    organization: int | None = None  # who collects this report (an organization's keyword)
    index: int = 0
    retries: int = 0
    answers: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict) -> "State":
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Draft:
    """A finished (or abandoned) conversation, ready for the intake service."""

    locale: str
    employer_name: str
    city: str
    answers: dict
    what_happened: str | None = None
    employer_choice: int | None = None
    organization_id: int | None = None


@dataclass(frozen=True)
class Outcome:
    state: State | None  # None: forget the conversation
    replies: tuple[str, ...] = ()
    submit: Draft | None = None  # the service submits it, then sends the THANKS reply
    delete_code: str | None = None  # the service deletes that report and replies
    locale: str | None = None  # the language to reply in when there is no state
    opt_out: bool = False
    opt_in: bool = False


def advance(state: State | None, text: str, survey: Survey, locale: str | None = None) -> Outcome:
    """React to one inbound message. `locale` is a hint (e.g. the organization's default)."""
    word = parsing.keyword(text)
    if word in parsing.OPT_OUT:
        return Outcome(state, opt_out=True)
    if word in parsing.OPT_IN:
        return Outcome(state, (_current_prompt(state, survey),) if state else (t.LANGUAGE_MENU,),
                       opt_in=True)
    deletion = parsing.delete_request(text)
    spoken = (parsing.HELP.get(word) or parsing.RESTART.get(word)
              or (deletion[0] if deletion else None))
    language = (state.locale if state else None) or spoken or locale or "en"
    if word in parsing.HELP:
        replies = [t.say(language, t.HELP, operator=survey.operator)]
        if state:
            replies.append(_current_prompt(state, survey))
        return Outcome(state, tuple(replies))
    if deletion:
        return Outcome(state, delete_code=deletion[1], locale=language)
    if word in parsing.RESTART:
        organization = state.organization if state else None
        fresh = (State(step="employer", locale=language, organization=organization)
                 if state or spoken else State(organization=organization))
        return Outcome(fresh, (t.say(language, t.RESTARTED), _current_prompt(fresh, survey)))
    if state is None:
        organization = survey.organization_for(word) if word else None
        if organization is not None:
            return Outcome(State(organization=organization), (t.LANGUAGE_MENU,))
        greeted = parsing.GREETINGS.get(parsing.squeezed(text))
        if greeted:
            fresh = State(step="employer", locale=greeted)
            return Outcome(fresh, (_current_prompt(fresh, survey),))
        return Outcome(State(), (t.LANGUAGE_MENU,))
    return STEPS[state.step](state, text, survey)


def _language(state: State, text: str, survey: Survey) -> Outcome:
    choice = parsing.parse_choice(text, len(LANGUAGE_CODES), "en", yes_no=False)
    locale = LANGUAGE_CODES[choice - 1] if choice else parsing.GREETINGS.get(parsing.squeezed(text))
    if locale is None:
        return Outcome(state, (t.LANGUAGE_MENU,))
    new = replace(state, step="employer", locale=locale)
    return Outcome(new, (_current_prompt(new, survey),))


def _employer(state: State, text: str, survey: Survey) -> Outcome:
    name = " ".join(text.split())[:MAX_TEXT]
    if len(name) < 2 or parsing.normalize(name) in parsing.SKIP:
        return Outcome(state, (_current_prompt(state, survey),))
    new = replace(state, step="city", employer=name)
    return Outcome(new, (_current_prompt(new, survey),))


def _city(state: State, text: str, survey: Survey) -> Outcome:
    city = " ".join(text.split())[:MAX_TEXT]
    if len(city) < 2:
        return Outcome(state, (_current_prompt(state, survey),))
    guess = survey.guess_employer(state.employer, city)
    if guess and not guess.certain:
        new = replace(state, step="confirm", city=city, candidate=guess.name,
                      candidate_id=guess.employer_id, retries=0)
        return Outcome(new, (_current_prompt(new, survey),))
    # A certain match is found again by intake from what the worker typed (with the street).
    return _start_questions(replace(state, city=city), survey)


def _confirm(state: State, text: str, survey: Survey) -> Outcome:
    choice = parsing.parse_choice(text, 2, _locale(state), yes_no=True)
    if choice is None and state.retries + 1 < MAX_RETRIES:
        return Outcome(replace(state, retries=state.retries + 1), (_current_prompt(state, survey),))
    picked = state.candidate_id if choice == 1 else None
    return _start_questions(replace(state, choice=picked, candidate="", candidate_id=None),
                            survey)


def _start_questions(state: State, survey: Survey) -> Outcome:
    new = replace(state, step="question", index=0, retries=0)
    intro = t.say(_locale(state), t.INTRO, count=len(survey.questions))
    return Outcome(new, (intro, _current_prompt(new, survey)))


def _question(state: State, text: str, survey: Survey) -> Outcome:
    question = survey.questions[state.index]
    locale = _locale(state)
    answers = dict(state.answers)
    if parsing.normalize(text) not in parsing.SKIP:
        try:
            answers[question.key] = read_answer(question, text, locale)
            _check_together(survey, answers)
        except AnswerRefused as refused:
            if state.retries + 1 < MAX_RETRIES:
                retry: tuple[str, ...] = (_retry_prompt(question, locale),)
                if not isinstance(refused, AnswerUnreadable):  # the retry prompt says enough
                    retry = (t.say(locale, refused.reason), *retry)
                return Outcome(replace(state, retries=state.retries + 1), retry)
            return _next(state, survey, (t.say(locale, t.SKIPPED),))
    return _next(replace(state, answers=answers), survey, ())


def _next(state: State, survey: Survey, before: tuple[str, ...]) -> Outcome:
    index = state.index + 1
    step = "question" if index < len(survey.questions) else "story"
    new = replace(state, step=step, index=index, retries=0)
    return Outcome(new, (*before, _current_prompt(new, survey)))


def _story(state: State, text: str, survey: Survey) -> Outcome:
    story = text.strip()[:MAX_STORY]
    if parsing.normalize(story) in parsing.SKIP:
        story = ""
    return Outcome(None, submit=draft_of(state, story or None))


def draft_of(state: State, story: str | None = None) -> Draft:
    return Draft(state.locale or "en", state.employer, state.city, dict(state.answers), story,
                 state.choice, state.organization)


def read_answer(question: Question, text: str, locale: str) -> str | list[str]:
    """The answer in the shape intake takes, JSON-safe to wait in the conversation state.

    Reading digits as choices ("1 3") is this channel's; whether the answer is acceptable is the
    question's (`Question.accept`), which raises AnswerRefused with the reason.
    """
    codes = question.option_codes()
    if question.answer_type == AnswerType.SINGLE:
        yes_no = codes[:2] == ("yes", "no")
        choice = parsing.parse_choice(text, len(codes), locale, yes_no)
        code = question.accept(codes[choice - 1] if choice else None)
        assert isinstance(code, str)  # a single choice's answer is its option code
        return code
    if question.answer_type == AnswerType.MULTI:
        chosen = parsing.parse_choices(text, len(codes)) or []
        picked = question.accept([codes[number - 1] for number in chosen])
        assert isinstance(picked, tuple)  # a multi-choice answer is its option codes
        return list(picked)
    return str(question.accept(text))  # intake reads it back as a Decimal


def _check_together(survey: Survey, answers: dict) -> None:
    """Refuse the answer just given if it breaks a rule with an earlier one (fewest hours more
    than most hours): the earlier answers were each accepted and checked when given."""
    broken = check_together({question.key: question.accept(answers[question.key])
                             for question in survey.questions if question.key in answers})
    if broken:
        raise AnswerRefused(next(iter(broken.values())))


def _locale(state: State) -> str:
    """The language the worker chose; English before they choose (as in the prompts)."""
    return state.locale or "en"


def _retry_prompt(question: Question, locale: str) -> str:
    if question.is_numeric:
        return t.say(locale, t.RETRY_NUMBER)
    return t.say(locale, t.RETRY_CHOICE, count=len(question.options))


def _current_prompt(state: State, survey: Survey) -> str:
    locale = _locale(state)
    if state.step == "language":
        return t.LANGUAGE_MENU
    if state.step == "employer":
        return t.say(locale, t.ASK_EMPLOYER)
    if state.step == "city":
        return t.say(locale, t.ASK_CITY)
    if state.step == "confirm":
        return t.say(locale, t.CONFIRM_EMPLOYER, name=state.candidate)
    if state.step == "question":
        return t.question_prompt(locale, survey.questions[state.index])
    return t.say(locale, t.ASK_STORY)


STEPS = {
    "language": _language,
    "employer": _employer,
    "city": _city,
    "confirm": _confirm,
    "question": _question,
    "story": _story,
}

__all__ = ["Draft", "EmployerGuess", "Outcome", "State", "Survey", "advance"]
