"""Every SMS prompt in every shipped language fits its segment budget (measured with smsutil)."""

import pytest

from worker_voice.channels.sms import texts as t
from worker_voice.channels.sms.segments import is_gsm7, segments, smart_encode, within_budget
from worker_voice.i18n import LANGUAGE_CODES
from worker_voice.survey import CATEGORY_LABELS, QUESTIONS
from worker_voice.survey.plan import MODULES

FIXED = (t.ASK_EMPLOYER, t.ASK_CITY, t.CONFIRM_EMPLOYER, t.INTRO, t.RETRY_CHOICE,
         t.RETRY_NUMBER, t.SKIPPED, t.ASK_STORY, t.THANKS, t.HELP, t.DELETED, t.NOT_FOUND,
         t.DELETE_HOW, t.RESTARTED, t.WELCOME, t.NOTHING_SAVED, t.STOPPED, t.STARTED, t.FINISHED,
         t.AFTER_REPORT, t.MAILBOX_HOW_TO_ANSWER, t.MAILBOX_EMPTY, t.MAILBOX_ANSWERED,
         t.JOIN_WARNING, t.JOIN_RISK, t.JOIN_NAME, t.JOIN_TIME, t.JOIN_SAFE, t.JOIN_EMPLOYER,
         t.JOIN_DONE, t.JOIN_CANCELLED)
VALUES = {"count": 34, "code": "ABCD-2345", "name": "Corner Fresh Market Supercenter #2231",
          "operator": "Centro de Trabajadores Unidos",
          "organization": "Centro de Trabajadores Unidos de Chicago"}  # 40 characters
SITE = "reportes.trabajadores.org"  # a public address of 25 characters (texts.THANKS_WEB)


def all_prompts(locale):
    yield "language menu", t.LANGUAGE_MENU
    yield "another language", f"{t.say(locale, t.OTHER_LANGUAGE)} {t.LANGUAGE_MENU}"
    for text in FIXED:
        yield t.msgid(text)[:30], t.say(locale, text, **VALUES)
    yield "thanks with the web page", t.thanks(locale, code=VALUES["code"], site=SITE)
    labels = [CATEGORY_LABELS[module.category] for module in MODULES]
    yield "topics menu", t.module_menu(locale, labels)  # every topic: the longest
    for position, question in enumerate(QUESTIONS, start=1):
        yield question.key, t.question_prompt(locale, question)
        yield f"{position}/{len(QUESTIONS)}", numbered(locale, question, position)


def numbered(locale, question, position):
    return t.question_prompt(locale, question, position=position, count=len(QUESTIONS))


@pytest.mark.parametrize("locale", LANGUAGE_CODES)
def test_every_prompt_fits_its_segment_budget(locale):
    over = [(name, len(text), segments(text), "GSM-7" if is_gsm7(text) else "UCS-2", text)
            for name, text in all_prompts(locale) if not within_budget(text)]
    assert over == []


@pytest.mark.parametrize("locale", LANGUAGE_CODES)
def test_segments_per_completed_survey(locale, figure):
    """Prints what one complete survey costs to send (menu, questions, story prompt, thanks)."""
    sent = [t.LANGUAGE_MENU, t.say(locale, t.ASK_EMPLOYER), t.say(locale, t.ASK_CITY),
            t.say(locale, t.INTRO, count=len(QUESTIONS)),
            *(numbered(locale, q, n) for n, q in enumerate(QUESTIONS, start=1)),
            t.say(locale, t.ASK_STORY), t.thanks(locale, code="ABCD-2345", site=SITE)]
    total = sum(segments(text) for text in sent)
    figure(f"[sms] {locale}: {len(sent)} messages, {total} segments per completed survey")
    assert len(sent) <= total <= 2 * len(sent)


# A translation too close to its budget for the "19/34 " prefix goes without it, until the
# translator shortens it by a character or two (none now: Spanish H1 was shortened).
UNNUMBERED: set[tuple[str, str]] = set()


@pytest.mark.parametrize("locale", LANGUAGE_CODES)
def test_every_question_says_where_the_survey_is(locale):
    count = len(QUESTIONS)
    for position, question in enumerate(QUESTIONS, start=1):
        prompt = numbered(locale, question, position)
        if (locale, question.key) in UNNUMBERED:
            assert prompt == t.question_prompt(locale, question)
        else:
            assert f"{position}/{count}" in prompt, prompt
    assert t.question_prompt("en", QUESTIONS[2], position=3, count=count).startswith(f"3/{count} ")


@pytest.mark.parametrize("locale", LANGUAGE_CODES)
def test_the_topics_menu_fits_as_sent_with_smart_encoding(locale):
    labels = [CATEGORY_LABELS[module.category] for module in MODULES]
    menu = t.module_menu(locale, labels, smart=True)
    assert within_budget(smart_encode(menu, locale)), menu
    assert all(f"{n}=" in menu for n in range(len(MODULES) + 1))
