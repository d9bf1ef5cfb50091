"""An organization admin's page for API tokens: create one (its plaintext is shown once, in the
answer to the form, and never stored) and revoke them."""

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ..api.tokens import TokenError, create_token, revoke_token, tokens_of
from . import bp
from .forms import RevokeTokenForm, TokenForm, broken, refuse
from .people import require_admin


@bp.get("/api-tokens")
def api_tokens() -> ResponseReturnValue:
    return _tokens_page(require_admin())


def _tokens_page(organization_id: int, *, creation: TokenForm | None = None,
                 plaintext: str | None = None) -> ResponseReturnValue:
    tokens = tokens_of(organization_id=organization_id)
    revokes = {token.id: RevokeTokenForm(formdata=None, token_id=token.id)
               for token in tokens if token.active}
    return render_template("organizer/api_tokens.html", plaintext=plaintext, tokens=tokens,
                           revokes=revokes, creation=creation or TokenForm(formdata=None),
                           ), 400 if creation is not None else 200


@bp.post("/api-tokens")
def create_api_token() -> ResponseReturnValue:
    organization_id = require_admin()
    form = TokenForm()
    if form.validate_on_submit():
        try:
            _token, plaintext = create_token(organization_id=organization_id,
                                             name=form.name.data, created_by=current_user.id)
        except TokenError as error:
            refuse(form, "name", error)
        else:
            # Shown in this answer only: a redirect would carry it in the session cookie.
            return _tokens_page(organization_id, plaintext=plaintext)
    return _tokens_page(organization_id, creation=form)


@bp.post("/api-tokens/revoke")
def revoke_api_token() -> ResponseReturnValue:
    organization_id = require_admin()
    form = RevokeTokenForm()
    if not form.validate_on_submit():
        broken(form)
    try:
        revoke_token(token_id=form.token_id.data, organization_id=organization_id)
    except TokenError:
        abort(404)  # another organization's token looks like no token
    flash(_("Revoked. Programs using that token can no longer read anything."), "info")
    return redirect(url_for(".api_tokens"))
