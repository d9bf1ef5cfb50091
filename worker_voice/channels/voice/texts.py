"""Everything a call says, from the `worker` catalogs like every other text a worker reads.

Prompts are spoken, so each is one or two short sentences. A value that changes from call to
call (an employer's name, a receipt code, the site's address) is never inside a prompt: it is a
line of its own, so that every prompt is a fixed text that can be recorded once (prompts.py).
Question wordings and answer labels come from the survey definitions (`say` of their msgids).
"""

from dataclasses import dataclass

from ...i18n import LANGUAGES
from ...survey import Question
from ..sms.texts import N_, say

# TRANSLATORS: call: the language menu, one line per language, each in its own language and voice.
# %(language)s is the language's own name (Español, Tiếng Việt…); %(key)d the key to press.
LANGUAGE_OPTION = N_("For %(language)s, press %(key)d.")
# TRANSLATORS: call: the first thing said in the chosen language.
WELCOME = N_("This is an anonymous survey about your job. Nothing you say is recorded and your "
             "number is not kept. Please do not say your name.")
# TRANSLATORS: call: answered by speech; the name is transcribed, never recorded.
ASK_EMPLOYER = N_("Please say the name of the company you work for, and the store or the "
                  "street.")
# TRANSLATORS: call: asked by speech after the employer.
ASK_CITY = N_("In which city is that job? Please say the name of the city.")
# TRANSLATORS: call: after silence or a sound that was not understood; the question follows again.
NOT_HEARD = N_("Sorry, we did not hear you.")
# TRANSLATORS: call: the call ends: no company name was understood after two tries.
NO_EMPLOYER = N_("We could not understand a company name, so nothing was saved. Please call "
                 "again. Goodbye.")
# TRANSLATORS: call: followed by an employer's name (spoken on its own), then CONFIRM_KEYS.
CONFIRM_BEFORE = N_("Is this the company you mean?")
# TRANSLATORS: call: after the employer's name.
CONFIRM_KEYS = N_("If yes, press 1. If not, press 2.")
# TRANSLATORS: call: before the first question. %(count)d is the number of questions.
INTRO = N_("Thank you. %(count)d short questions follow. Press the number of your answer. "
           "Press 0 to skip a question, star to hear it again, and pound to go back.")
# TRANSLATORS: call: before each question; %(number)d is its position, %(count)d how many there are.
POSITION = N_("Question %(number)d of %(count)d.")
# TRANSLATORS: call: after a question, one line per answer; %(label)s is the answer
# ("Yes", "Not sure"), %(key)d the key to press.
OPTION = N_("For %(label)s, press %(key)d.")
# TRANSLATORS: call: after silence at a question or at the confirmation; it is asked once more.
NO_KEY = N_("We did not hear a key.")
# TRANSLATORS: call: after a key that is not an answer; %(count)d is the number of answers.
WRONG_KEY = N_("Please press a number from 1 to %(count)d, or 0 to skip.")
# TRANSLATORS: call: a question left unanswered twice is skipped.
SKIPPED = N_("We skipped that question.")
# TRANSLATORS: call: every question was skipped: the call ends.
NOTHING_SAVED = N_("Every question was skipped, so nothing was saved. Goodbye.")
# TRANSLATORS: call: the receipt code follows, spoken character by character.
SAVED = N_("Thank you. Your report is saved. Please write down your receipt code. It is:")
# TRANSLATORS: call: the receipt code follows a second time.
AGAIN = N_("Once more, your receipt code is:")
# TRANSLATORS: call: how to delete the report. Translate DELETE as the SMS delete word of
# your language (channels/sms/parsing.py), as in the SMS receipt.
DELETE_BY_SMS = N_("To delete your report, send a text message with the word DELETE and the code "
                   "to this number.")
# TRANSLATORS: call: the site's address follows (spoken on its own).
DELETE_ON_WEB = N_("Or enter the code on our website:")
# TRANSLATORS: call: the last words of a call.
GOODBYE = N_("Thank you for calling. Goodbye.")
# TRANSLATORS: call: a phone that started more calls today than a day allows; the call ends.
TOO_MANY_TODAY = N_("We have enough reports from this phone for today. Please call again "
                    "tomorrow. Goodbye.")


@dataclass(frozen=True)
class Line:
    """One thing the call says, in `locale`. `fixed`: a text from the catalogs, the same on
    every call (it may be played from a recording); otherwise a value said by text-to-speech.
    `spell`: said character by character, slowly (a receipt code)."""

    text: str
    locale: str
    fixed: bool = True
    spell: bool = False


def line(locale: str, msgid: str, **values: object) -> Line:
    return Line(say(locale, msgid, **values), locale)


def value(locale: str, text: str, *, spell: bool = False) -> Line:
    return Line(text, locale, fixed=False, spell=spell)


def language_menu() -> tuple[Line, ...]:
    return tuple(line(language.code, LANGUAGE_OPTION, language=language.native_name, key=key)
                 for key, language in enumerate(LANGUAGES, start=1))


def question_lines(locale: str, question: Question, *, position: int,
                   count: int) -> tuple[Line, ...]:
    """A question as the call says it: its position, its wording, then a key per answer."""
    return (line(locale, POSITION, number=position, count=count),
            Line(say(locale, question.text), locale),
            *(line(locale, OPTION, label=say(locale, option.label), key=key)
              for key, option in enumerate(question.options, start=1)))


def receipt_lines(locale: str, code: str, site: str | None) -> tuple[Line, ...]:
    """The receipt code twice, slowly, then how to delete the report, then goodbye."""
    spoken: tuple[Line, ...] = (line(locale, SAVED), value(locale, code, spell=True),
              line(locale, AGAIN), value(locale, code, spell=True), line(locale, DELETE_BY_SMS))
    if site:
        spoken = (*spoken, line(locale, DELETE_ON_WEB), value(locale, f"{site}/delete"))
    return (*spoken, line(locale, GOODBYE))
