"""Error pages in the reader's language, without echoing anything they sent."""

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError


def init_app(app: Flask) -> None:
    def page(status: int, title: str, message: str) -> tuple[str, int]:
        return render_template("error.html", title=title, message=message), status

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return page(
            400,
            _("This page expired"),
            _("For your safety the form timed out. Go back, reload the page and send it again."),
        )

    @app.errorhandler(400)
    def bad_request(_error):
        return page(400, _("Something in the request was not right"),
                    _("Go back, reload the page and try again."))

    @app.errorhandler(403)
    def forbidden(_error):
        return page(403, _("Not for this account"),
                    _("Your account cannot open this page. Ask an admin of your organization "
                      "if you think it should."))

    @app.errorhandler(404)
    def not_found(_error):
        return page(404, _("Page not found"), _("We could not find that page."))

    @app.errorhandler(413)
    def too_large(_error):
        return page(413, _("Too much text"), _("What you sent is too long. Please shorten it."))

    @app.errorhandler(500)
    def server_error(_error):
        return page(
            500,
            _("Something went wrong"),
            _("Please try again in a few minutes. A report sent twice is stored only once."),
        )
