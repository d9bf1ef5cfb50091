"""The read-only JSON API: guarded summaries, employers and campaigns of one organization.

A bearer token stands for its organization: it reads that organization's own published figures
and the campaigns the organization or its coalitions run. Anything it may not read answers 404,
like something that does not exist. Errors are JSON too, routing errors included.
"""

import re

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, HTTPException, NotFound, Unauthorized

from ..campaigns.figures import campaign_figures
from ..campaigns.service import CampaignNotFound, campaigns_of, readable_campaign
from ..extensions import csrf
from ..insights.disclosure import Scope
from ..insights.release import published_employers
from ..insights.summaries import employer_summary
from ..models import RelationKind
from . import bp, limits
from .documents import (
    campaign_document,
    campaign_item,
    employer_item,
    page_of,
    summary_document,
)
from .limits import limited
from .openapi import DEFAULT_PER_PAGE, MAX_ID, MAX_PAGE, MAX_PER_PAGE, document
from .tokens import authenticate

PUBLIC = frozenset({"api.openapi", "api.docs"})  # readable without a token
RELATION_KINDS = tuple(kind.value for kind in RelationKind)
_DIGITS = re.compile(r"[0-9]{1,10}")
REALM = 'Bearer realm="Worker Voice API"'

# The API reads only, and only for a token sent in a header, never for the session cookie:
# a forged cross-site request could neither change anything nor borrow anyone's access.
csrf.exempt(bp)


@bp.record_once
def _set_up(state: BlueprintSetupState) -> None:
    # Flask types the setup state's app as its sans-IO base class; it is the Flask app.
    assert isinstance(state.app, Flask)
    state.app.extensions["api_prefix"] = state.url_prefix or ""
    limits.init_app(state.app)


class BadParameter(BadRequest):
    """A query parameter the API cannot use; names it for the reader."""

    def __init__(self, message: str):
        super().__init__(description=message)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("Something in the request was not right.")),
        401: ("unauthorized", _("Send a valid API token: Authorization: Bearer <token>.")),
        404: ("not_found", _("There is nothing here that this token may read.")),
        405: ("method_not_allowed", _("This API only reads: use GET.")),
        429: ("too_many_requests", _("Too many requests for this token. Wait and try again.")),
        500: ("server_error", _("Something went wrong on our side. Please try again later.")),
    }


def error_response(error: HTTPException) -> Response:
    code = error.code or 500
    name, message = _messages().get(code, ("error", error.name))
    if isinstance(error, BadParameter):
        message = error.description
    response = jsonify({"error": name, "message": message})
    response.status_code = code
    if code == 401:
        presented = g.get("api_token_presented", False)
        response.headers["WWW-Authenticate"] = REALM + (', error="invalid_token"'
                                                        if presented else "")
    elif code == 405:
        response.headers["Allow"] = ", ".join(sorted(getattr(error, "valid_methods", None)
                                                     or ["GET", "HEAD", "OPTIONS"]))
    elif code == 429:
        response.headers["Retry-After"] = str(limits.retry_after())
    return response


def _http_error(error: HTTPException) -> HTTPException | Response:
    if error.code is not None and error.code < 400:
        return error  # redirects stay redirects
    return error_response(error)


# Flask prefers an app's handler for a status code over a blueprint's for HTTPException, so the
# codes the HTML error pages handle are named here too.
bp.register_error_handler(HTTPException, _http_error)
for _code in (400, 401, 403, 404, 405, 413, 429, 500):
    bp.register_error_handler(_code, _http_error)


@bp.errorhandler(CampaignNotFound)
def _no_campaign(_error):
    return error_response(NotFound())


@bp.before_app_request
def _routing_errors():
    """An unknown path or method under the API answers JSON too (a routing error belongs to no
    blueprint, so the HTML error pages would otherwise answer it)."""
    error = request.routing_exception
    prefix = current_app.extensions.get("api_prefix", "")
    if (error is None or not isinstance(error, HTTPException) or (error.code or 0) < 400
            or not (request.path == prefix or request.path.startswith(prefix + "/"))):
        return None
    return error_response(error)


@bp.before_request
def require_token():
    if request.endpoint in PUBLIC:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _space, credentials = header.strip().partition(" ")
    token = authenticate(credentials.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        g.api_token_presented = bool(header)
        raise Unauthorized
    g.api_token_id, g.api_organization_id = token.id, token.organization_id
    return None


def _organization() -> int:
    return g.api_organization_id


def _single(name: str) -> str | None:
    values = request.args.getlist(name)
    if len(values) > 1:
        raise BadParameter(_("Give %(name)s once.", name=name))
    return values[0] if values else None


def _whole_number(name: str, default: int, maximum: int) -> int:
    raw = _single(name)
    if raw is None:
        return default
    if not _DIGITS.fullmatch(raw) or not 1 <= int(raw) <= maximum:
        raise BadParameter(_("%(name)s must be a whole number from 1 to %(maximum)s.",
                             name=name, maximum=maximum))
    return int(raw)


def _paging() -> tuple[int, int]:
    return (_whole_number("page", 1, MAX_PAGE),
            _whole_number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE))


def _object_id(raw: str) -> int:
    """A path id; anything that cannot be an id names nothing (404, as for a missing one)."""
    if not _DIGITS.fullmatch(raw) or not 1 <= int(raw) <= MAX_ID:
        raise NotFound
    return int(raw)


def _include() -> list[str]:
    kinds = request.args.getlist("include")
    if any(kind not in RELATION_KINDS for kind in kinds) or len(set(kinds)) != len(kinds):
        raise BadParameter(_("include takes each of %(kinds)s at most once.",
                             kinds=", ".join(RELATION_KINDS)))
    return kinds


@bp.get("/employers")
@limited
def employers():
    page, per_page = _paging()
    rows, total = published_employers(scope=Scope.own(_organization()),
                                      offset=(page - 1) * per_page, limit=per_page)
    return jsonify(page_of([employer_item(row) for row in rows], total=total, page=page,
                           per_page=per_page, endpoint="api.employers"))


@bp.get("/employers/<employer_id>/summary")
@limited
def summary(employer_id: str) -> Response:
    found = employer_summary(employer_id=_object_id(employer_id),
                             scope=Scope.own(_organization()), include=_include())
    if found is None:
        raise NotFound
    return jsonify(summary_document(found))


@bp.get("/campaigns")
@limited
def campaigns():
    page, per_page = _paging()
    everything = campaigns_of(organization_id=_organization())
    shown = everything[(page - 1) * per_page:page * per_page]
    return jsonify(page_of([campaign_item(c) for c in shown], total=len(everything),
                           page=page, per_page=per_page, endpoint="api.campaigns"))


@bp.get("/campaigns/<campaign_id>")
@limited
def campaign(campaign_id: str) -> Response:
    found = readable_campaign(campaign_id=_object_id(campaign_id),
                              organization_id=_organization())
    return jsonify(campaign_document(campaign_figures(campaign=found,
                                                      reader=_organization())))


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())


@bp.get("/")
def docs():
    return render_template("api/docs.html", spec=document())
