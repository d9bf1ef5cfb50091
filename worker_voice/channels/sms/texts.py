"""Everything the SMS channel says, translated without Flask so the engine stays pure.

Strings are marked with `N_` (extracted into the same catalog as the web pages, see babel.cfg)
and translated at run time with plain Babel catalogs loaded from translations/. Each carries a
translator comment with its budget: one segment when GSM-7 (160 characters), at most two when
the language needs UCS-2 (134 characters).
"""

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from ...i18n import LANGUAGES
from ...survey import AnswerType, Question
from .segments import smart_encode, within_budget

TRANSLATIONS = Path(__file__).resolve().parents[3] / "translations"


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, in the worker's language."""
    return message


# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
ASK_EMPLOYER = N_("Which company do you work for? Reply with its name and the store or street. "
                  "Do not send your own name.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
ASK_CITY = N_("In which city is that job?")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters; %(name)s is an employer name of about 40.
CONFIRM_EMPLOYER = N_("Do you mean %(name)s? 1=Yes 2=No")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
INTRO = N_("Thank you. %(count)d short questions follow. Reply with the number of your answer, "
           "0 to skip.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters. %(count)d is the number of choices.
RETRY_CHOICE = N_("Sorry, please reply with a number from 1 to %(count)d, or 0 to skip.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
RETRY_NUMBER = N_("Sorry, please reply with a number, like 32, or 0 to skip.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
SKIPPED = N_("OK, we skipped that one.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
ASK_STORY = N_("Last one: tell us in your own words what happened, or one change that would make "
               "this job better. No names please. 0 to finish.")
# SMS: after the receipt (and where to get help), in a message of its own: the topics a worker
# may add to the report. %(choices)s lists up to seven numbered topics ("1=Scheduling 2=Pay
# 3=Safety…", about 90 characters); keep "0" as the number that finishes. With the list: ≤160
# GSM-7 or ≤134 UCS-2 characters.
MODULE_MENU = N_("Want to tell us more? Reply a number: %(choices)s 0=finish")
# SMS: the same menu when the one above does not fit its budget with the topics' names in your
# language; keep it as short as it is.
MODULE_MENU_SHORT = N_("More? %(choices)s 0=finish")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters, short. The last message, when the worker is done
# (the report is already saved).
FINISHED = N_("Thank you. Your report is complete.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters. %(code)s is 9 characters.
THANKS = N_("Thank you! Your report is saved. Receipt code: %(code)s. To delete it, send DELETE "
            "%(code)s.")
# SMS: follows THANKS in the same message when the site's address is configured; %(address)s
# is a web address of up to 34 characters (like voice.example.org/delete). THANKS and this
# together: ≤160 GSM-7 or ≤134 UCS-2 characters.
THANKS_WEB = N_("Or go to %(address)s.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters; %(operator)s is a name of up to 30 characters.
HELP = N_("Anonymous job reports, run by %(operator)s for worker centers and unions. We never "
          "share your number. NEW starts over. STOP ends messages.")
# SMS: the answer to HELP, after the message above, when the organization reading the reports
# gave a contact. %(organization)s is a name of up to 40 characters; %(contact)s a phone number
# and a web address.
CONTACT = N_("Reports here are read by %(organization)s. To reach them: %(contact)s")
# SMS: after the receipt, in a message of its own. %(places)s lists one to three places, each a
# name and a phone number or web address (about 60 characters each); keep the rest short.
HELP_AFTER = N_("Where to get help: %(places)s")
# SMS: after the receipt, in a message of its own: where the organization's questions wait and
# how to ask to be contacted. ≤160 GSM-7 or ≤134 UCS-2 characters; %(code)s is 9 characters.
# Translate CHECK and JOIN as your language's words (channels/sms/parsing.py), as DELETE in the
# receipt message.
AFTER_REPORT = N_("The organization may ask you questions: send CHECK %(code)s to read them. To "
                  "organize with coworkers, send JOIN.")
# SMS: one message the organization left, oldest first; %(day)s is a date, %(message)s its words.
MAILBOX_MESSAGE = N_("%(day)s: %(message)s")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters, after the messages. Keep CHECK as above.
MAILBOX_HOW_TO_ANSWER = N_("To answer, send CHECK %(code)s and your answer.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
MAILBOX_EMPTY = N_("No messages about report %(code)s yet.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
MAILBOX_ANSWERED = N_("Thank you. Your answer was sent. Your name and number were not.")
# SMS: the answer to JOIN, then JOIN_RISK; each ≤160 GSM-7 or ≤134 UCS-2 characters.
# %(organization)s is a name of up to 40 characters.
JOIN_WARNING = N_("If you go on, %(organization)s will know who you are and where you work.")
JOIN_RISK = N_("Your report stays apart, but where few coworkers report, they may guess which one "
               "is yours. 1=Go on 0=Stop")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
JOIN_NAME = N_("Your name or a nickname? Reply 0 to skip.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
JOIN_TIME = N_("When is a good time to reach you? Reply 0 to skip.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
JOIN_SAFE = N_("Is it safe to text you at this number? 1=Yes 2=No")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
JOIN_EMPLOYER = N_("At which employer do you want to organize? Reply 0 to skip.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters; %(organization)s is a name of up to 40 characters.
JOIN_DONE = N_("Thank you. %(organization)s will contact you.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
JOIN_CANCELLED = N_("OK. Nothing about you was kept.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
DELETED = N_("Your report %(code)s is deleted.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
NOT_FOUND = N_("We found no report with the code %(code)s.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters. The answer to DELETE sent without a code. Write
# DELETE as your language's word, as in THANKS.
DELETE_HOW = N_("To delete a report, send DELETE and its receipt code, like this: DELETE "
                "ABCD-2345.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters. Sent once to a phone that started more
# conversations today than a day allows; nothing else is answered until tomorrow.
TOO_MANY_TODAY = N_("Thank you. We have enough reports from this phone for today. Please write "
                    "again tomorrow.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
RESTARTED = N_("OK, a new report.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters; %(organization)s is a name of up to 40 characters.
# The first answer to an organization's keyword; the employer question follows.
WELCOME = N_("Hello from %(organization)s. This is a short, anonymous survey about your job.")
# SMS: leads the language menu (about 80 characters) after a welcome in English; keep it under
# 40 characters.
OTHER_LANGUAGE = N_("Another language? Reply:")
# SMS: before a question; %(number)d is its position, %(count)d how many there are
# ("3/34 Which…"). Keep it short; reorder if your script reads the other way.
NUMBERED = N_("%(number)d/%(count)d %(question)s")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters. Sent when every question was skipped and no story
# written: no report is kept. Translate NEW as the word that restarts in your language.
NOTHING_SAVED = N_("Every question was skipped, so nothing was saved. Send NEW to start again.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters, short. The answer to STOP; keep START in English
# (carriers only know that word).
STOPPED = N_("You will get no more messages. Text START to come back.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters, short. The answer to START.
STARTED = N_("Welcome back.")
# SMS: appended to a question; keep it under 25 characters.
HINT_NUMBER = N_("Reply with a number.")
# SMS: appended to a question; keep it under 35 characters.
HINT_MULTI = N_("Reply all that apply, like 1 3.")

# The language menu names each language in its own words and script, so it is not translated;
# the numbers follow i18n.LANGUAGES. It goes out as UCS-2 (two segments at most).
LANGUAGE_MENU = " ".join(f"{number}={language.native_name}"
                         for number, language in enumerate(LANGUAGES, start=1))


@cache
def catalog(locale: str) -> NullTranslations:
    if locale == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [locale], domain="worker")


def msgid(text: object) -> str:
    """The English source of a string, whether plain or a Flask-Babel lazy string."""
    args = getattr(text, "_args", None)  # flask_babel.speaklater.LazyString
    return args[0] if args else str(text)


def say(locale: str, text: object, **values: object) -> str:
    values = {**getattr(text, "_kwargs", {}), **values}  # a lazy string carries its own values
    translated = catalog(locale).gettext(msgid(text))
    return translated % values if values else translated


def thanks(locale: str, *, code: str, site: str | None = None) -> str:
    """The last message of a report: its receipt code, how to delete the report by SMS, and,
    when the site's public address is known, on the web page /delete."""
    text = say(locale, THANKS, code=code)
    if site:
        text = f"{text} {say(locale, THANKS_WEB, address=f'{site}/delete')}"
    return text


def module_menu(locale: str, labels: list[object], *, smart: bool = False) -> str:
    """The topics left to add, numbered from 1; 0 finishes. The short form when the long one
    is over its budget as it will be sent (`smart`: with smart encoding)."""
    choices = " ".join(f"{number}={say(locale, label)}"
                       for number, label in enumerate(labels, start=1))
    text = say(locale, MODULE_MENU, choices=choices)
    if within_budget(smart_encode(text, locale) if smart else text):
        return text
    return say(locale, MODULE_MENU_SHORT, choices=choices)


def help_after(locale: str, places: list[tuple[object, str]]) -> str | None:
    """One message naming where to get help: as many of the places (name, phone or web), best
    first, as fit in one message; always the first. None without any."""
    text = None
    for count in range(1, len(places) + 1):
        listed = "; ".join(f"{say(locale, name)} {reach}" for name, reach in places[:count])
        candidate = say(locale, HELP_AFTER, places=listed)
        if text is not None and not within_budget(candidate):
            break
        text = candidate
    return text


def site_address(base_url: str | None) -> str | None:
    """The public base URL as a worker would type it: no scheme, no trailing slash."""
    if not base_url:
        return None
    return base_url.split("://", 1)[-1].rstrip("/") or None


def question_prompt(locale: str, question: Question, *, position: int | None = None,
                    count: int | None = None) -> str:
    """One question as one SMS: its position when given ("3/34"), its wording, then numbered
    choices or a hint."""
    wording = say(locale, question.sms_text or question.text)
    if question.is_numeric:
        text = f"{wording} {say(locale, HINT_NUMBER)}"
    else:
        choices = " ".join(
            f"{number}={say(locale, option.sms_label or option.label)}"
            for number, option in enumerate(question.options, start=1)
        )
        text = (f"{wording} {choices}. {say(locale, HINT_MULTI)}"
                if question.answer_type == AnswerType.MULTI else f"{wording} {choices}")
    if position is None or count is None:
        return text
    numbered = say(locale, NUMBERED, number=position, count=count, question=text)
    # A translation a few characters from its budget would become two (or three) segments
    # longer with the position: it goes without (tests/test_sms_segments.py lists those).
    return numbered if within_budget(numbered) or not within_budget(text) else text
