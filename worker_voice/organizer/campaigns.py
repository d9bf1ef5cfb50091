"""Campaign pages: the list, opening and changing a campaign, and its page of guarded figures
(from which the dossier, the exports and the API are made)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

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
from ..i18n import BY_CODE, current_language
from ..insights.briefing import category_trends, industry_of, standouts
from ..insights.disclosure import INDICATORS
from ..models import Campaign
from ..registry.coalitions import coalitions_of
from ..registry.labels import RELATION_LABELS
from ..registry.review import employer_chosen
from ..registry.sectors import sector_label
from . import bp, require_editor, require_organization
from .forms import CampaignForm, DeleteCampaignForm, DossierForm, NewCampaignForm, refuse


@bp.route("/campaigns")
def campaigns() -> ResponseReturnValue:
    return render_template("organizer/campaigns.html",
                           campaigns=campaigns_of(organization_id=require_organization()))


@bp.route("/campaigns/new", methods=["GET", "POST"])
def new_campaign() -> ResponseReturnValue:
    organization_id = require_editor()
    form = NewCampaignForm(coalitions=coalitions_of(organization_id=organization_id),
                           owner=request.args.get("coalition", ""))
    if form.validate_on_submit():
        try:
            campaign = open_campaign(
                organization_id=organization_id,
                coalition_id=int(form.owner.data) if form.owner.data else None,
                plan=_plan(form))
        except CampaignNotFound:
            abort(404)
        except CampaignError as error:
            refuse(form, error.field, error)
        else:
            flash(_("Campaign opened."), "info")
            return redirect(url_for(".campaign", campaign_id=campaign.id))
    return _form_page(form, campaign=None)


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
def edit_campaign(campaign_id: int) -> ResponseReturnValue:
    organization_id = require_editor()
    campaign = _readable(campaign_id)
    form = CampaignForm(data=None if request.method == "POST" else _campaign_data(campaign))
    if form.validate_on_submit():
        try:
            change_campaign(campaign_id=campaign_id, organization_id=organization_id,
                            plan=_plan(form))
        except CampaignError as error:
            refuse(form, error.field, error)
        else:
            flash(_("Saved."), "info")
            return redirect(url_for(".campaign", campaign_id=campaign_id))
    return _form_page(form, campaign=campaign)


@bp.post("/campaigns/<int:campaign_id>/delete")
def delete_campaign(campaign_id: int) -> ResponseReturnValue:
    organization_id = require_editor()
    if not DeleteCampaignForm().validate_on_submit():
        abort(400)
    try:
        close_campaign(campaign_id=campaign_id, organization_id=organization_id)
    except CampaignNotFound:
        abort(404)
    flash(_("Campaign deleted."), "info")
    return redirect(url_for(".campaigns"))


@bp.route("/campaigns/<int:campaign_id>")
def campaign(campaign_id: int) -> ResponseReturnValue:
    return campaign_page(campaign_id)


def campaign_page(campaign_id: int, *,
                  dossier_form: DossierForm | None = None) -> ResponseReturnValue:
    """The campaign's page; with the dossier form as sent when it was refused."""
    found = _readable(campaign_id)
    reader = require_organization()
    figures = campaign_figures(campaign=found, reader=reader)
    dossiers = [(d, shown_status(d))
                for d in latest_dossiers(campaign_id=campaign_id, organization_id=reader)]
    refused = dossier_form is not None
    summary = figures.summary
    found_standouts = standouts(summary)
    return render_template(
        "organizer/campaign.html", figures=figures, summary=summary,
        campaign=found, relation_labels=RELATION_LABELS, industry_of=industry_of,
        marked={s.item.question.key: s.direction.value for s in found_standouts},
        trends={t.category: t for t in category_trends(summary, figures.trend)},

        sector_label=sector_label, language_of=BY_CODE,
        dossiers=dossiers, indicators={q.key: q for q in INDICATORS},
        dossier_form=dossier_form if refused else DossierForm(formdata=None,
                                                              language=current_language()),
    ), 400 if refused else 200


def _readable(campaign_id: int) -> Campaign:
    try:
        return readable_campaign(campaign_id=campaign_id, organization_id=require_organization())
    except CampaignNotFound:
        abort(404)


def _form_page(form: CampaignForm, *, campaign: Campaign | None) -> ResponseReturnValue:
    if form.errors:
        flash(_("Please correct the marked fields."), "error")
    demands = form.demands
    if len(demands) < MAX_DEMANDS and all(entry.text.data for entry in demands):
        demands.append_entry()  # always room for one more
    return render_template(
        "organizer/campaign_form.html", form=form, campaign=campaign,
        delete_form=DeleteCampaignForm(formdata=None),
    ), 400 if form.errors else 200


def _campaign_data(campaign: Campaign) -> dict:
    """The campaign as its form shows it."""
    return {"name": campaign.name, "target": campaign.target.name,
            "include": [str(kind) for kind in campaign.include], "goal": campaign.goal,
            "starts_on": campaign.starts_on, "ends_on": campaign.ends_on,
            "demands": [{"indicator": d.question_key, "text": d.text}
                        for d in campaign.demands]}


def _plan(form: CampaignForm) -> CampaignPlan:
    return CampaignPlan(
        name=form.name.data, target_employer_id=employer_chosen(
            name=form.target.data, employer_id="") or None,
        include=tuple(form.include.data), goal=form.goal.data or "",
        starts_on=form.starts_on.data, ends_on=form.ends_on.data,
        demands=tuple(Demand(d["indicator"] or "", d["text"] or "") for d in form.demands.data))
