"""Measured accuracy of automatic employer links on the labelled corpora in tests/data/."""

import csv
from pathlib import Path

import pytest

from worker_voice.registry.csv_io import import_registry
from worker_voice.registry.matching import Band, resolve

CORPUS = Path(__file__).parent / "data"


def load(name):
    with (CORPUS / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def registry(app_context):
    import_registry(rows=load("employers.csv"))


# Two corpora, built separately: ours (build_corpus.py) and an independent one written by
# someone who had not seen the matcher (make_corpus.py), so the thresholds are not fitted to one.
CORPORA = [("employers.csv", "employer_names.csv"), ("registry.csv", "messy_names.csv")]


@pytest.mark.parametrize(("registry_file", "names_file"), CORPORA)
def test_automatic_links_are_precise_and_find_most_employers(app_context, registry_file,
                                                             names_file, figure):
    import_registry(rows=load(registry_file))
    names = load(names_file)
    assert len(names) >= 300
    linked = correct = 0
    for row in names:
        resolution = resolve(row["text"], row["city"], row["state"])
        if resolution.band == Band.AUTO:
            linked += 1
            correct += resolution.best.name == row["expected"]
    positives = sum(1 for row in names if row["expected"])
    precision, recall = correct / linked, correct / positives
    employers = len({row["name"] for row in load(registry_file)})
    figure(f"[matching] {names_file}: {len(names)} names against {employers} employers: "
           f"{linked} linked automatically, "
           f"precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.98 and recall >= 0.85


@pytest.mark.parametrize(
    ("text", "city", "expected", "band"),
    [
        ("mcdonalds 5th st", "Chicago", "Golden Arches of Chicago LLC", Band.AUTO),
        ("mcdonalds", "", "McDonald's", Band.AUTO),
        ("the factory", "", None, Band.REVIEW),
        ("xyzzy plugh", "", None, Band.REVIEW),
    ],
)
def test_landmark_cases(registry, text, city, expected, band):
    resolution = resolve(text, city)
    assert resolution.band == band
    assert (resolution.best.name if band != Band.REVIEW else None) == expected


SCRIPTS = {"zh": "Chinese", "ar": "Arabic", "ko": "Korean", "vi": "Vietnamese"}


def test_names_in_every_script_link_precisely(app_context, figure):
    """Names typed in Chinese, Arabic, Korean (and Vietnamese with its diacritics), against the
    registry with aliases in those scripts (script_aliases.csv), and unregistered names."""
    import_registry(rows=load("employers.csv"))
    import_registry(rows=load("script_aliases.csv"))
    names = load("script_names.csv")
    assert len([row for row in names if row["script"] != "vi"]) >= 100
    for script, label in SCRIPTS.items():
        rows = [row for row in names if row["script"] == script]
        linked = correct = wrong_unregistered = 0
        for row in rows:
            resolution = resolve(row["text"], row["city"], row["state"])
            if resolution.band == Band.AUTO:
                linked += 1
                correct += resolution.best.name == row["expected"]
                wrong_unregistered += not row["expected"]
        positives = sum(1 for row in rows if row["expected"])
        precision, recall = correct / max(linked, 1), correct / positives
        figure(f"[matching] script_names.csv {label}: {len(rows)} names "
               f"({len(rows) - positives} unregistered): {linked} linked automatically, "
               f"precision {precision:.3f}, recall {recall:.3f}")
        assert precision >= 0.95 and recall >= 0.8, label
        assert wrong_unregistered == 0, label


@pytest.mark.parametrize(
    ("text", "expected", "band"),
    [
        ("麦当劳 唐人街", "McDonald's", Band.AUTO),
        ("我在沃尔玛工作", "Walmart", Band.AUTO),
        ("ماكدونالدز", "McDonald's", Band.AUTO),
        ("맥도날드에서 일해요", "McDonald's", Band.AUTO),
        ("金龙餐厅", None, Band.REVIEW),
    ],
)
def test_aliases_in_other_scripts(app_context, text, expected, band):
    import_registry(rows=load("employers.csv"))
    import_registry(rows=load("script_aliases.csv"))
    resolution = resolve(text)
    assert resolution.band == band
    assert (resolution.best.name if band != Band.REVIEW else None) == expected
