"""`flask` commands: users, insights, demo data and translations."""

from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app

from . import PROJECT_DIR
from .models.enums import Channel, Role
from .uow import CommandGroup as AppGroup

users_cli = AppGroup("users", help="Organizer accounts.")
insights_cli = AppGroup("insights", help="Rollups and summaries.")
demo_cli = AppGroup("demo", help="Demonstration data.")
translate_cli = AppGroup("translate", help="Message catalogs (pybabel).")
sms_cli = AppGroup("sms", help="The SMS channel.")
jobs_cli = AppGroup("jobs", help="Background jobs (Redis + RQ).")
employers_cli = AppGroup("employers", help="The employer registry.")
orgs_cli = AppGroup("orgs", help="Member organizations.")
reports_cli = AppGroup("reports", help="Workers' raw reports.")
voice_cli = AppGroup("voice", help="The phone call (keypad) channel.")

TRANSLATIONS = PROJECT_DIR / "translations"
# Catalog domain → the extraction config listing its sources.
DOMAINS = {"worker": "babel-worker.cfg", "messages": "babel.cfg"}


@users_cli.command("create")
@click.argument("email")
@click.option("--org", "organization", help="Organization name (created if new).")
@click.option("--role", type=click.Choice([role.value for role in Role]),
              default=Role.ORGANIZER.value)
@click.option("--platform-admin", is_flag=True,
              help="Runs the platform: organizations, coalitions, merges; reads no raw report.")
@click.password_option(help="At least 12 characters; asked for when not given.")
def create_user_command(email: str, organization: str | None, role: str, platform_admin: bool,
                        password: str) -> None:
    """Create an account: an organizer in an organization, or a platform admin."""
    from .auth.passwords import AccountError, create_user

    try:
        user = create_user(email=email, password=password, organization_name=organization,
                           role=role, platform_admin=platform_admin)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    where = f" ({user.role}) in {user.organization.name}" if user.organization else ""
    click.echo(f"Created {user.email}{where}{' as a platform admin' if platform_admin else ''}.")


@insights_cli.command("recompute")
def recompute_command() -> None:
    """Rebuild every rollup count from the raw reports."""
    from .insights.rollups import recompute

    rows = recompute()
    click.echo(f"Rebuilt {rows} rollup rows.")


@insights_cli.command("publish")
def publish_command() -> None:
    """Rebuild the current release (published figures, comparisons, ratings) now; otherwise a
    job does it after the first read once a quarter ends, or after a change to a published
    quarter."""
    from .insights.periods import open_quarter, quarter_label
    from .insights.release import publish

    stats = publish()
    click.echo(f"Published quarters before {quarter_label(open_quarter())}: {stats.employers} "
               f"employer figures in {stats.scopes} scopes, {stats.figures} indicator figures.")


@insights_cli.command("generate")
@click.option("--reports", type=click.IntRange(min=1), required=True,
              help="How many reports to create.")
@click.option("--employers", type=click.IntRange(min=1), required=True,
              help="How many employers to create (popularity is Zipf-like).")
@click.option("--organizations", type=click.IntRange(min=0), default=3, show_default=True,
              help="Member organizations that collected the reports.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
def generate_command(reports: int, employers: int, organizations: int, seed: int) -> None:
    """Fill an empty database with synthetic employers and reports, for benchmarks and load
    tests; refuses a database that has any report, so real figures are never polluted."""
    from .synthetic import SyntheticDataError, generate

    try:
        stats = generate(reports=reports, employers=employers, organizations=organizations,
                         seed=seed)
    except SyntheticDataError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {stats.organizations} organizations, {stats.employers} employers with "
               f"{stats.worksites} worksites, {stats.reports} reports with {stats.answers} "
               f"answers in {stats.insert_seconds:.1f} s; rebuilt {stats.rollup_rows} rollup "
               f"rows in {stats.recompute_seconds:.1f} s. Run `flask insights publish` next.")


@demo_cli.command("seed")
@click.option("--reports", default=2000, show_default=True, help="How many reports to create.")
def seed_command(reports: int) -> None:
    """Create a demo organization, organizer, employers and reports (once)."""
    from .demo import seed

    result = seed(report_count=reports)
    click.echo(result.message())


@sms_cli.command("simulate", transaction=False)
@click.option("--phone", default="+15555550100", show_default=True,
              help="A made-up number for the conversation (only its pseudonym is stored).")
def simulate_command(phone: str) -> None:
    """Text with the survey in the terminal, through the real engine and storage."""
    import uuid

    from flask import current_app

    from .channels.sms.service import handle_inbound, pseudonym
    from .uow import transaction

    key = current_app.config["PHONE_HASH_KEY"]
    click.echo("Type messages as a worker would (HOLA, HELP, 1, ...); Ctrl-D to leave.")
    while True:
        try:
            text = click.prompt("you", prompt_suffix="> ", default="", show_default=False)
        except (EOFError, click.Abort):
            click.echo()
            return
        with transaction():  # each message, like each webhook request, is its own boundary
            replies = handle_inbound(phone_hash=pseudonym(phone, key), channel=Channel.SMS,
                                     text=text,
                                     message_hash=pseudonym(f"sim:{uuid.uuid4()}", key)).replies
        for reply in replies:
            click.echo(f"  ← {reply}")


@sms_cli.command("expire")
def expire_command() -> None:
    """Submit conversations idle for 24 hours (with an employer and an answer) and calls whose
    end Twilio never reported (as `flask voice expire`); run hourly."""
    from .channels.sms.service import expire_idle
    from .channels.voice.service import expire_calls

    submitted, forgotten = expire_idle()
    click.echo(f"Submitted {submitted} partial reports; forgot {forgotten} empty conversations.")
    submitted, forgotten = expire_calls()
    click.echo(f"Submitted {submitted} calls ended early; forgot {forgotten} empty calls.")


@voice_cli.command("simulate", transaction=False)
@click.option("--phone", default="+15555550100", show_default=True,
              help="A made-up caller (only its pseudonym is stored).")
def voice_simulate_command(phone: str) -> None:
    """A call in the terminal: what it says is printed; type a key (0-9 * #), words for
    speech, nothing for silence, or HANGUP."""
    import secrets

    from .channels.voice.engine import Event
    from .channels.voice.service import call_pseudonym, end_call, handle_call
    from .uow import transaction

    call = f"CA{secrets.token_hex(16)}"
    phone_hash = call_pseudonym(caller=phone, call_sid=call,
                                key=current_app.config["PHONE_HASH_KEY"])
    event, turn = Event("start"), None
    while True:
        with transaction():  # each round, like each webhook request, is its own boundary
            result = handle_call(phone_hash=phone_hash, call_sid=call, event=event, turn=turn)
        for line in result.say:
            click.echo(f"  ← [{line.locale}] {line.text}")
        if result.listen is None or result.state is None:
            break
        turn = result.state.turn
        try:
            typed = click.prompt(f"you ({result.listen.input})", prompt_suffix="> ",
                                 default="", show_default=False).strip()
        except (EOFError, click.Abort):
            typed = "HANGUP"
        if typed.upper() == "HANGUP":
            break
        event = (Event("timeout") if not typed else Event("speech", typed)
                 if result.listen.input == "speech" else Event("digits", typed[:1]))
    with transaction():
        end_call(phone_hash=phone_hash, call_sid=call)
    click.echo("(call ended)")


@voice_cli.command("expire")
def voice_expire_command() -> None:
    """Submit or forget calls whose end Twilio never reported; delete calls at Twilio that are
    due. Run it hourly with `flask sms expire`."""
    from .channels.voice.service import expire_calls

    submitted, forgotten = expire_calls()
    click.echo(f"Submitted {submitted} partial call reports; forgot {forgotten} calls.")


@voice_cli.command("prompts")
@click.option("--list", "listed", metavar="LOCALE", help="Print each file name and its text.")
def voice_prompts_command(listed: str | None) -> None:
    """Write the recorded prompts with espeak-ng (languages Twilio cannot speak)."""
    from .channels.voice.prompts import file_stem, fixed_prompts, generate

    if listed:
        for text in fixed_prompts(listed):
            click.echo(f"{file_stem(text)}.wav\t{text}")
        return
    click.echo(f"{generate()} prompt files written.")


@reports_cli.command("expire")
def expire_reports_command() -> None:
    """Erase raw reports older than RETENTION_DAYS (figures stay) and rewrite yesterday's in
    random order (PostgreSQL); run daily, after midnight UTC."""
    from .clock import utcnow
    from .intake.retention import expire_reports, mix_day

    today = utcnow().date()
    erased = expire_reports(today=today)
    mixed = mix_day(day=today - timedelta(days=1))
    click.echo(f"Erased {erased} reports received more than "
               f"{current_app.config['RETENTION_DAYS']} days ago; rewrote {mixed} of yesterday's "
               "in random order.")


@jobs_cli.command("worker", transaction=False)
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run an RQ worker for background jobs (needs REDIS_URL)."""
    from flask import current_app
    from rq import Worker

    from .jobs import RedisQueue

    queue = current_app.extensions["jobs"]
    if not isinstance(queue, RedisQueue):
        raise click.ClickException("REDIS_URL is not set: jobs run inline, no worker is needed.")
    Worker([queue.queue], connection=queue.connection).work(burst=burst)


@employers_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and count, change nothing.")
def import_employers_command(path: str, dry_run: bool) -> None:
    """Add employers, aliases, worksites and relations from a CSV file (all or nothing)."""
    import csv

    from .registry.csv_io import RegistryImportError, import_registry

    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    try:
        summary = import_registry(rows=rows, dry_run=dry_run)
    except RegistryImportError as error:
        for number, message in error.errors:
            click.echo(f"row {number}: {message}", err=True)
        raise click.ClickException(f"nothing imported: {len(error.errors)} error(s)") from error
    verb = "Would add" if dry_run else "Added"
    click.echo(f"{verb} {summary.employers} employers, {summary.aliases} aliases, "
               f"{summary.worksites} worksites, {summary.relations} relations.")


@employers_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True), default="-")
def export_employers_command(path: str) -> None:
    """Write the registry as CSV in the import format (to PATH, or standard output)."""
    import csv
    import io

    from .registry.csv_io import COLUMNS, export_registry

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(export_registry())
    if path == "-":
        click.echo(buffer.getvalue(), nl=False)
    else:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())


@orgs_cli.command("list")
def list_orgs_command() -> None:
    """Each organization with its intake link and SMS keyword."""
    import sqlalchemy as sa

    from .extensions import db
    from .models import Organization

    for org in db.session.scalars(sa.select(Organization).order_by(Organization.name)):
        default = "  (default: collects /report and SMS without a keyword)" if org.is_default \
            else ""
        click.echo(f"{org.name}: /r/{org.slug}  keyword {org.sms_keyword or '-'}{default}")


@orgs_cli.command("default")
@click.argument("slug")
def default_command(slug: str) -> None:
    """Name the organization (by its link's SLUG) that collects reports sent through the
    general link /report and by SMS without a keyword."""
    from .organizer.organizations import OrganizationError, set_default_organization

    try:
        org = set_default_organization(slug=slug)
    except OrganizationError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{org.name} now collects reports sent through /report and by SMS "
               "without a keyword.")


@orgs_cli.command("keyword")
@click.argument("organization")
@click.argument("keyword")
def keyword_command(organization: str, keyword: str) -> None:
    """Give an organization an SMS keyword: texting it first collects the report for it."""
    from .organizer.organizations import OrganizationError, set_sms_keyword

    try:
        org = set_sms_keyword(organization_name=organization, keyword=keyword)
    except OrganizationError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{org.name} now collects SMS reports that start with {org.sms_keyword}.")


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


@translate_cli.command("extract")
def extract_command() -> None:
    """Write the catalog templates (worker.pot, messages.pot) from the code and templates."""
    extract_catalogs(TRANSLATIONS)


def extract_catalogs(directory: Path) -> None:
    """Extract both catalogs into `directory`.

    `worker` holds everything a worker reads (the sources in babel-worker.cfg) and is translated
    into every language; `messages` holds the rest, the organizer interface, minus any message
    the worker catalog already has.
    """
    from babel.messages.pofile import read_po, write_po

    for domain, config in DOMAINS.items():
        _pybabel("extract", "-F", str(PROJECT_DIR / config), "-k", "_l", "-k", "N_",
                 "-c", "SMS:", "-c", "TRANSLATORS:", "--no-location", "--sort-output",
                 "--project", "Worker Voice", "-o", str(directory / f"{domain}.pot"),
                 str(PROJECT_DIR))
    with (directory / "worker.pot").open("rb") as handle:
        worker = {message.id for message in read_po(handle) if message.id}
    organizer_pot = directory / "messages.pot"
    with organizer_pot.open("rb") as handle:
        organizer = read_po(handle)
    for message_id in [message.id for message in organizer if message.id in worker]:
        del organizer[message_id]
    with organizer_pot.open("wb") as handle:
        write_po(handle, organizer, width=0, sort_output=True, omit_header=False)


@translate_cli.command("update")
def update_command() -> None:
    """Extract, then merge new messages into every catalog."""
    extract_catalogs(TRANSLATIONS)
    for domain in DOMAINS:
        for locale in catalog_locales(domain):
            _pybabel("update", "-i", str(TRANSLATIONS / f"{domain}.pot"), "-d", str(TRANSLATIONS),
                     "-D", domain, "-l", locale, "--no-wrap")


def catalog_locales(domain: str) -> list[str]:
    """The languages a catalog is translated into (English is the source)."""
    from .i18n import LANGUAGE_CODES, ORGANIZER_LANGUAGES

    codes = LANGUAGE_CODES if domain == "worker" else ORGANIZER_LANGUAGES
    return [code for code in codes if code != "en"]


@translate_cli.command("init")
@click.argument("locale")
@click.option("--domain", type=click.Choice(list(DOMAINS)), default="worker")
def init_command(locale: str, domain: str) -> None:
    """Start a catalog for a new language (add it to i18n.LANGUAGES too)."""
    _pybabel("init", "-i", str(TRANSLATIONS / f"{domain}.pot"), "-d", str(TRANSLATIONS),
             "-D", domain, "-l", locale, "--no-wrap")


@translate_cli.command("compile")
def compile_command() -> None:
    """Compile every catalog to the .mo files the app reads."""
    for domain in DOMAINS:
        _pybabel("compile", "-d", str(TRANSLATIONS), "-D", domain, "--statistics")


def register_commands(app: Flask) -> None:
    for group in (users_cli, insights_cli, demo_cli, translate_cli, sms_cli, jobs_cli,
                  employers_cli, orgs_cli, reports_cli, voice_cli):
        app.cli.add_command(group)
    from .api.cli import api_cli

    app.cli.add_command(api_cli)
