"""The SMS conversation as a pure state machine: (state, text, survey, locale) → outcome.

No Flask, no database, no clock: the service loads the state, calls `advance`, stores what comes
back and acts on it. That keeps every branch testable with plain tables of messages.

First contact. A greeting word (HOLA, 你好…) chooses its language and asks for the employer;
anything else gets the language menu. An organization's SMS keyword greets with the
organization's name and goes straight to the employer question. A keyword cannot itself be a
greeting word (organizations refuses reserved words), so its language comes from a greeting
texted with it, before or after ("HOLA CENTRO", "centro hola", "Xin chào CENTRO"); a bare keyword
is greeted in English with the language menu as one more line, and while no language is chosen
the employer question also takes a menu number (1–8) or a greeting as the language, not as a
company name. A keyword with any other words is not a keyword (it gets the language menu).
A keyword conversation stored at the language menu (before this welcome existed) takes a text
that is not a menu number as the company name, in English.

Questions carry their position ("3/34"); a survey with every question skipped and no story is
not stored, and the worker is told so. STOP and START are confirmed in the worker's language
(STOP's own language when the conversation had none).
"""

import re
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
class Collector:
    """A member organization that collects reports texted with its keyword."""

    id: int
    name: str


@dataclass(frozen=True)
class Survey:
    questions: tuple[Question, ...] = QUESTIONS
    # Given the name and city a worker typed, the registry's best guess (or None).
    guess_employer: Callable[[str, str], EmployerGuess | None] = lambda name, city: None
    operator: str = "Worker Voice"  # who runs this line, named in the HELP reply
    # A member organization's SMS keyword, sent as the first message, collects for it.
    organization_for: Callable[[str], Collector | None] = lambda word: None
    # (name, phone and web) of the organization that reads reports from this conversation (an
    # organization's id, or None for the line's default), named in answer to HELP.
    contact_for: Callable[[int | None], tuple[str, str] | None] = lambda organization: None


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
        said = (state.locale if state else None) or parsing.STOP.get(word) or locale or "en"
        return Outcome(state, (t.say(said, t.STOPPED),), opt_out=True)
    if word in parsing.OPT_IN:
        said = (state.locale if state else None) or locale or "en"
        return Outcome(state, (t.say(said, t.STARTED),
                               _current_prompt(state, survey) if state else t.LANGUAGE_MENU),
                       opt_in=True)
    deletion = parsing.delete_request(text)
    spoken = (parsing.HELP.get(word) or parsing.RESTART.get(word)
              or (deletion[0] if deletion else None))
    language = (state.locale if state else None) or spoken or locale or "en"
    if word in parsing.HELP:
        replies = [t.say(language, t.HELP, operator=survey.operator)]
        contact = survey.contact_for(state.organization if state else None)
        if contact is not None:
            replies.append(t.say(language, t.CONTACT, organization=contact[0],
                                 contact=contact[1]))
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
        keyed = _organization_keyword(text, survey)
        if keyed is not None:
            return _welcome(*keyed, survey)
        greeted = parsing.GREETINGS.get(parsing.squeezed(text))
        if greeted:
            fresh = State(step="employer", locale=greeted)
            return Outcome(fresh, (_current_prompt(fresh, survey),))
        return Outcome(State(), (t.LANGUAGE_MENU,))
    return STEPS[state.step](state, text, survey)


def _organization_keyword(text: str, survey: Survey) -> tuple[Collector, str | None] | None:
    """(organization, language or None) when the message is a keyword, alone or with a
    greeting on either side; None otherwise."""
    words = [re.sub(r"[^\w]", "", word) for word in parsing.normalize(text).split()]
    words = [word for word in words if word]
    if not 1 <= len(words) <= 3:
        return None
    for position, word in enumerate(words):
        if not word.isalpha() or word in parsing.GREETINGS:
            continue
        collector = survey.organization_for(word)
        if collector is None:
            continue
        rest = "".join(words[:position] + words[position + 1:])
        if not rest:
            return collector, None
        greeted = parsing.GREETINGS.get(rest)
        return (collector, greeted) if greeted else None
    return None


def _welcome(collector: Collector, locale: str | None, survey: Survey) -> Outcome:
    new = State(step="employer", locale=locale, organization=collector.id)
    welcome = t.say(locale or "en", t.WELCOME, organization=collector.name)
    if locale:
        return Outcome(new, (welcome, _current_prompt(new, survey)))
    menu = f"{t.say('en', t.OTHER_LANGUAGE)} {t.LANGUAGE_MENU}"
    return Outcome(new, (welcome, menu, _current_prompt(new, survey)))


def _chosen_language(text: str) -> str | None:
    """The language a menu number or a greeting chooses."""
    choice = parsing.parse_choice(text, len(LANGUAGE_CODES), "en", yes_no=False)
    return LANGUAGE_CODES[choice - 1] if choice else parsing.GREETINGS.get(parsing.squeezed(text))


def _language(state: State, text: str, survey: Survey) -> Outcome:
    locale = _chosen_language(text)
    if locale is None:
        if state.organization is not None:  # a keyword's conversation from before the welcome
            return _employer(replace(state, step="employer"), text, survey)
        return Outcome(state, (t.LANGUAGE_MENU,))
    new = replace(state, step="employer", locale=locale)
    return Outcome(new, (_current_prompt(new, survey),))


def _employer(state: State, text: str, survey: Survey) -> Outcome:
    chosen = _chosen_language(text) if state.locale is None else None
    if chosen:  # a bare keyword's welcome offered the language menu
        new = replace(state, locale=chosen)
        return Outcome(new, (_current_prompt(new, survey),))
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
    if not story and not state.answers:  # nothing to count, nothing to read
        return Outcome(None, (t.say(_locale(state), t.NOTHING_SAVED),))
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
        return t.question_prompt(locale, survey.questions[state.index],
                                 position=state.index + 1, count=len(survey.questions))
    return t.say(locale, t.ASK_STORY)


STEPS = {
    "language": _language,
    "employer": _employer,
    "city": _city,
    "confirm": _confirm,
    "question": _question,
    "story": _story,
}

__all__ = ["Collector", "Draft", "EmployerGuess", "Outcome", "State", "Survey", "advance"]
