import time

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from ..audit import record
from ..extensions import db, login_manager
from ..models import User
from . import bp
from .passwords import authenticate


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
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(email=form.email.data, password=form.password.data)
        if user is not None:
            session.clear()  # a fresh session for the signed-in user
            login_user(user)
            session.permanent = True  # PERMANENT_SESSION_LIFETIME: 12 hours at most
            session["signed_in_at"] = session["seen_at"] = time.time()
            return redirect(_safe_next() or url_for("organizer.employers"))
        flash(_("The e-mail or password is not right."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    record("sign_out")
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


def _safe_next() -> str | None:
    target = request.args.get("next", "")
    # Only local paths: an open redirect would let a phishing link borrow our login page.
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None
