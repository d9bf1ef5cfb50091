"""Public pages: nothing here records who is asking."""

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import format_number, refresh
from flask_babel import gettext as _

from ...extensions import csrf, db
from ...help_entries import TOPIC_LABELS, help_for_report, reach
from ...i18n import current_language
from ...intake import (
    EmployerToConfirm,
    InvalidReport,
    default_organization,
    delete_report,
    find_by_receipt,
    organizations_serving,
    submit_report,
)
from ...intake.receipts import display_receipt
from ...intake.validation import MAX_FREE_TEXT
from ...models import Employer, Organization
from ...models.ids import parse_id
from ...registry.matching import Candidate
from ...survey import CATEGORY_LABELS, QUESTIONS, questions_by_category
from ...survey.plan import CORE, SurveyMode, survey_mode
from ...uow import retry_on_conflict
from . import bp
from .forms import DeleteForm, ReportForm
from .limits import CODE_TRIES_PER_DAY, count_miss, misses_today, within_limit
from .pages import Section, items
from .topics import TOPICS_RECEIPT, topics_offer

EMPLOYER_SUGGESTIONS = 300
# Wrong receipt codes a browser may try in a day, on /delete and /report/more together.
DELETE_TRIES_PER_DAY = CODE_TRIES_PER_DAY
# The general link's question "who should read your report?": the organization chosen, and a
# mark that the question was on the page (so a language button keeps it before any choice).
READER_CHOICE = "reader_choice"
READER_ASKED = "reader_asked"


@bp.route("/")
def index():
    return render_template("web/index.html")


@bp.route("/methods")
def methods():
    """How summaries, scores and tiers are computed: public, so anyone handed a figure can
    check what it means."""
    from ...insights import ratings
    from ...insights.disclosure import INDICATORS, min_cell_size, min_unanimous_size
    from ...insights.release import MIN_PEERS
    from ...survey import CATEGORY_LABELS
    from ...survey.problems import PROBLEMS, SCORED_CATEGORIES

    return render_template(
        "web/methods.html", indicators=INDICATORS, problems=PROBLEMS, ratings=ratings,
        categories=[CATEGORY_LABELS[c] for c in SCORED_CATEGORIES], min_peers=MIN_PEERS,
        k=min_cell_size(), unanimous=min_unanimous_size(),
        retention_days=current_app.config["RETENTION_DAYS"],
        default_name=default.name if (default := default_organization()) else None,
    )


@bp.route("/r/<slug>", methods=["GET", "POST"])
@csrf.exempt
def report_for(slug: str) -> ResponseReturnValue:
    """An organization's own intake link: reports sent here are collected for it."""
    organization = db.session.scalar(sa.select(Organization).where(Organization.slug == slug))
    if organization is None:
        abort(404)
    return report(organization=organization)


@bp.route("/report", methods=["GET", "POST"])
@csrf.exempt  # checked by the form itself, so an expired token re-shows what was typed
def report(organization: Organization | None = None) -> ResponseReturnValue:
    if organization is None and (closed := _no_one_reads()) is not None:
        return closed
    g.collector = organization  # the form says who reads the report (_who_reads)
    form = ReportForm()
    if request.method == "GET":
        # One key per rendered form: a refresh, a double tap or back-and-resubmit stores once.
        form.submission_key.data = secrets.token_urlsafe(24)
        session.pop("receipt", None)
        session.pop(TOPICS_RECEIPT, None)  # a new report: the last one takes no more topics
    elif not form.submission_key.data:
        form.submission_key.data = secrets.token_urlsafe(24)
    switched = form.switched_language() if request.method == "POST" else None
    if switched and switched != current_language():
        # A language button: the same answers again in the new language, nothing stored and
        # nothing checked yet (a worker who has not finished has made no mistake).
        session["lang"] = switched
        refresh()
        return _render(form, reader=_reader_kept(form) if organization is None else None)
    if form.validate_on_submit():
        if form.website.data:
            # A bot filled the honeypot: thank it, store nothing.
            return redirect(url_for(".thanks"))
        return _submit(form, request.form.get("employer_choice"), organization)
    expired = request.method == "POST" and "csrf_token" in form.errors
    return _render(form, expired=expired), 400 if expired else 200


def _no_one_reads() -> ResponseReturnValue | None:
    """The page that says no organization reads reports sent here yet, when the deployment
    has named no default organization (organizer.organizations): a report stored now would
    be read by no one. It points to the organizations' own links instead. None: open."""
    if not current_app.config.get("GENERAL_LINK_NEEDS_DEFAULT", True):
        return None
    if default_organization() is not None:
        return None
    organizations = db.session.scalars(sa.select(Organization).where(
        Organization.slug.is_not(None)).order_by(Organization.name))
    page = render_template("web/no_organization.html", organizations=list(organizations))
    return page, 200 if request.method == "GET" else 409


@dataclass(frozen=True)
class ReaderQuestion:
    """The organizations serving the worker's city (two or more) and the one chosen, if any."""

    organizations: list[Organization]
    chosen: Organization | None

    @property
    def chosen_id(self) -> int | None:
        return self.chosen.id if self.chosen else None


def _posted_reader(serving: list[Organization]) -> Organization | None:
    """The organization the form chose, only if it serves the worker's city: a forged or stale
    id routes the report nowhere, and the question is asked again."""
    posted = request.form.get(READER_CHOICE, "")
    return next((o for o in serving if o.id == parse_id(posted)), None)


def _reader_kept(form: ReportForm) -> ReaderQuestion | None:
    """The reader question as it was on the page, for a language button (not asked anew)."""
    if READER_CHOICE not in request.form and READER_ASKED not in request.form:
        return None
    serving = organizations_serving(city=form.city.data or "")
    return ReaderQuestion(serving, _posted_reader(serving)) if len(serving) > 1 else None


def _render(form: ReportForm, *, expired: bool = False,
            candidates: tuple[Candidate, ...] = (), reader: ReaderQuestion | None = None,
            ask_reader: bool = False) -> str:
    return render_template(
        "web/report.html",
        form=form,
        expired=expired,
        candidates=candidates,
        reader=reader,
        ask_reader=ask_reader,
        sections=_sections(form),
        core=survey_mode() == SurveyMode.CORE,
        employer_names=_employer_suggestions(),
        max_free_text=format_number(MAX_FREE_TEXT),
        reads=_who_reads(),
    )


def _sections(form: ReportForm) -> list[Section]:
    """The core on one page, each follow-up after its screen; or (full) every question, by
    section, as the form has always been. Answers sent to other questions (a form kept from the
    full survey, a program) are shown too, after the core: nothing sent is lost, and a refused
    one is shown with its reason."""
    if survey_mode() == SurveyMode.CORE:
        sent = [question for question in QUESTIONS if question not in CORE
                and (form[question.key].errors or form[question.key].raw_data)]
        extra = [Section(_("Your other answers"), items(sent, pair=False))] if sent else []
        return [Section(_("The main questions"), items(CORE)), *extra]
    return [Section(str(CATEGORY_LABELS[category]), items(questions, pair=False))
            for category, questions in questions_by_category()]


def _who_reads() -> tuple[str | None, bool]:
    """(the organization that will read the report, if known before the city is typed; whether
    an organization serving the worker's city may read it instead), for the form's promise."""
    collector = g.get("collector")
    if collector is not None:
        return collector.name, False
    default = default_organization()
    by_city = db.session.scalar(sa.select(sa.exists().where(Organization.cities.is_not(None))))
    return (default.name if default else None), bool(by_city)


def _submit(form: ReportForm, choice: str | None,
            organization: Organization | None) -> ResponseReturnValue:
    """Store the report; the first time a name is not sure, offer the candidates instead (the
    form then sends `employer_choice`: an employer's id, or anything else for none of them).

    On the general link, when several organizations serve the worker's city, ask first which
    one reads the report (the form then sends `reader_choice`); when one does, it collects the
    report; when none does, the default organization does (intake.submit_report).

    Past the per-browser limit (limits.within_limit) the report is stored held, and the page is
    the same."""
    reader = None
    if organization is None:
        serving = organizations_serving(city=form.city.data or "")
        if len(serving) == 1:
            organization = serving[0]
        elif serving:
            reader = ReaderQuestion(serving, _posted_reader(serving))
            if reader.chosen is None:
                return _render(form, reader=reader, ask_reader=True)  # ask before storing
            organization = reader.chosen
    held = not within_limit()
    try:
        receipt = retry_on_conflict(lambda: submit_report(
            channel="web",
            locale=current_language(),
            employer_name=form.employer_name.data,
            city=form.city.data,
            answers=form.answers(),
            what_happened=form.what_happened.data,
            one_change=form.one_change.data,
            idempotency_key=form.submission_key.data,
            employer_choice=parse_id(choice),
            organization_id=organization.id if organization else None,
            confirm_employer=choice is None,
            held=held,
        ))
    except EmployerToConfirm as unsure:
        return _render(form, candidates=unsure.candidates, reader=reader)  # ask before storing
    except InvalidReport as error:
        form.add_problems(error.problems)
        return _render(form, reader=reader)
    session["receipt"] = receipt.code
    # The thank-you page names who reads the report: the organization it is stored under.
    session["read_by"] = receipt.organization_id
    session["report_again"] = request.path  # "send another" goes back to the same link
    if survey_mode() == SurveyMode.CORE:
        session[TOPICS_RECEIPT] = receipt.code  # topics may be added (topics.py)
    return redirect(url_for(".thanks"))


@bp.route("/report/thanks")
def thanks():
    # Shown once: a shared phone's next user cannot reload the page to read the code.
    code = session.pop("receipt", None)
    session.pop("read_by", None)  # set by earlier versions; the report itself now says
    # Who reads it, and the help offered, come from the stored report itself.
    stored = find_by_receipt(code) if code else None
    organization = (db.session.get(Organization, stored.organization_id)
                    if stored is not None and stored.organization_id is not None else None)
    again = session.get("report_again", url_for(".report"))
    return render_template(
        "web/thanks.html", receipt=display_receipt(code) if code else None, again=again,
        organization=organization, topic_labels=TOPIC_LABELS,
        sms_number=current_app.config.get("TWILIO_FROM_NUMBER") or None,
        help=help_for_report(stored, locale=current_language()) if stored is not None else (),
        contact=reach(organization.id) if organization is not None else None,
        topics=topics_offer())


def _employer_suggestions() -> list[str]:
    query = (sa.select(Employer.name).where(Employer.merged_into_id.is_(None))  # merged: an alias
             .order_by(Employer.name).limit(EMPLOYER_SUGGESTIONS))
    return list(db.session.scalars(query))


@bp.route("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """Nothing, and without touching the session. A browser asks for it after a page has
    loaded; answered late with the session it was sent with, it overwrote the next page's
    session (and its CSRF token) when it was a page like any other, a 404."""
    return Response(status=204)


@bp.route("/delete", methods=["GET", "POST"])
def delete() -> ResponseReturnValue:
    """Erase a report by its receipt code, as SMS DELETE does. CSRF-checked before this runs."""
    if request.method == "GET" and session.pop("deleted", False):
        # Said once, like the receipt: the next person on the phone sees a fresh form.
        return render_template("web/delete.html", form=None, deleted=True)
    if request.method == "POST" and misses_today() >= DELETE_TRIES_PER_DAY:
        # The code is not even looked at, and the answer is that of a wrong code: a right code
        # found by guessing past the limit must look exactly like another wrong one.
        return _wrong_code()
    form = DeleteForm()
    if form.validate_on_submit():
        if not delete_report(receipt_code=form.receipt_code.data):
            count_miss()
            return _wrong_code()
        session["deleted"] = True
        return redirect(url_for(".delete"))  # a reload cannot send the code again
    return _render_delete(form)


def _wrong_code() -> str:
    # A new, empty form: what was typed is not shown back, so the page is the same whatever the
    # code was (and the code is not left on the screen of a shared phone).
    form = DeleteForm(formdata=None)
    form.receipt_code.errors = [
        _("We could not delete a report with this code. Please check the code and try again.")]
    return _render_delete(form)


def _render_delete(form: DeleteForm) -> str:
    return render_template("web/delete.html", form=form, deleted=False,
                           tries=DELETE_TRIES_PER_DAY)
