"""An organization admin's page for API tokens: create one (its plaintext is shown once, in the
answer to the form, and never stored) and revoke them."""

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..api.tokens import TokenError, create_token, revoke_token, tokens_of
from ..models import Role
from . import bp, require_organization


@bp.route("/api-tokens", methods=["GET", "POST"])
def api_tokens():
    organization_id = require_organization()
    if current_user.role != Role.ADMIN:
        abort(403)
    plaintext = None
    if request.method == "POST":
        action = request.form.get("action")
        if action == "create":
            try:
                _token, plaintext = create_token(organization_id=organization_id,
                                                 name=request.form.get("name", ""),
                                                 created_by=current_user.id)
            except TokenError:
                flash(_("Give the token a name of up to 100 characters, such as what will "
                        "use it."), "error")
        elif action == "revoke":
            try:
                revoke_token(token_id=int(request.form.get("token_id", "")),
                             organization_id=organization_id)
            except (TokenError, ValueError):
                abort(404)  # another organization's token looks like no token
            flash(_("Revoked. Programs using that token can no longer read anything."), "info")
        else:
            abort(400)
    return render_template("organizer/api_tokens.html", plaintext=plaintext,
                           tokens=tokens_of(organization_id=organization_id))
