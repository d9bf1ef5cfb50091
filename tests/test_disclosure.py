import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker_voice.insights.disclosure import EVERYONE, employer_listing, employer_summary
from worker_voice.insights.suppression import suppress

from .factories import add_employer, report

K = 5


@given(
    counts=st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 30), min_size=1),
    k=st.integers(2, 11),
)
def test_no_suppressed_cell_can_be_recovered_by_subtraction(counts, k):
    total = sum(counts.values())
    published = suppress(counts, total=total, min_cell_size=k, exhaustive=True)
    if total < k:
        assert set(published.values()) == {None}
        return
    hidden = [code for code, value in published.items() if value is None]
    # Primary: every small positive cell is hidden, every shown cell is its true value.
    for code, value in counts.items():
        if 0 < value < k:
            assert published[code] is None
        if published[code] is not None:
            assert published[code] == value
    if hidden:
        # What an adversary can derive: the total of the hidden cells. It must not single out
        # one cell (two or more hidden) nor be itself a small group.
        recovered_sum = total - sum(v for v in published.values() if v is not None)
        assert len(hidden) >= 2
        assert recovered_sum >= k


def test_non_exhaustive_cells_only_hide_small_ones():
    published = suppress({"heat": 2, "lifting": 9, "none": 0}, total=10, min_cell_size=K,
                         exhaustive=False)
    assert published == {"heat": None, "lifting": 9, "none": 0}


def test_employer_below_threshold_shows_nothing(app_context):
    employer = add_employer("Burger Barn")
    for _ in range(K - 1):
        report(answers={"S2": "yes"})
    summary = employer_summary(scope=EVERYONE, employer_id=employer.id)
    assert not summary.enough and summary.reports is None and summary.questions == ()
    assert employer_listing(scope=EVERYONE)[0].reports is None


@pytest.mark.parametrize("small", range(1, K))
def test_guard_hides_cells_of_one_to_k_minus_one_and_their_complement(app_context, small):
    employer = add_employer("Burger Barn")
    for _ in range(small):
        report(answers={"S2": "yes"})
    for _ in range(K + 3):
        report(answers={"S2": "no"})
    summary = employer_summary(scope=EVERYONE, employer_id=employer.id)
    s2 = next(q for q in summary.questions if q.question.key == "S2")
    assert s2.n == small + K + 3
    cells = {cell.code: cell.count for cell in s2.cells}
    # "yes" is small; "no" would give it away as n − no, so it is hidden too.
    assert cells == {"yes": None, "no": None}
    assert all(s2.share(cell) is None for cell in s2.cells)


def test_guard_shows_cells_at_k(app_context):
    employer = add_employer("Burger Barn")
    for _ in range(K):
        report(answers={"S2": "yes", "S1": "lt3d"})
    for _ in range(K + 1):
        report(answers={"S2": "no"})
    summary = employer_summary(scope=EVERYONE, employer_id=employer.id)
    assert summary.reports == 2 * K + 1
    by_key = {q.question.key: q for q in summary.questions}
    assert {c.code: c.count for c in by_key["S2"].cells} == {"yes": K, "no": K + 1}
    assert by_key["S2"].share(by_key["S2"].cells[0]) == pytest.approx(K / (2 * K + 1))
    assert {c.code: c.count for c in by_key["S1"].cells} == {
        "lt3d": K, "3to6d": 0, "1to2w": 0, "2wplus": 0, "fixed": 0
    }
    assert by_key["S3"].n is None  # nobody answered: "not enough answers"
    assert employer_listing(scope=EVERYONE)[0].reports == 2 * K + 1


def test_listing_does_not_rank_hidden_counts(app_context):
    add_employer("Alpha Foods")
    add_employer("Zeta Foods")
    for _ in range(4):
        report("Zeta Foods")
    report("Alpha Foods")
    assert [row.name for row in employer_listing(scope=EVERYONE)] == ["Alpha Foods", "Zeta Foods"]
