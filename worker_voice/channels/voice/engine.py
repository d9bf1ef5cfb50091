"""A phone call as a pure state machine: (state, what the caller did, survey) → turn.

No Flask, no database, no clock, like the SMS engine, whose pieces it reuses: the survey's core
questions and their skip logic (`Question.is_asked`), reading an answer (`read_answer`), the
registry's guess at the employer, and the draft the intake service takes.

The call: the language menu (a key), the employer and the city (speech, transcribed by Twilio,
never recorded), the best registry candidate confirmed with a key when matching is not sure
(as the SMS survey does), then the core questions, one key each: 1–n answers, 0 skips, * says
the question again, # goes back one question. Silence at a prompt asks it once more, then skips
it (the employer, which a report needs, ends the call instead). The story question and the
topics of the SMS survey are left out of calls. The receipt is spoken by the service, which
stores the report.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from ...i18n import LANGUAGE_CODES
from ...survey import AnswerRefused, Question
from ..sms.engine import MAX_TEXT, Draft, EmployerGuess, read_answer
from . import texts as t
from .texts import Line

Kind = Literal["start", "digits", "speech", "timeout"]
MAX_MISSES = 2  # a prompt is asked at most twice


@dataclass(frozen=True)
class Event:
    kind: Kind
    value: str = ""


@dataclass(frozen=True)
class Listen:
    """What the call waits for after speaking: one key, or speech in the call's language."""

    input: Literal["dtmf", "speech"]
    locale: str


@dataclass(frozen=True)
class CallSurvey:
    questions: tuple[Question, ...] = ()
    # Given the name and city the caller said, the registry's best guess (or None).
    guess_employer: Callable[[str, str], EmployerGuess | None] = lambda name, city: None


@dataclass(frozen=True)
class CallState:
    step: str = "language"  # language, employer, city, confirm, question
    locale: str | None = None
    employer: str = ""
    city: str = ""
    candidate: str = ""
    candidate_id: int | None = None
    choice: int | None = None  # the employer the caller confirmed
    index: int = 0
    retries: int = 0  # misses at the current prompt
    answers: dict = field(default_factory=dict)
    asked: tuple[int, ...] = ()  # the questions asked before this one, for #
    call: str = ""  # Twilio's CallSid, to delete the call when it ends
    turn: int = 0  # the webhook round this state waits for (a retried request changes nothing)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict) -> "CallState":
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        values["asked"] = tuple(values.get("asked", ()))
        return cls(**values)


@dataclass(frozen=True)
class Turn:
    state: CallState | None  # None: the call is over, forget it
    say: tuple[Line, ...] = ()
    listen: Listen | None = None  # None: hang up after speaking
    submit: Draft | None = None  # the service stores it and speaks the receipt


def advance(state: CallState | None, event: Event, survey: CallSurvey) -> Turn:
    if state is None:
        state = CallState()
    if event.kind == "start" or (event.kind == "digits" and event.value == "*"
                                 and state.step != "language"):
        return prompt(state, survey)
    return STEPS[state.step](state, event, survey)


def prompt(state: CallState, survey: CallSurvey, before: tuple[Line, ...] = ()) -> Turn:
    """Say what the call is waiting for (again), after `before`."""
    locale = state.locale or "en"
    if state.step == "language":
        return Turn(state, (*before, *t.language_menu()), Listen("dtmf", "en"))
    if state.step == "employer":
        return Turn(state, (*before, t.line(locale, t.ASK_EMPLOYER)), Listen("speech", locale))
    if state.step == "city":
        return Turn(state, (*before, t.line(locale, t.ASK_CITY)), Listen("speech", locale))
    if state.step == "confirm":
        return Turn(state, (*before, t.line(locale, t.CONFIRM_BEFORE),
                            t.value(locale, state.candidate), t.line(locale, t.CONFIRM_KEYS)),
                    Listen("dtmf", locale))
    questions = survey.questions
    return Turn(state, (*before, *t.question_lines(locale, questions[state.index],
                                                    position=state.index + 1,
                                                    count=len(questions))),
                Listen("dtmf", locale))


def _missed(state: CallState, survey: CallSurvey, said: Line) -> Turn | None:
    """Ask the prompt once more after a miss; None when it was already asked twice."""
    if state.retries + 1 < MAX_MISSES:
        return prompt(replace(state, retries=state.retries + 1), survey, (said,))
    return None


def _language(state: CallState, event: Event, survey: CallSurvey) -> Turn:
    key = event.value if event.kind == "digits" else ""
    if key.isdecimal() and 1 <= int(key) <= len(LANGUAGE_CODES):  # isdigit() takes '²' too
        chosen = replace(state, step="employer", locale=LANGUAGE_CODES[int(key) - 1],
                         retries=0)
        return prompt(chosen, survey, (t.line(chosen.locale or "en", t.WELCOME),))
    if event.kind == "timeout" and state.retries + 1 >= MAX_MISSES + 1:
        return Turn(None, (t.line("en", t.GOODBYE),))  # three menus, no language, then silence
    return prompt(replace(state, retries=state.retries + 1), survey)


def _heard(event: Event) -> str:
    return " ".join(event.value.split())[:MAX_TEXT] if event.kind == "speech" else ""


def _employer(state: CallState, event: Event, survey: CallSurvey) -> Turn:
    name = _heard(event)
    if len(name) < 2:
        again = _missed(state, survey, t.line(state.locale or "en", t.NOT_HEARD))
        return again or Turn(None, (t.line(state.locale or "en", t.NO_EMPLOYER),))
    return prompt(replace(state, step="city", employer=name, retries=0), survey)


def _city(state: CallState, event: Event, survey: CallSurvey) -> Turn:
    city = _heard(event)
    if len(city) < 2:
        again = _missed(state, survey, t.line(state.locale or "en", t.NOT_HEARD))
        if again is not None:
            return again
        city = ""  # not heard twice: the report goes on without it (intake marks it unknown)
    guess = survey.guess_employer(state.employer, city)
    if guess is not None and not guess.certain:
        return prompt(replace(state, step="confirm", city=city, candidate=guess.name,
                              candidate_id=guess.employer_id, retries=0), survey)
    # A certain match is found again by intake from what the caller said, as for SMS.
    return _start_questions(replace(state, city=city), survey)


def _confirm(state: CallState, event: Event, survey: CallSurvey) -> Turn:
    key = event.value if event.kind == "digits" else ""
    if key not in ("1", "2"):
        said = t.NO_KEY if event.kind == "timeout" else t.CONFIRM_KEYS
        again = _missed(state, survey, t.line(state.locale or "en", said))
        if again is not None:
            return again
    picked = state.candidate_id if key == "1" else None
    return _start_questions(replace(state, choice=picked, candidate="", candidate_id=None),
                            survey)


def _start_questions(state: CallState, survey: CallSurvey) -> Turn:
    first = _skip_to(replace(state, step="question", index=0, retries=0, asked=()), survey)
    intro = t.line(state.locale or "en", t.INTRO, count=len(survey.questions))
    if first is None:
        return _finish(state)
    return prompt(first, survey, (intro,))


def _skip_to(state: CallState, survey: CallSurvey) -> CallState | None:
    """The state at the first question from `state.index` on that applies to the answers so
    far; None past the last one."""
    index, questions = state.index, survey.questions
    while index < len(questions) and not questions[index].is_asked(state.answers):
        index += 1
    return replace(state, index=index, retries=0) if index < len(questions) else None


def _question(state: CallState, event: Event, survey: CallSurvey) -> Turn:
    locale = state.locale or "en"
    question = survey.questions[state.index]
    answers = dict(state.answers)
    key = event.value if event.kind == "digits" else ""
    if key == "#":
        if not state.asked:
            return prompt(state, survey)
        back = replace(state, index=state.asked[-1], asked=state.asked[:-1], retries=0)
        return prompt(back, survey)
    if event.kind == "timeout" or key == "":
        again = _missed(state, survey, t.line(locale, t.NO_KEY))
        if again is not None:
            return again
        answers.pop(question.key, None)
        return _next(replace(state, answers=answers), survey, (t.line(locale, t.SKIPPED),))
    if key == "0":
        answers.pop(question.key, None)
        return _next(replace(state, answers=answers), survey)
    try:
        answers[question.key] = read_answer(question, key, locale)
    except AnswerRefused:
        again = _missed(state, survey, t.line(locale, t.WRONG_KEY, count=len(question.options)))
        if again is not None:
            return again
        answers.pop(question.key, None)
        return _next(replace(state, answers=answers), survey, (t.line(locale, t.SKIPPED),))
    return _next(replace(state, answers=answers), survey)


def _next(state: CallState, survey: CallSurvey, before: tuple[Line, ...] = ()) -> Turn:
    # An answer changed on the way back may rule a later follow-up out: drop what no longer
    # applies, as intake would.
    answers = {key: answer for key, answer in state.answers.items()
               if all(q.is_asked(state.answers) for q in survey.questions if q.key == key)}
    moved = replace(state, answers=answers, asked=(*state.asked, state.index),
                    index=state.index + 1)
    following = _skip_to(moved, survey)
    if following is None:
        return _finish(moved, before)
    return prompt(following, survey, before)


def _finish(state: CallState, before: tuple[Line, ...] = ()) -> Turn:
    locale = state.locale or "en"
    if not state.answers:
        return Turn(None, (*before, t.line(locale, t.NOTHING_SAVED)))
    return Turn(None, before, submit=draft_of(state))


def draft_of(state: CallState) -> Draft:
    return Draft(state.locale or "en", state.employer, state.city, dict(state.answers),
                 None, state.choice, None)


def pending(state: CallState) -> Draft | None:
    """What a call that ended early leaves to store: a draft with an employer and at least one
    answer, else nothing."""
    return draft_of(state) if state.employer and state.answers else None


STEPS = {
    "language": _language,
    "employer": _employer,
    "city": _city,
    "confirm": _confirm,
    "question": _question,
}
