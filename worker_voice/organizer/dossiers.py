"""Organizer pages: a campaign's dossier (PDF) — ask for one, watch it being made, download it."""

from flask import Response, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from ..campaigns import dossier as service
from ..campaigns.service import CampaignNotFound, readable_campaign
from ..i18n import BY_CODE
from . import bp, require_organization
from .campaigns import campaign_page
from .forms import DossierForm


@bp.post("/campaigns/<int:campaign_id>/dossiers")
def request_dossier(campaign_id: int) -> ResponseReturnValue:
    """Any member who reads the campaign may ask: a dossier shows what the page shows."""
    organization_id = require_organization()
    form = DossierForm()
    if not form.validate_on_submit():
        return campaign_page(campaign_id, dossier_form=form)
    try:
        dossier = service.request_dossier(campaign_id=campaign_id,
                                          organization_id=organization_id,
                                          locale=form.language.data)
    except CampaignNotFound:
        abort(404)
    except service.DossierError:
        abort(400)  # the form offers exactly the languages the service writes in
    return redirect(url_for(".dossier", campaign_id=campaign_id, dossier_id=dossier.id))


@bp.route("/campaigns/<int:campaign_id>/dossiers/<int:dossier_id>")
def dossier(campaign_id: int, dossier_id: int) -> ResponseReturnValue:
    organization_id = require_organization()
    try:
        found = service.readable_dossier(campaign_id=campaign_id, dossier_id=dossier_id,
                                         organization_id=organization_id)
        others = [d for d in service.latest_dossiers(campaign_id=campaign_id,
                                                     organization_id=organization_id)
                  if d.id != found.id]
        campaign = readable_campaign(campaign_id=campaign_id, organization_id=organization_id)
    except (CampaignNotFound, service.DossierNotFound):
        abort(404)
    return render_template("organizer/dossier.html", dossier=found, campaign=campaign,
                           status=service.shown_status(found), others=others,
                           language_of=BY_CODE, active=service.ACTIVE,
                           form=DossierForm(formdata=None, language=found.locale))


@bp.route("/campaigns/<int:campaign_id>/dossiers/<int:dossier_id>.pdf")
def dossier_pdf(campaign_id: int, dossier_id: int) -> ResponseReturnValue:
    try:
        pdf, filename = service.download_dossier(
            campaign_id=campaign_id, dossier_id=dossier_id,
            organization_id=require_organization())
    except (CampaignNotFound, service.DossierNotFound):
        abort(404)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
