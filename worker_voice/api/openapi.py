"""The OpenAPI 3.0 document of the API, served at /api/v1/openapi.json.

Built per request, because its descriptions are translated and the column descriptions come
from insights.tables (SUMMARY_COLUMNS, TREND_COLUMNS), the same text the CSV readme uses. The
schemas are strict (every property required, no others allowed) so that the tests, which check
every response against this document, catch a field that drifts.
"""

from collections.abc import Iterable

from flask import current_app, request
from flask_babel import gettext as _

from ..insights.tables import SUMMARY_COLUMNS, TREND_COLUMNS, Column
from ..models import RelationKind

MAX_ID = 2**31 - 1  # ids are 32-bit integers; a larger one names nothing
MAX_PAGE = 1_000_000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50

# Columns of a summary row that are empty (null) when the guard holds a figure back, there is
# no rating yet, or no industry figure to compare with.
NULLABLE_SUMMARY_COLUMNS = frozenset({
    "first_day", "last_day", "tier", "score", "workers_with_problem", "workers_answered",
    "share", "ci95_low", "ci95_high", "industry_share", "industry_employers",
    "industry_region_share", "industry_region_employers",
})
KINDS = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "boolean"},
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    if "$ref" in schema:  # OpenAPI 3.0 ignores siblings of $ref
        return {"allOf": [schema], "nullable": True}
    return {**schema, "nullable": True}


def _object(properties: dict, description: str = "") -> dict:
    schema = {"type": "object", "properties": properties, "required": sorted(properties),
              "additionalProperties": False}
    return {**schema, "description": description} if description else schema


def _rows(columns: tuple[Column, ...], nullable: frozenset[str], description: str) -> dict:
    properties = {}
    for column in columns:
        schema = {**KINDS[column.kind], "description": str(column.description)}
        properties[column.name] = _nullable(schema) if column.name in nullable else schema
    return _object(properties, description)


def _string(description: str = "", **extra: object) -> dict:
    return {"type": "string", **({"description": description} if description else {}), **extra}


def _integer(description: str = "", **extra: object) -> dict:
    return {"type": "integer", **({"description": description} if description else {}), **extra}


def _tier() -> dict:
    return {"type": "string", "enum": ["A", "B", "C", "D", None], "nullable": True,
            "description": _("Overall job-quality tier, A (best) to D; null when there are "
                             "too few figures to rate.")}


def _headline() -> dict:
    """Fields a summary and a campaign share: the headline of the guarded summary."""
    day = {"type": "string", "format": "date"}
    return {
        "included_employers": {"type": "array", "items": {"type": "string"},
                               "description": _("Related employers whose figures are added "
                                                "in.")},
        "left_out": _integer(_("Related employers left out because they have no published "
                               "figures of their own."), minimum=0),
        "min_cell_size": _integer(_("The smallest number of workers a published figure "
                                    "counts."), minimum=1),
        "min_unanimous_size": _integer(_("The smallest group in which a share of 0 or 100 percent "
                                         "is published."), minimum=1),
        "reports": _nullable(_integer(_("Reports counted; null when there are too few to "
                                        "show anything."), minimum=0)),
        "first_day": _nullable({**day, "description": _("First day the figures cover.")}),
        "last_day": _nullable({**day, "description": _("Last day the figures cover.")}),
        "tier": _tier(),
        "score": _nullable({"type": "number", "minimum": 0, "maximum": 100,
                            "description": _("Overall job-quality score from 0 to 100.")}),
        "figures": {"type": "array", "items": _ref("FigureRow"),
                    "description": _("One row per indicator; empty when there are too few "
                                     "reports.")},
    }


def _page_schema(item: str) -> dict:
    return _object({
        "items": {"type": "array", "items": _ref(item)},
        "total": _integer(_("How many there are in all."), minimum=0),
        "page": _integer(minimum=1),
        "per_page": _integer(minimum=1, maximum=MAX_PER_PAGE),
        "next": _nullable(_string(_("The next page; null on the last."))),
    })


def _campaign_fields() -> dict:
    return {
        "id": _integer(minimum=1),
        "name": _string(),
        "owner": _object({
            "kind": _string(enum=["coalition", "organization"]),
            "name": _string(),
        }, _("Who runs the campaign: a coalition (figures pooled over its members) or one "
             "organization.")),
        "target": _object({"id": _integer(minimum=1), "name": _string()},
                          _("The employer the campaign presses.")),
        "include": {"type": "array",
                    "items": _string(enum=[kind.value for kind in RelationKind]),
                    "description": _("Relation kinds whose employers are rolled up with the "
                                     "target.")},
        "goal": _string(),
        "starts_on": _nullable(_string(_("Start of the campaign's window."), format="date")),
        "ends_on": _nullable(_string(_("End of the campaign's window."), format="date")),
        "url": _string(_("This campaign in the API.")),
    }


def _schemas() -> dict:
    return {
        "Error": _object({"error": _string(_("A code for programs: not_found, "
                                             "unauthorized…")),
                          "message": _string(_("What went wrong, for people."))}),
        "FigureRow": _rows(SUMMARY_COLUMNS, NULLABLE_SUMMARY_COLUMNS,
                           _("One indicator of a guarded summary, as in the CSV export.")),
        "TrendRow": _rows(TREND_COLUMNS, frozenset(),
                          _("Published figures that closed in one quarter.")),
        "Employer": _object({
            "id": _integer(minimum=1),
            "name": _string(),
            "reports": _integer(_("Reports counted."), minimum=0),
            "tier": _tier(),
            "score": _nullable({"type": "number", "minimum": 0, "maximum": 100}),
            "sector": _string(_("NAICS sector (two digits); empty when unknown.")),
            "region": _string(_("The city most of the employer's worksites are in.")),
            "summary": _string(_("The employer's summary in the API.")),
        }),
        "EmployerPage": _page_schema("Employer"),
        "Summary": _object({"employer_id": _integer(minimum=1), "employer": _string(),
                            "sector": _string(), "region": _string(), **_headline()}),
        "Campaign": _object(_campaign_fields()),
        "CampaignPage": _page_schema("Campaign"),
        "Demand": _object({
            "text": _string(),
            "indicator": _string(_("The indicator that measures the demand.")),
            "figure": _nullable(_ref("FigureRow")),
        }),
        "CampaignDetail": _object({
            **_campaign_fields(), **_headline(),
            "demands": {"type": "array", "items": _ref("Demand")},
            "trend": {"type": "array", "items": _ref("TrendRow")},
            "quotes": {"type": "array", "items": _string(),
                       "description": _("Workers' words that their organization approved for "
                                        "use beyond it.")},
        }),
    }


def _error(description: str, headers: dict | None = None) -> dict:
    response = {"description": description,
                "content": {"application/json": {"schema": _ref("Error")}}}
    return {**response, "headers": headers} if headers else response


def _responses() -> dict:
    return {
        "BadRequest": _error(_("A query parameter is not valid.")),
        "Unauthorized": _error(_("No valid API token."), {"WWW-Authenticate": {
            "schema": {"type": "string"}, "required": True}}),
        "NotFound": _error(_("Nothing this token may read (a missing object looks the "
                             "same).")),
        "TooManyRequests": _error(_("This token's rate limit is used up."), {"Retry-After": {
            "schema": {"type": "integer", "minimum": 1}, "required": True,
            "description": _("Seconds to wait.")}}),
        "ServerError": _error(_("Something went wrong on the server.")),
    }


def _parameters() -> dict:
    return {
        "page": {"name": "page", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
        "per_page": {"name": "per_page", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                "default": DEFAULT_PER_PAGE}},
    }


def _id(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}, "example": 1}


def _operation(operation_id: str, summary: str, schema: str, *,
               parameters: Iterable[dict] = (),
               errors: Iterable[str] = ("Unauthorized", "TooManyRequests", "ServerError")) -> dict:
    codes = {"BadRequest": "400", "Unauthorized": "401", "NotFound": "404",
             "TooManyRequests": "429", "ServerError": "500"}
    responses = {"200": {"description": _("OK"), "content": {
        "application/json": {"schema": _ref(schema)}}}}
    responses.update({codes[name]: {"$ref": f"#/components/responses/{name}"}
                      for name in errors})
    return {"get": {"operationId": operation_id, "summary": summary,
                    "parameters": list(parameters), "responses": responses}}


def document() -> dict:
    page = [{"$ref": "#/components/parameters/page"},
            {"$ref": "#/components/parameters/per_page"}]
    listing = ("BadRequest", "Unauthorized", "TooManyRequests", "ServerError")
    include = {"name": "include", "in": "query", "required": False, "style": "form",
               "explode": True,
               "description": _("Add in the figures of related employers of these kinds."),
               "schema": {"type": "array", "uniqueItems": True, "items": {
                   "type": "string", "enum": [kind.value for kind in RelationKind]}}}
    prefix = current_app.extensions.get("api_prefix", "")
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Worker Voice API",
            "version": "1.0.0",
            "description": _("Read-only access to the guarded figures of one organization: "
                             "its published employer summaries and the campaigns it or its "
                             "coalitions run. Every number has passed the disclosure guard; "
                             "an organization admin creates the token."),
        },
        "servers": [{"url": request.script_root + prefix}],
        "security": [{"bearer": []}],
        "paths": {
            "/employers": _operation(
                "listEmployers", _("Employers with published figures, most reports first"),
                "EmployerPage", parameters=page, errors=listing),
            "/employers/{employer_id}/summary": _operation(
                "getEmployerSummary", _("The guarded summary of one employer"), "Summary",
                parameters=[_id("employer_id", _("The employer's number.")), include],
                errors=("BadRequest", "Unauthorized", "NotFound", "TooManyRequests",
                        "ServerError")),
            "/campaigns": _operation(
                "listCampaigns", _("Campaigns of the organization and its coalitions"),
                "CampaignPage", parameters=page, errors=listing),
            "/campaigns/{campaign_id}": _operation(
                "getCampaign", _("A campaign with its demands, figures, trend and quotes"),
                "CampaignDetail", parameters=[_id("campaign_id", _("The campaign's number."))],
                errors=("Unauthorized", "NotFound", "TooManyRequests", "ServerError")),
        },
        "components": {
            "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": _("An API token an organization admin created: "
                                 "Authorization: Bearer wv_…")}},
            "schemas": _schemas(),
            "responses": _responses(),
            "parameters": _parameters(),
        },
    }
