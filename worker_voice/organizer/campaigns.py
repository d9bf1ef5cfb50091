"""Campaign pages: the list, opening and changing a campaign, and its page of guarded figures
(from which the dossier, the exports and the API are made)."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from ..campaigns.dossier import latest_dossiers, shown_status
from ..campaigns.figures import campaign_figures
from ..campaigns.service import (
    MAX_DEMANDS,
    CampaignError,
    CampaignNotFound,
    CampaignPlan,
    Demand,
    campaigns_of,
    change_campaign,
    close_campaign,
    open_campaign,
    readable_campaign,
)
from ..i18n import BY_CODE, LANGUAGES
from ..insights.disclosure import INDICATORS
from ..insights.tables import iso_day
from ..models import RelationKind
from ..registry.coalitions import coalitions_of
from ..registry.labels import RELATION_LABELS
from ..registry.review import employer_chosen
from ..registry.sectors import sector_label
from . import bp, require_editor, require_organization

DEMAND_ROWS = 6  # empty demand rows the form offers

# What the form says when the service refuses a field.
FIELD_ERRORS = {
    "name": _l("Give the campaign a name (up to 200 characters)."),
    "target": _l("Choose the target employer by its exact name in the registry."),
    "include": _l("Choose related employers from the list."),
    "starts_on": _l("Enter the start as a date (year-month-day)."),
    "ends_on": _l("The window must end on or after its start, as a date (year-month-day)."),
    "demands": _l("Each demand needs an indicator that measures it."),
}


@bp.route("/campaigns")
def campaigns():
    return render_template("organizer/campaigns.html",
                           campaigns=campaigns_of(organization_id=require_organization()))


@bp.route("/campaigns/new", methods=["GET", "POST"])
def new_campaign():
    organization_id = require_editor()
    form = request.form if request.method == "POST" else _blank_form()
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            coalition = form.get("owner", "")
            campaign = open_campaign(
                organization_id=organization_id,
                coalition_id=int(coalition) if coalition.isdigit() else None,
                plan=_plan(form))
        except CampaignNotFound:
            abort(404)
        except CampaignError as error:
            errors[error.field] = str(FIELD_ERRORS.get(error.field, error))
        else:
            flash(_("Campaign opened."), "info")
            return redirect(url_for(".campaign", campaign_id=campaign.id))
    return _form_page(form, errors, campaign=None)


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
def edit_campaign(campaign_id: int):
    organization_id = require_editor()
    campaign = _readable(campaign_id)
    form = request.form if request.method == "POST" else _campaign_form(campaign)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            change_campaign(campaign_id=campaign_id, organization_id=organization_id,
                            plan=_plan(form))
        except CampaignError as error:
            errors[error.field] = str(FIELD_ERRORS.get(error.field, error))
        else:
            flash(_("Saved."), "info")
            return redirect(url_for(".campaign", campaign_id=campaign_id))
    return _form_page(form, errors, campaign=campaign)


@bp.post("/campaigns/<int:campaign_id>/delete")
def delete_campaign(campaign_id: int):
    organization_id = require_editor()
    try:
        close_campaign(campaign_id=campaign_id, organization_id=organization_id)
    except CampaignNotFound:
        abort(404)
    flash(_("Campaign deleted."), "info")
    return redirect(url_for(".campaigns"))


@bp.route("/campaigns/<int:campaign_id>")
def campaign(campaign_id: int):
    found = _readable(campaign_id)
    reader = require_organization()
    figures = campaign_figures(campaign=found, reader=reader)
    dossiers = [(d, shown_status(d))
                for d in latest_dossiers(campaign_id=campaign_id, organization_id=reader)]
    return render_template(
        "organizer/campaign.html", figures=figures, summary=figures.summary,
        campaign=found, relation_labels=RELATION_LABELS,
        sector_label=sector_label, languages=LANGUAGES, language_of=BY_CODE,
        dossiers=dossiers, indicators={q.key: q for q in INDICATORS})


def _readable(campaign_id: int):
    try:
        return readable_campaign(campaign_id=campaign_id, organization_id=require_organization())
    except CampaignNotFound:
        abort(404)


def _form_page(form, errors: dict[str, str], *, campaign):
    if errors:
        flash(_("Please correct the marked fields."), "error")
    rows = max(DEMAND_ROWS, len(form.getlist("demand_text")))
    return render_template(
        "organizer/campaign_form.html", errors=errors, campaign=campaign,
        coalitions=coalitions_of(organization_id=require_organization()),
        indicators=INDICATORS, kinds=list(RelationKind), relation_labels=RELATION_LABELS,
        demand_rows=min(rows, MAX_DEMANDS), values=_values(form),
    ), 400 if errors else 200


def _values(form: MultiDict) -> dict:
    """The form's values as the template reads them, whether typed or loaded."""
    listed = form.getlist
    return {"name": form.get("name", ""), "owner": form.get("owner", ""),
            "employer_name": form.get("employer_name", ""), "goal": form.get("goal", ""),
            "starts_on": form.get("starts_on", ""), "ends_on": form.get("ends_on", ""),
            "include": listed("include"),
            "demands": list(zip(listed("demand_indicator"), listed("demand_text"),
                                strict=False))}


def _blank_form() -> MultiDict:
    return MultiDict({"owner": request.args.get("coalition", "")})


def _campaign_form(campaign) -> MultiDict:
    """The campaign as its form, submitted unchanged."""
    return MultiDict([
        ("name", campaign.name), ("owner", str(campaign.coalition_id or "")),
        ("employer_name", campaign.target.name), ("goal", campaign.goal),
        ("starts_on", iso_day(campaign.starts_on) or ""),
        ("ends_on", iso_day(campaign.ends_on) or ""),
        *(("include", kind) for kind in campaign.include),
        *(("demand_indicator", d.question_key) for d in campaign.demands),
        *(("demand_text", d.text) for d in campaign.demands),
    ])


def _date(form, field: str) -> date | None:
    value = form.get(field, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CampaignError("not a date", field) from None


def _plan(form) -> CampaignPlan:
    demands = tuple(Demand(key, text) for key, text in zip(
        form.getlist("demand_indicator"), form.getlist("demand_text"), strict=False))
    target = employer_chosen(name=form.get("employer_name", ""), employer_id="")
    return CampaignPlan(
        name=form.get("name", ""), target_employer_id=target or None,
        include=tuple(form.getlist("include")), goal=form.get("goal", ""),
        starts_on=_date(form, "starts_on"), ends_on=_date(form, "ends_on"), demands=demands)
