"""Organizer pages: downloads of guarded summaries, the data dictionary, and the
organization's own raw reports."""


from flask import Response, abort, request
from flask_login import current_user

from ..campaigns.exports import (
    CONTENT_TYPES,
    ExportFile,
    ExportNotFound,
    csv_bytes,
    export_campaign,
    export_summary,
    filename,
    summary_dictionary,
)
from ..campaigns.service import CampaignNotFound
from ..insights.disclosure import Scope
from ..intake.raw_export import (
    REPORT_COLUMNS,
    REPORTS_TABLE,
    ExportNotAllowed,
    export_reports,
)
from ..registry.coalitions import is_target, member_coalition
from . import bp, require_editor, require_organization
from .reports import report_filter
from .routes import reader_scope


def _download(exported: ExportFile) -> Response:
    response = Response(exported.data, content_type=exported.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


def _format(fmt: str) -> str:
    if fmt not in CONTENT_TYPES:
        abort(404)
    return fmt


@bp.route("/campaigns/<int:campaign_id>/export.<fmt>")
def campaign_export(campaign_id: int, fmt: str) -> Response:
    try:
        return _download(export_campaign(campaign_id=campaign_id, fmt=_format(fmt),
                                         organization_id=require_organization()))
    except CampaignNotFound:
        abort(404)


@bp.route("/employers/<int:employer_id>/export.<fmt>")
def employer_export(employer_id: int, fmt: str) -> Response:
    """The employer page's figures: same scope, same related employers added in."""
    scope = reader_scope()
    try:
        return _download(export_summary(
            employer_id=employer_id, scope=scope, include=request.args.getlist("include"),
            fmt=_format(fmt), scope_name="all" if scope.organizations is None else "own"))
    except ExportNotFound:
        abort(404)


@bp.route("/coalitions/<int:coalition_id>/employers/<int:employer_id>/export.<fmt>")
def coalition_export(coalition_id: int, employer_id: int, fmt: str) -> Response:
    """Pooled figures, for members of the coalition and its targets only."""
    organization_id = require_organization()
    coalition = member_coalition(coalition_id=coalition_id, organization_id=organization_id)
    if coalition is None or not is_target(coalition, employer_id):
        abort(404)
    scope = Scope(frozenset(m.id for m in coalition.members), organization_id)
    try:
        return _download(export_summary(
            employer_id=employer_id, scope=scope, include=request.args.getlist("include"),
            fmt=_format(fmt), coalition=coalition.name))
    except ExportNotFound:
        abort(404)


@bp.route("/exports/data-dictionary.csv")
def data_dictionary():
    return _download(summary_dictionary([(REPORTS_TABLE, REPORT_COLUMNS)]))


@bp.route("/reports/export.csv")
def raw_export():
    """The organization's own reports, filtered as on the reports page; editors only."""
    require_editor()
    try:
        rows = export_reports(user=current_user, filters=report_filter(request.args))
    except ExportNotAllowed:
        abort(403)
    name = f"reports {current_user.membership.organization.name}"
    return _download(ExportFile(filename(name, "csv"), CONTENT_TYPES["csv"],
                                csv_bytes(rows, REPORT_COLUMNS)))
