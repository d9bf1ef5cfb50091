"""Guarded summaries as files: CSV, and XLSX with a data dictionary.

A file holds the rows of insights.tables verbatim (or, for a campaign, what the campaign page
shows), so an export never has a cell the page would hide. Names, goals and quotes are typed by
people: a spreadsheet must not run them as formulas, whatever they start with.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypedDict, Unpack

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from ..audit import record
from ..insights.disclosure import EmployerSummary, Scope, related_kinds
from ..insights.summaries import employer_summary
from ..insights.tables import (
    SUMMARY_COLUMNS,
    TREND_COLUMNS,
    Column,
    iso_day,
    summary_rows,
    trend_rows,
)
from ..registry.labels import RELATION_LABELS
from .figures import CampaignFigures, campaign_figures
from .service import readable_campaign

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# What spreadsheets read as the start of a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMERIC = frozenset({"integer", "number"})


class ExportNotFound(Exception):
    """Nothing to export under that name (an unknown employer)."""


@dataclass(frozen=True)
class Sheet:
    title: str  # lazy gettext
    columns: Sequence[Column]
    rows: Sequence[dict]


@dataclass(frozen=True)
class ExportFile:
    filename: str  # ASCII only
    content_type: str
    data: bytes


CAMPAIGN_COLUMNS = (
    Column("campaign", "string", _l("The campaign's name.")),
    Column("owner", "string", _l("The coalition or organization running the campaign.")),
    Column("target_employer_id", "integer", _l("The target employer's number in Worker Voice.")),
    Column("target_employer", "string", _l("The employer the campaign presses.")),
    Column("included_relations", "string",
           _l("Kinds of related employers whose reports are added in, separated by "
              "semicolons.")),
    Column("goal", "string", _l("What the campaign wants to win.")),
    Column("starts_on", "date", _l("First day of the campaign's window; empty when open.")),
    Column("ends_on", "date", _l("Last day of the campaign's window; empty when open.")),
)
DEMAND_COLUMNS = (
    Column("position", "integer", _l("The demand's place in the campaign's list.")),
    Column("indicator", "string",
           _l("The code of the indicator that measures the demand (a row of the figures).")),
    Column("indicator_label", "string", _l("What the indicator asks about.")),
    Column("demand", "string", _l("The demand, as the campaign wrote it.")),
)
QUOTE_COLUMNS = (
    Column("quote", "string",
           _l("A worker's own words, redacted and approved for use beyond the organization "
              "that collected them.")),
)
DICTIONARY_COLUMNS = (
    Column("table", "string", _l("The sheet or file the column appears in.")),
    Column("column", "string", _l("The column's name, as in the header row.")),
    Column("type", "string", _l("integer, number, string, date or boolean.")),
    Column("description", "string", _l("What the column holds.")),
)
FIGURES, TREND, DICTIONARY = _l("figures"), _l("trend"), _l("data dictionary")
CAMPAIGN, DEMANDS, QUOTES = _l("campaign"), _l("demands"), _l("quotes")


def defuse(value):
    """A text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return defuse(value) if isinstance(value, str) else str(value)


def csv_bytes(rows: Iterable[dict], columns: Sequence[Column]) -> bytes:
    """The rows under a header of column names, in UTF-8 with a byte-order mark: without it
    Excel reads the file in the computer's legacy code page and garbles every accent."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([_csv_cell(row[column.name]) for column in columns])
    return out.getvalue().encode("utf-8-sig")


def dictionary_rows(tables: Iterable[tuple[str, Sequence[Column]]]) -> list[dict]:
    return [{"table": str(title), "column": column.name, "type": column.kind,
             "description": str(column.description)}
            for title, columns in tables for column in columns]


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """One sheet per table, then the data dictionary of their columns. Numbers are number
    cells, dates date cells; no cell is a formula."""
    book = Workbook()
    book.remove(book.active)
    tables = [(sheet.title, sheet.columns) for sheet in sheets]
    for sheet in [*sheets, Sheet(DICTIONARY, DICTIONARY_COLUMNS, dictionary_rows(tables))]:
        _write_sheet(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(book: Workbook, sheet: Sheet) -> None:
    # Excel refuses sheet names over 31 characters or with any of []:*?/\ in them.
    ws = book.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", str(sheet.title))[:31])
    ws.append([column.name for column in sheet.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    widths = [len(column.name) for column in sheet.columns]
    for r, row in enumerate(sheet.rows, start=2):
        for c, column in enumerate(sheet.columns, start=1):
            value = _xlsx_value(row[column.name], column.kind)
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                # openpyxl turns text starting with "=" into a formula; keep it text, and mark
                # it as typed-with-apostrophe so that editing the cell does not make it one.
                cell.data_type = "s"
                cell.quotePrefix = value.startswith(FORMULA_START)
                if "\n" in value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            widths[c - 1] = max(widths[c - 1], min(len(str(value or "")), 60))
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = width + 2


def _xlsx_value(value: object, kind: str) -> str | float | date | None:
    if value is None or isinstance(value, bool | int | float):
        return value
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if kind in NUMERIC and isinstance(value, Decimal):
        return float(value)
    # Control characters cannot be stored in XLSX at all (the worksheet XML forbids them),
    # and XML reads every line break as "\n": say so rather than let readers differ.
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def summary_sheets(summary: EmployerSummary) -> list[Sheet]:
    return [Sheet(FIGURES, SUMMARY_COLUMNS, summary_rows(summary))]


def campaign_sheets(figures: CampaignFigures) -> list[Sheet]:
    """What the campaign page shows: its plan, demands, figures, trend and approved quotes."""
    campaign = figures.campaign
    plan = {"campaign": campaign.name, "owner": campaign.owner_name,
            "target_employer_id": campaign.target_employer_id,
            "target_employer": campaign.target.name,
            "included_relations": "; ".join(str(RELATION_LABELS.get(kind, kind))
                                            for kind in campaign.include),
            "goal": campaign.goal or None,
            "starts_on": iso_day(campaign.starts_on), "ends_on": iso_day(campaign.ends_on)}
    demands = [{"position": i, "indicator": item.demand.question_key,
                "indicator_label": str(item.indicator.question.indicator)
                if item.indicator else None,
                "demand": item.demand.text}
               for i, item in enumerate(figures.demands, start=1)]
    return [Sheet(FIGURES, SUMMARY_COLUMNS, summary_rows(figures.summary)),
            Sheet(TREND, TREND_COLUMNS, trend_rows(figures.trend)),
            Sheet(CAMPAIGN, CAMPAIGN_COLUMNS, [plan]),
            Sheet(DEMANDS, DEMAND_COLUMNS, demands),
            Sheet(QUOTES, QUOTE_COLUMNS, [{"quote": quote} for quote in figures.quotes])]


def ascii_slug(name: str) -> str:
    """"Taco Rápido" → "taco-rapido": a file name every browser and mail client keeps,
    whatever script the name is in ("" when nothing of it is ASCII)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")


def filename(name: str, fmt: str, day: date | None = None) -> str:
    """`burger-barn-2025-04-01.csv`."""
    return f"{ascii_slug(name) or 'export'}-{(day or date.today()).isoformat()}.{fmt}"


def _file(sheets: list[Sheet], name: str, fmt: str) -> ExportFile:
    if fmt == "csv":  # a CSV holds one table: the figures
        data = csv_bytes(sheets[0].rows, sheets[0].columns)
    elif fmt == "xlsx":
        data = xlsx_bytes(sheets)
    else:
        raise ValueError(fmt)
    return ExportFile(filename(name, fmt), CONTENT_TYPES[fmt], data)


class ExportDetail(TypedDict, total=False):
    """Where an exported summary was read, for the audit log."""

    scope_name: str  # "all" or "own", on the employer page
    coalition: str  # the coalition whose pooled figures these are


def export_summary(*, employer_id: int, scope: Scope, include: Iterable[str] = (), fmt: str,
                   **detail: Unpack[ExportDetail]) -> ExportFile:
    """An employer's guarded summary as the page shows it (same scope, same roll-up); the
    export is written to the audit log. `detail` says for the log where it was read."""
    kinds = related_kinds(employer_id)
    include = [kind for kind in include if kind in kinds]
    summary = employer_summary(employer_id=employer_id, scope=scope, include=include)
    if summary is None:
        raise ExportNotFound
    exported = _file(summary_sheets(summary), summary.employer_name, fmt)
    record("summary_exported", target=summary.employer_name[:200], format=fmt,
           include=include, **detail)
    return exported


def export_campaign(*, campaign_id: int, organization_id: int, fmt: str) -> ExportFile:
    """A campaign's figures for a reader of the campaign (CampaignNotFound for anyone else)."""
    campaign = readable_campaign(campaign_id=campaign_id, organization_id=organization_id)
    figures = campaign_figures(campaign=campaign, reader=organization_id)
    exported = _file(campaign_sheets(figures), campaign.name, fmt)
    record("summary_exported", target=campaign.target.name[:200], format=fmt,
           campaign=campaign.name)
    return exported


def summary_dictionary(extra: Iterable[tuple[str, Sequence[Column]]] = ()) -> ExportFile:
    """The data dictionary of every table an export writes, as CSV."""
    tables = [(FIGURES, SUMMARY_COLUMNS), (TREND, TREND_COLUMNS), (CAMPAIGN, CAMPAIGN_COLUMNS),
              (DEMANDS, DEMAND_COLUMNS), (QUOTES, QUOTE_COLUMNS), *extra]
    return ExportFile(filename("data-dictionary", "csv"), CONTENT_TYPES["csv"],
                      csv_bytes(dictionary_rows(tables), DICTIONARY_COLUMNS))
