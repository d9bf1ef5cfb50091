"""The organizer's home: what changed since the last visit, each with a link to act on it."""

from datetime import date

from flask import redirect, render_template, session, url_for
from flask_login import current_user

from ..intake.review import home_overview
from . import bp, require_organization


@bp.route("/")
def home():
    if current_user.membership is None and current_user.is_platform_admin:
        return redirect(url_for(".platform"))
    organization_id = require_organization()
    # The day the visit before this one began, remembered at sign-in (None: a first visit).
    remembered = session.get("last_visit_on", {}).get(str(organization_id))
    since = date.fromisoformat(remembered) if remembered else None
    return render_template("organizer/home.html", last_visit_on=since, **home_overview(
        organization_id=organization_id, last_visit_on=since))
