"""Extension objects, created unbound and initialised by the app factory."""

from typing import TYPE_CHECKING, ClassVar, TypeAlias

import sqlalchemy as sa
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Deterministic constraint names so migrations behave the same on SQLite and PostgreSQL.
    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )

    if TYPE_CHECKING:
        # Every model here is mapped to a table of its own (SQLAlchemy types it a FromClause).
        __table__: ClassVar[sa.Table]


db = SQLAlchemy(model_class=Base)

# The base class of every model. Flask-SQLAlchemy builds db.Model from Base (same metadata and
# declarative machinery, plus its mixins), but types it as a variable, which mypy does not take
# as a base class: to mypy, models derive from Base.
if TYPE_CHECKING:
    Model: TypeAlias = Base
else:
    Model = db.Model

migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
