"""`flask api` commands: create and revoke API tokens from the command line."""

import click

from ..uow import CommandGroup as AppGroup

api_cli = AppGroup("api", help="Tokens for the read-only JSON API.")


@api_cli.command("create-token")
@click.option("--organization", required=True, help="The organization's name.")
@click.option("--name", "label", required=True, help="What will use the token.")
def create_token_command(organization: str, label: str) -> None:
    """Create a token for an organization and print it (this once only)."""
    import sqlalchemy as sa

    from ..extensions import db
    from ..models import Organization
    from .tokens import TokenError, create_token

    organization_id = db.session.scalar(sa.select(Organization.id)
                                        .where(Organization.name == organization))
    if organization_id is None:
        raise click.ClickException(f"no organization named {organization!r}")
    try:
        token, plaintext = create_token(organization_id=organization_id, name=label,
                                        created_by=None)
    except TokenError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created token {token.id} ({token.name}) for {organization}. It is shown "
               "only now; store it safely:")
    click.echo(plaintext)


@api_cli.command("revoke-token")
@click.argument("token_id", type=int)
def revoke_token_command(token_id: int) -> None:
    """Revoke a token by its number (as `flask api list-tokens` shows it)."""
    from .tokens import TokenError, revoke_token

    try:
        token = revoke_token(token_id=token_id, organization_id=None)
    except TokenError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Revoked token {token.id} ({token.name}).")


@api_cli.command("list-tokens")
def list_tokens_command() -> None:
    """Every token: number, organization, name, first characters, last day used."""
    import sqlalchemy as sa

    from ..extensions import db
    from ..models import ApiToken

    for token in db.session.scalars(sa.select(ApiToken).order_by(ApiToken.id)):
        state = "revoked" if token.revoked_at else f"last used {token.last_used_on or 'never'}"
        click.echo(f"{token.id}: {token.organization.name} · {token.name} · "
                   f"{token.prefix}… · {state}")
