"""Synthetic data looks like what the channels store: the core for everyone, topics for some,
follow-ups only where they apply."""

from collections import Counter

import sqlalchemy as sa

from worker_voice.extensions import db
from worker_voice.models import Answer
from worker_voice.survey.plan import CORE_KEYS
from worker_voice.synthetic import generate


def test_synthetic_reports_answer_the_core_and_some_topics(app_context):
    stats = generate(reports=600, employers=30, seed=3)
    rows = db.session.execute(sa.select(Answer.report_id, Answer.question_key, Answer.option,
                                        Answer.value_number)).all()
    by_report: dict[int, dict[str, list]] = {}
    for report_id, key, option, number in rows:
        by_report.setdefault(report_id, {}).setdefault(key, []).append(number or option)
    assert len(by_report) == stats.reports == 600
    beyond_core = Counter(len(set(keys) - set(CORE_KEYS)) for keys in by_report.values())
    assert 0.4 < beyond_core[0] / 600 < 0.7  # most stop after the core
    assert sum(count for extra, count in beyond_core.items() if extra >= 20) > 20  # some all
    for answers in by_report.values():
        assert len(set(CORE_KEYS) & set(answers)) >= 5
        if answers.get("H1") == ["no"]:
            assert "H2" not in answers  # not asked of the unhurt
        if "S6" in answers and answers["S6"][0] <= 40:
            assert "W2" not in answers
