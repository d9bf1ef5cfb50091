"""Every SMS prompt in every shipped language fits its segment budget (measured with smsutil)."""

import pytest

from worker_voice.channels.sms import texts as t
from worker_voice.channels.sms.segments import is_gsm7, segments, within_budget
from worker_voice.i18n import LANGUAGE_CODES
from worker_voice.survey import QUESTIONS

FIXED = (t.ASK_EMPLOYER, t.ASK_CITY, t.CONFIRM_EMPLOYER, t.INTRO, t.RETRY_CHOICE,
         t.RETRY_NUMBER, t.SKIPPED, t.ASK_STORY, t.THANKS, t.HELP, t.DELETED, t.NOT_FOUND,
         t.RESTARTED)
VALUES = {"count": 34, "code": "ABCD-2345", "name": "Corner Fresh Market Supercenter #2231",
          "operator": "Centro de Trabajadores Unidos"}
SITE = "reportes.trabajadores.org"  # a public address of 25 characters (texts.THANKS_WEB)


def all_prompts(locale):
    yield "language menu", t.LANGUAGE_MENU
    for text in FIXED:
        yield t.msgid(text)[:30], t.say(locale, text, **VALUES)
    yield "thanks with the web page", t.thanks(locale, code=VALUES["code"], site=SITE)
    for question in QUESTIONS:
        yield question.key, t.question_prompt(locale, question)


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
            *(t.question_prompt(locale, q) for q in QUESTIONS),
            t.say(locale, t.ASK_STORY), t.thanks(locale, code="ABCD-2345", site=SITE)]
    total = sum(segments(text) for text in sent)
    figure(f"[sms] {locale}: {len(sent)} messages, {total} segments per completed survey")
    assert len(sent) <= total <= 2 * len(sent)
