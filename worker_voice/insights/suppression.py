"""Small-cell suppression, pure and separately testable.

Primary suppression hides every cell counting 1 to k−1 people. Complementary suppression then
makes sure subtraction cannot bring a hidden cell back: when the cells of a question add up to a
published n, the hidden ones add up to n minus the shown ones, so we keep hiding the smallest
shown positive cells until at least two cells are hidden and together they hold at least k.
"""

from collections.abc import Mapping


def suppress(
    counts: Mapping[str, int], *, total: int, min_cell_size: int, exhaustive: bool,
    also_hide: frozenset[str] = frozenset(),
) -> dict[str, int | None]:
    """Return the counts to publish, with `None` for each suppressed cell.

    `exhaustive` says the cells partition `total` (each respondent is in exactly one cell).
    `also_hide` are cells hidden for another reason (a combined view hides a cell that one of
    its members hides); complementary suppression then protects them like small cells.
    Zero cells are published as zero: they reveal no one, and hiding them would not protect a
    hidden positive cell (the hidden sum would still belong to it alone).
    """
    if total < min_cell_size:
        return dict.fromkeys(counts)
    hidden = {code for code, count in counts.items() if 0 < count < min_cell_size}
    hidden |= {code for code in also_hide if counts.get(code)}
    if exhaustive and hidden:
        shown_positive = sorted(
            (count, code) for code, count in counts.items() if count > 0 and code not in hidden
        )
        while (len(hidden) < 2 or sum(counts[c] for c in hidden) < min_cell_size) and (
            shown_positive
        ):
            hidden.add(shown_positive.pop(0)[1])
    return {code: (None if code in hidden else count) for code, count in counts.items()}
