"""Charts drawn on the server as inline SVG, for the organizer's pages and the dossier alike:
no script, no third-party asset, and a PDF renderer draws them as the browser does.

Each chart is an image with a title and a description (its figures in words); the page shows the
same figures in a table beside or behind it. SVG text holds numbers and quarter labels only:
WeasyPrint draws SVG text without bidirectional shaping, so words (Arabic above all) stay in the
HTML around the chart. The percent axis runs left to right in every language, as numbers do.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from flask_babel import gettext as _
from markupsafe import Markup, escape

from .i18n import percent
from .insights.periods import quarter_label

TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)
# Colour and marker per line, told apart without colour too (the legend repeats both).
SERIES_STYLES = (("#0b5394", "circle"), ("#b45f06", "square"), ("#38761d", "triangle"),
                 ("#741b47", "diamond"), ("#3d3d3d", "cross"), ("#0e7c86", "circle"))
INDUSTRY = "#b42318"


def _svg(view: tuple[int, int], chart_id: str, title: str, description: str, body: str,
         css_class: str) -> Markup:
    width, height = view
    return Markup(
        '<svg class="{css_class}" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{chart_id}-t">{title}</title><desc id="{chart_id}-d">{description}</desc>'
        '{body}</svg>').format(css_class=css_class, width=width, height=height,
                               chart_id=chart_id, title=title, description=description,
                               body=_drawn(body))


def _drawn(shapes: str) -> Markup:
    """The shapes of a chart as markup. They hold numbers and this module's colours only; every
    text in them went through `_text`, which escapes it."""
    return Markup(shapes)  # noqa: S704


def _text(x: float, y: float, text: str, *, anchor: str = "middle", size: int = 9,
          fill: str = "#444444") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{fill}">{escape(text)}</text>')


def interval_plot(*, chart_id: str, title: str, description: str, share: float,
                  interval: tuple[float, float], industry: float | None,
                  scale: bool = True) -> Markup:
    """One indicator on a 0–100% scale: the share as a dot, its 95% interval as a band, the
    industry's share as a red mark. `scale`: the 0–100% labels under the gridlines (a narrow
    printed column leaves them out; its neighbours print the numbers)."""
    left, right, top = 12.0, 228.0, 4.0
    span = right - left

    def x(value: float) -> float:
        return left + span * min(max(value, 0.0), 1.0)

    parts = []
    for tick in TICKS:
        parts.append(f'<line x1="{x(tick):.1f}" y1="{top}" x2="{x(tick):.1f}" y2="24" '
                     f'stroke="#d9e1ea" stroke-width="1"/>')
        if scale:
            parts.append(_text(x(tick), 36, percent(tick), size=10))
    low, high = interval
    parts.append(f'<line x1="{left}" y1="24" x2="{right}" y2="24" stroke="#8a96a3"/>')
    parts.append(f'<rect x="{x(low):.1f}" y="9" width="{max(x(high) - x(low), 1.0):.1f}" '
                 f'height="10" rx="2" fill="#9fc0e0"/>')
    if industry is not None:
        parts.append(f'<path d="M{x(industry):.1f} {top} v20" stroke="{INDUSTRY}" '
                     f'stroke-width="2.5"/>')
        parts.append(f'<path d="M{x(industry):.1f} 9 l4 5 l-4 5 l-4 -5 z" fill="{INDUSTRY}"/>')
    parts.append(f'<circle cx="{x(share):.1f}" cy="14" r="4.5" fill="#0b2545" '
                 f'stroke="#ffffff" stroke-width="1"/>')
    return _svg((240, 40 if scale else 26), chart_id, title, description, "".join(parts),
                "chart interval")


@dataclass(frozen=True)
class Series:
    """One line of a trend chart: shares by quarter, oldest first."""

    points: tuple[tuple[date, float], ...]


class Point(Protocol):
    quarter: date

    @property
    def share(self) -> float: ...


def series_of(points: Iterable[Point]) -> Series:
    return Series(tuple((point.quarter, point.share) for point in points))


def marker(shape: str, x: float, y: float, colour: str, size: float = 4.0) -> str:
    if shape == "square":
        return (f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size:.1f}" '
                f'height="{2 * size:.1f}" fill="{colour}"/>')
    if shape == "triangle":
        return (f'<path d="M{x:.1f} {y - size - 1:.1f} l{size + 1:.1f} {2 * size + 1:.1f} '
                f'h{-2 * size - 2:.1f} z" fill="{colour}"/>')
    if shape == "diamond":
        return (f'<path d="M{x:.1f} {y - size - 1:.1f} l{size + 1:.1f} {size + 1:.1f} '
                f'l{-size - 1:.1f} {size + 1:.1f} l{-size - 1:.1f} {-size - 1:.1f} z" '
                f'fill="{colour}"/>')
    if shape == "cross":
        return (f'<path d="M{x - size:.1f} {y - size:.1f} l{2 * size:.1f} {2 * size:.1f} '
                f'm0 {-2 * size:.1f} l{-2 * size:.1f} {2 * size:.1f}" stroke="{colour}" '
                f'stroke-width="2.5"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" fill="{colour}"/>'


def legend_swatch(index: int) -> Markup:
    """The line's colour and marker, for the legend in the HTML beside the chart."""
    colour, shape = SERIES_STYLES[index % len(SERIES_STYLES)]
    return Markup('<svg class="swatch" viewBox="0 0 28 12" aria-hidden="true">'
                  '<line x1="0" y1="6" x2="28" y2="6" stroke="{colour}" stroke-width="2.5"/>'
                  '{marker}</svg>').format(colour=colour,
                                           marker=_drawn(marker(shape, 14, 6, colour, 3.5)))


def quarters_between(first: date, last: date) -> list[date]:
    found, current = [], first
    while current <= last:
        found.append(current)
        month = current.month + 3
        current = date(current.year + month // 13, (month - 1) % 12 + 1, 1)
    return found


def trend_plot(*, chart_id: str, title: str, description: str,
               series: Sequence[Series]) -> Markup:
    """Lines of shares over quarters on a 0–100% axis with gridlines; the quarters along the
    bottom (every other one past eight, so the labels never overlap)."""
    drawn = [s for s in series if s.points]
    quarters = quarters_between(min(q for s in drawn for q, _ in s.points),
                                max(q for s in drawn for q, _ in s.points)) if drawn else []
    left, right, top, bottom = 40.0, 585.0, 10.0, 170.0
    place = {q: left + (right - left) * (i + 0.5) / len(quarters)
             for i, q in enumerate(quarters)}

    def y(share: float) -> float:
        return bottom - (bottom - top) * min(max(share, 0.0), 1.0)

    parts = []
    for tick in TICKS:
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{right}" y2="{y(tick):.1f}" '
                     f'stroke="{"#8a96a3" if tick == 0 else "#d9e1ea"}"/>')
        parts.append(_text(left - 5, y(tick) + 3, percent(tick), anchor="end"))
    every = 1 if len(quarters) <= 8 else 2
    for index, quarter in enumerate(quarters):
        if index % every == 0 or index == len(quarters) - 1:
            parts.append(_text(place[quarter], bottom + 16, quarter_label(quarter)))
    for index, line in enumerate(series):
        colour, shape = SERIES_STYLES[index % len(SERIES_STYLES)]
        coordinates = [(place[q], y(share)) for q, share in line.points]
        if len(coordinates) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in coordinates)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                         f'stroke-width="2.5"/>')
        parts.extend(marker(shape, px, py, colour) for px, py in coordinates)
    return _svg((600, 195), chart_id, title, description, "".join(parts), "chart trend")


def legend_dot() -> Markup:
    """The interval plot's dot and band, for the legend in the HTML."""
    return Markup('<svg class="swatch" viewBox="0 0 28 12" aria-hidden="true">'
                  '<rect x="2" y="2" width="24" height="8" rx="2" fill="#9fc0e0"/>'
                  '<circle cx="14" cy="6" r="4" fill="#0b2545"/></svg>')


def legend_industry() -> Markup:
    return Markup('<svg class="swatch" viewBox="0 0 28 12" aria-hidden="true">'
                  '<path d="M14 0 v12" stroke="{colour}" stroke-width="2.5"/>'
                  '<path d="M14 1 l4 5 l-4 5 l-4 -5 z" fill="{colour}"/></svg>').format(
                      colour=INDUSTRY)


def score_bar(score: float) -> Markup:
    """A category's score (0–100) as a bar beside the number the page prints."""
    return Markup('<svg class="meter" viewBox="0 0 100 8" preserveAspectRatio="none" '
                  'aria-hidden="true"><rect width="100" height="8" rx="2" fill="#e6ebf0"/>'
                  '<rect width="{width:.1f}" height="8" rx="2" fill="#0b5394"/></svg>').format(
                      width=min(max(score, 0.0), 100.0))


def lines_plot(*, chart_id: str, title: str,
               lines: Sequence[tuple[str, Sequence[Point]]]) -> Markup:
    """A trend chart of named lines, its description saying where each starts and ends."""
    words = [_("%(indicator)s: %(first)s in %(start)s, %(last)s in %(end)s", indicator=name,
               first=percent(points[0].share), start=quarter_label(points[0].quarter),
               last=percent(points[-1].share), end=quarter_label(points[-1].quarter))
             for name, points in lines if points]
    return trend_plot(chart_id=chart_id, title=title, description="; ".join(words),
                      series=[series_of(points) for _name, points in lines])
