"""The organizer's home: what changed since the last visit, each with a link to act on it."""

from datetime import date

from flask import redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..insights.moves import latest_moves
from ..intake.overview import visit_overview
from ..survey import QUESTIONS_BY_KEY
from . import bp, require_organization


@bp.route("/")
def home() -> ResponseReturnValue:
    if current_user.membership is None and current_user.is_platform_admin:
        return redirect(url_for(".platform"))
    organization_id = require_organization()
    # The day the visit before this one began, remembered at sign-in (None: a first visit).
    remembered = session.get("last_visit_on", {}).get(str(organization_id))
    since = date.fromisoformat(remembered) if remembered else None
    overview = visit_overview(organization_id=organization_id, last_visit_on=since)
    return render_template("organizer/home.html", overview=overview, last_visit_on=since,
                           bursts=overview.bursts, burst_min=overview.burst_min,
                           moves=latest_moves(organization_id=organization_id),
                           questions=QUESTIONS_BY_KEY)
