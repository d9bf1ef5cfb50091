import time

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..audit import record
from ..extensions import db, login_manager
from ..models import Organization, User
from . import bp, invitations, twofactor
from .passwords import AccountError, authenticate, is_locked


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("Please enter your e-mail.")), Length(max=254)]
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please enter your password.")), Length(max=1024)],
    )


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The account of an "id:version" session, if the version is still the account's: signing
    out or a new password raises it and so ends every older session."""
    number, _sep, version = user_id.partition(":")
    if not (number.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(number))
    return user if user is not None and user.session_version == int(version) else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(email=form.email.data, password=form.password.data)
        if user is not None:
            target = _safe_next() or url_for("organizer.home")
            session.clear()  # a fresh session for the signed-in user
            if user.totp_secret:
                session["pending_user"], session["pending_since"] = user.id, time.time()
                return redirect(url_for("auth.two_factor", next=target))
            _sign_in(user)
            return redirect(target)
        flash(_("The e-mail or password is not right."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    record("sign_out")
    current_user.end_sessions()  # a copy of this session's cookie stops working too
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


def _sign_in(user: User) -> None:
    login_user(user)
    session.permanent = True  # PERMANENT_SESSION_LIFETIME: 12 hours at most
    session["signed_in_at"] = session["seen_at"] = time.time()


class CodeForm(FlaskForm):
    code = StringField(_l("6-digit code from your app"), validators=[
        DataRequired(_l("Please enter the code.")), Length(max=12)])


@bp.route("/two-factor", methods=["GET", "POST"])
def two_factor():
    """Second step of signing in, for accounts with two-factor sign-in."""
    if current_user.is_authenticated:
        return redirect(url_for("organizer.home"))
    user_id = session.get("pending_user")
    fresh = time.time() - session.get("pending_since", 0) < 300
    user = db.session.get(User, user_id) if user_id and fresh else None
    if user is None or is_locked(email=user.email):
        for key in ("pending_user", "pending_since", "pending_tries"):
            session.pop(key, None)
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if twofactor.verify(user=user, code=form.code.data):
            session.clear()
            _sign_in(user)
            return redirect(_safe_next() or url_for("organizer.home"))
        tries = session.get("pending_tries", 0) + 1
        if tries >= twofactor.MAX_CODE_TRIES:
            session.clear()  # the password step starts over
            flash(_("Too many wrong codes. Please sign in again."), "error")
            return redirect(url_for("auth.login"))
        session["pending_tries"] = tries
        flash(_("That code is not right, or was used already. Try the next one."), "error")
    return render_template("auth/two_factor.html", form=form)


@bp.route("/two-factor/setup", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    secret = session.get("totp_setup") or twofactor.new_secret()
    session["totp_setup"] = secret
    form = CodeForm()
    if form.validate_on_submit():
        if twofactor.enable(user=current_user, secret=secret, code=form.code.data):
            session.pop("totp_setup", None)
            flash(_("Two-factor sign-in is on."), "info")
            return redirect(url_for("organizer.home"))
        flash(_("That code is not right. Check the time on your phone and try again."), "error")
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render_template("auth/two_factor_setup.html", form=form, secret=grouped,
                           uri=twofactor.provisioning_uri(current_user, secret))


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password (at least 12 characters)"), validators=[
        DataRequired(_l("Please enter your password.")), Length(max=1024)])


def _password_page(purpose: str, token: str) -> ResponseReturnValue:
    if invitations.valid_token(token, purpose) is None:
        abort(404)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            invitations.use_token(token=token, purpose=purpose, password=form.password.data)
        except AccountError:
            flash(_("Choose a longer, less common password."), "error")
        else:
            flash(_("Your password is set. Please sign in."), "info")
            return redirect(url_for("auth.login"))
    return render_template("auth/new_password.html", form=form, purpose=purpose)


class JoinForm(FlaskForm):
    """Accept an invitation with the account one is signed in as."""


@bp.route("/accept/<token>", methods=["GET", "POST"])
def accept(token: str) -> ResponseReturnValue:
    """An invitation link: the invited person chooses a password or, if their e-mail has an
    account, signs in as it and accepts."""
    invitation = invitations.valid_token(token, "invite")
    if invitation is None:
        abort(404)
    organization = db.session.get_one(Organization, invitation.organization_id)
    if not invitations.has_account(invitation):
        return _password_page("invite", token)
    if not current_user.is_authenticated:
        flash(_("You have an account already: sign in to accept the invitation."), "info")
        return redirect(url_for("auth.login", next=request.path))
    form = JoinForm()
    if form.validate_on_submit():
        try:
            invitations.join(token=token, user=current_user)
        except invitations.InvitationForAnotherAccount:
            pass  # the page below says so
        except AccountError:
            abort(404)
        else:
            flash(_("You are now a member of %(name)s.", name=organization.name), "info")
            return redirect(url_for("organizer.home"))
    mine = invitation.email == current_user.email
    return render_template("auth/join.html", form=form, organization=organization,
                           mine=mine), 200 if mine else 403


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> ResponseReturnValue:
    """A reset link an admin issued."""
    return _password_page("reset", token)


def _safe_next() -> str | None:
    target = request.args.get("next", "")
    # Only local paths: an open redirect would let a phishing link borrow our login page.
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None
