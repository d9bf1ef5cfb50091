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

Questions carry their position ("3/9"); a survey with every question skipped and no story is
not stored, and the worker is told so. STOP and START are confirmed in the worker's language
(STOP's own language when the conversation had none).

Core and modules. `Survey.questions` are asked first (the core, or every question in full mode),
skipping follow-ups that do not apply (`Question.is_asked` over the answers so far); then the
story; then the report is submitted. When the survey has modules (core mode), the conversation
goes on with a menu of the modules left: a chosen module asks its questions (skip logic over all
the answers so far, the core's included), and at its end its answers are added to the submitted
report (`Outcome.add`); 0, the skip word, STOP, NEW or a greeting finish (a greeting or NEW
starts a new report).

CHECK and a receipt code read the organization's messages about that report (with an answer
after the code, answer them): the service looks the code up as DELETE does. JOIN, before a
report or after one, asks to be contacted (channels/sms/joining.py) in a fresh conversation.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ...i18n import LANGUAGE_CODES
from ...survey import (
    CATEGORY_LABELS,
    QUESTIONS,
    AnswerRefused,
    AnswerType,
    AnswerUnreadable,
    Question,
    check_together,
)
from ...survey.plan import Module, remaining_modules
from . import joining, parsing
from . import texts as t
from .joining import ContactDraft

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
    # Topics offered after the report is submitted (core mode); none: the survey ends there.
    modules: tuple[Module, ...] = ()
    # Replies leave smart-encoded (SMS_SMART_ENCODING): a text is measured as it will be sent.
    smart_encoding: bool = False
    # The name of the organization that reads this conversation's reports and contact requests
    # (an organization's id, or None for the line's default), named when a worker asks to join.
    reader_for: Callable[[int | None], str] = lambda organization: ""


@dataclass(frozen=True)
class State:
    step: str = "language"  # language, employer, city, confirm, question, story, menu
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
    # After the report is submitted (core mode): the report's id, to add module answers to, the
    # module being asked (its category) and the modules already chosen. The link between the
    # phone's pseudonym and the report lives only while the conversation runs, like the answers
    # themselves: the row is deleted when the conversation ends (0, STOP, idleness, the cap).
    report: int | None = None
    module: str | None = None
    chosen: tuple[str, ...] = ()
    # What a worker asking to be contacted (JOIN) gave so far; the row goes when it is stored.
    contact: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict) -> "State":
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "chosen" in values:  # stored as a JSON list
            values["chosen"] = tuple(values["chosen"])
        return cls(**values)


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
class Addition:
    """A module's answers, for the service to add to the report the conversation submitted."""

    report: int
    answers: dict


@dataclass(frozen=True)
class Outcome:
    state: State | None  # None: forget the conversation
    # With `submit`, these follow the service's THANKS reply (the module menu).
    replies: tuple[str, ...] = ()
    # The service submits it, then sends the THANKS reply; when `state` goes on (to the module
    # menu), the service puts the report's id into it.
    submit: Draft | None = None
    add: Addition | None = None  # the service adds these answers to the stored report
    delete_code: str | None = None  # the service deletes that report and replies
    # (receipt code, answer or None): the service reads that report's mailbox, or answers it
    check: tuple[str, str | None] | None = None
    contact: ContactDraft | None = None  # the service stores this request to be contacted
    locale: str | None = None  # the language to reply in when there is no state
    opt_out: bool = False
    opt_in: bool = False


def advance(state: State | None, text: str, survey: Survey, locale: str | None = None) -> Outcome:
    """React to one inbound message. `locale` is a hint (e.g. the organization's default)."""
    word = parsing.keyword(text)
    if word in parsing.OPT_OUT and not (state and state.step in joining.FREE_TEXT
                                        and word not in parsing.CARRIER_OPT_OUT):
        # A name asked for when joining may be a stop word without its accents ('Dũng' is
        # DỪNG): there, only the words carriers act on stop.
        said = (state.locale if state else None) or parsing.STOP.get(word) or locale or "en"
        return Outcome(state, (t.say(said, t.STOPPED),), opt_out=True)
    if word in parsing.OPT_IN:
        said = (state.locale if state else None) or locale or "en"
        # Without a conversation, the menu it sends waits for its answer like any other.
        return Outcome(state or State(), (t.say(said, t.STARTED),
                                          _current_prompt(state, survey) if state
                                          else t.LANGUAGE_MENU), opt_in=True)
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
    checking = parsing.check_request(text)
    if checking:
        return Outcome(state, check=checking[1:], locale=(state.locale if state else None)
                       or checking[0])
    joining_in = parsing.join_request(text)
    if joining_in and (state is None or state.step in ("language", "employer", "menu")):
        # A fresh conversation: nothing of a report it may follow comes along.
        said = (state.locale if state else None) or joining_in
        organization = state.organization if state else None
        fresh = State(step="join_confirm", locale=said, organization=organization)
        return Outcome(fresh, joining.warning(said, survey.reader_for(organization)))
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
    if state.report is not None and state.step == "menu":
        greeted = parsing.GREETINGS.get(parsing.squeezed(text))
        if greeted:  # a new report; the one just submitted is complete
            fresh = State(step="employer", locale=greeted, organization=state.organization)
            return Outcome(fresh, (_current_prompt(fresh, survey),))
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
    new = _skip_to(replace(state, step="question", index=0, retries=0), survey)
    intro = t.say(_locale(state), t.INTRO, count=len(survey.questions))
    return Outcome(new, (intro, _current_prompt(new, survey)))


def _questions(state: State, survey: Survey) -> tuple[Question, ...]:
    """What this part of the conversation asks: the chosen module's, or the first questions."""
    if state.module is not None:
        for module in survey.modules:
            if module.category == state.module:
                return module.questions
        return ()
    return survey.questions


def _skip_to(state: State, survey: Survey) -> State:
    """The state at the first question from `state.index` on that applies to these answers;
    past the last one, the story (first questions) or the menu (a module)."""
    questions, index = _questions(state, survey), state.index
    while index < len(questions) and not questions[index].is_asked(state.answers):
        index += 1
    if index < len(questions):
        return replace(state, step="question", index=index, retries=0)
    return replace(state, step="story" if state.module is None else "menu", index=index,
                   retries=0)


def _question(state: State, text: str, survey: Survey) -> Outcome:
    questions = _questions(state, survey)
    if state.index >= len(questions):  # stored by a longer survey (full mode), or a module gone
        return _next(replace(state, index=state.index - 1), survey, ())
    question = questions[state.index]
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
    new = _skip_to(replace(state, index=state.index + 1), survey)
    if new.step == "menu":
        return _module_done(new, survey, before)
    return Outcome(new, (*before, _current_prompt(new, survey)))


def _module_done(state: State, survey: Survey, before: tuple[str, ...]) -> Outcome:
    """The end of a module: its answers go to the report, and the menu comes again (or, with
    no module left, the conversation ends)."""
    module = next((m for m in survey.modules if m.category == state.module), None)
    keys = module.keys if module is not None else ()
    added = {key: state.answers[key] for key in keys if key in state.answers}
    addition = Addition(state.report, added) if added and state.report is not None else None
    new = replace(state, step="menu", module=None, index=0, retries=0)
    if not _offered(new, survey):
        return Outcome(None, (*before, t.say(_locale(state), t.FINISHED)), add=addition)
    return Outcome(new, (*before, _current_prompt(new, survey)), add=addition)


def _offered(state: State, survey: Survey) -> tuple[Module, ...]:
    """The modules the menu offers: those with questions left, not chosen before."""
    left = remaining_modules(state.answers)
    return tuple(module for module in survey.modules
                 if module in left and module.category not in state.chosen)


def _story(state: State, text: str, survey: Survey) -> Outcome:
    story = text.strip()[:MAX_STORY]
    if parsing.normalize(story) in parsing.SKIP:
        story = ""
    if not story and not state.answers:  # nothing to count, nothing to read
        return Outcome(None, (t.say(_locale(state), t.NOTHING_SAVED),))
    draft = draft_of(state, story or None)
    menu = replace(state, step="menu", index=0, retries=0)
    if not _offered(menu, survey):
        return Outcome(None, submit=draft)
    return Outcome(menu, (_current_prompt(menu, survey),), submit=draft)


def _menu(state: State, text: str, survey: Survey) -> Outcome:
    offered = _offered(state, survey)
    locale = _locale(state)
    if parsing.normalize(text) in parsing.SKIP or not offered:
        return Outcome(None, (t.say(locale, t.FINISHED),))
    choice = parsing.parse_choice(text, len(offered), locale, yes_no=False)
    if choice is None:
        if state.retries + 1 < MAX_RETRIES:
            return Outcome(replace(state, retries=state.retries + 1),
                           (_current_prompt(state, survey),))
        return Outcome(None, (t.say(locale, t.FINISHED),))
    module = offered[choice - 1]
    new = replace(state, module=module.category, chosen=(*state.chosen, module.category),
                  index=0)
    new = _skip_to(new, survey)
    if new.step == "menu":  # nothing in it applies (not offered: remaining_modules)
        return _module_done(new, survey, ())
    return Outcome(new, (_current_prompt(new, survey),))


def pending(state: State, survey: Survey) -> Draft | Addition | None:
    """What an abandoned conversation leaves to store: the draft when no report was submitted
    yet (with an employer, a city and an answer), else the answers of the module it was in."""
    if state.report is None:
        if state.employer and state.city and state.answers:
            return draft_of(state)
        return None
    if state.module is None:
        return None
    return _module_done(state, survey, ()).add


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
    questions = (*survey.questions, *(q for module in survey.modules for q in module.questions))
    broken = check_together({question.key: question.accept(answers[question.key])
                             for question in dict.fromkeys(questions) if question.key in answers})
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
    if state.step == "join_confirm":
        return joining.warning(locale, survey.reader_for(state.organization))[-1]
    if state.step in joining.PROMPTS:
        return joining.prompt(state.step, locale)
    if state.step == "city":
        return t.say(locale, t.ASK_CITY)
    if state.step == "confirm":
        return t.say(locale, t.CONFIRM_EMPLOYER, name=state.candidate)
    if state.step == "question":
        questions = _questions(state, survey)
        if state.index < len(questions):
            return t.question_prompt(locale, questions[state.index],
                                     position=state.index + 1, count=len(questions))
        state = _skip_to(state, survey)  # past the end: the story, or the menu
    if state.step == "menu":
        labels = [CATEGORY_LABELS[module.category] for module in _offered(state, survey)]
        return t.module_menu(locale, labels, smart=survey.smart_encoding)
    return t.say(locale, t.ASK_STORY)


def _join(state: State, text: str, survey: Survey) -> Outcome:
    """A step of a request to be contacted (joining): the answer, then the next question."""
    locale = _locale(state)
    answered = joining.answer(state.step, text, locale, state.contact)
    if answered is None:
        return Outcome(state, (joining.prompt(state.step, locale),))
    step, gathered = answered
    if step == "join_cancelled":
        return Outcome(None, (t.say(locale, t.JOIN_CANCELLED),))
    if step is None:  # the webhook stores it with the sender's number, and answers
        return Outcome(None, contact=joining.draft(gathered, organization_id=state.organization,
                                                   locale=locale))
    following = replace(state, step=step, contact=gathered)
    return Outcome(following, (joining.prompt(step, locale),))


STEPS = {
    **dict.fromkeys(joining.STEPS, _join),
    "language": _language,
    "employer": _employer,
    "city": _city,
    "confirm": _confirm,
    "question": _question,
    "story": _story,
    "menu": _menu,
}

__all__ = ["Addition", "Collector", "Draft", "EmployerGuess", "Outcome", "State", "Survey",
           "advance", "pending"]
