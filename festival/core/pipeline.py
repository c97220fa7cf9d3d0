"""The request pipeline: one transaction per request (or CLI command), rule errors shown one way.

Load -> check access -> run -> one commit or one rollback, as in Indico's request handler:

- `Festival.dispatch_request` runs the view, then commits once when it returned normally
  and rolls back when anything was raised. The commit happens inside the dispatch, so an
  error at commit time (an IntegrityError from a concurrent request) still reaches the
  error handlers and becomes a 409 page or JSON answer, never a 500. Flash messages the
  view queued for a change that was not saved are taken back.
- A GET (HEAD, OPTIONS) that changed nothing commits nothing: the session is closed at the
  end of the request as before. One that did change something (issuing a badge on first
  view) is committed like any other request.
- `attempt(form)` runs one operation inside a savepoint. A `DomainError` it raises undoes
  only that operation and is shown once: under the form field it names, else as a flash;
  the view re-renders the form with what was typed.
- A `DomainError` that leaves a view anyway is flashed and the browser is sent back to the
  page it came from (JSON blueprints answer `{"error": ...}` instead: core.errors).
- `one_transaction` gives CLI commands the same rule: one commit, or a rollback and a clean
  message with a non-zero exit.

Views and commands therefore never call commit or rollback, nor catch DomainError.
Emails queued by operations leave after the commit (festival.notifications.outbox).
"""
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlsplit

import click
from flask import Flask, flash, g, has_request_context, redirect, request, session
from flask.signals import message_flashed
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from festival.core.database import READ_ONLY_METHODS
from festival.core.domain import DomainError, DomainErrors
from festival.core.urls import safe_next_url
from festival.extensions import db

WROTE_KEY = "pipeline_wrote"  # Session.info: something was flushed or written since the last commit
FLASHED_KEY = "pipeline_flashed"  # g: the messages this request flashed


class Festival(Flask):
    """Flask with one transaction per request around the view."""

    def dispatch_request(self):
        try:
            response = super().dispatch_request()
            finish_transaction()
        except BaseException:
            db.session.rollback()
            raise
        return response


def finish_transaction() -> None:
    """Commit what the request changed; a GET that changed nothing commits nothing."""
    session_ = db.session()
    if not _has_changes(session_) and (not session_.in_transaction() or request.method in READ_ONLY_METHODS):
        return
    try:
        session_.commit()
    except BaseException:
        _take_back_flashes()
        raise


def _has_changes(session_) -> bool:
    return bool(session_.info.get(WROTE_KEY) or session_.new or session_.dirty or session_.deleted)


def _note_write(session_, *_args) -> None:
    session_.info[WROTE_KEY] = True


def _note_dml(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE_KEY] = True


def _forget_writes(session_, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: committed, rolled back or closed
        session_.info.pop(WROTE_KEY, None)


def _remember_flash(_app, message, category) -> None:
    g.setdefault(FLASHED_KEY, []).append((category, message))


def _take_back_flashes() -> None:
    """'Saved.' must not be shown for a change whose commit failed."""
    flashed = g.pop(FLASHED_KEY, None) if has_request_context() else None
    if flashed and "_flashes" in session:
        remaining = list(session["_flashes"])
        for entry in flashed:
            if entry in remaining:
                remaining.remove(entry)
        session["_flashes"] = remaining


@dataclass
class Attempt:
    """What `attempt()` saw: `ok`, or the `error` and whether it went under a form field."""

    error: DomainError | None = None
    on_field: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


def show_domain_error(form, error: DomainError) -> bool:
    """Put a rule's message under the form field it names, or flash it. True when on a field.

    DomainErrors (several rules at once) show every one of their messages.
    """
    if isinstance(error, DomainErrors):
        return all([show_domain_error(form, each) for each in error.errors])
    field = form._fields.get(error.field) if form is not None and error.field else None
    if field is not None:
        if str(error.message) not in map(str, field.errors):
            field.errors = [*field.errors, error.message]
        return True
    flash(error.message, error.flash_category)
    return False


@contextmanager
def attempt(form=None, *, show: bool = True, database_error=None) -> Iterator[Attempt]:
    """Run an operation; on a DomainError undo it (a savepoint), show the message, carry on.

        with attempt(form) as outcome:
            operations.update_market(market, plan)
        if outcome.ok:
            flash(_("Saved."), "success")
            return redirect(...)
        return render_template(..., form=form)  # the message is on the form, what was typed kept

    `show=False` leaves the message to the caller (`outcome.error.message`).
    `database_error="…"`: a database error inside the block (a concurrent change won) is
    shown with this message too, after rolling back the whole transaction.
    """
    outcome = Attempt()
    try:
        with db.session.begin_nested():
            yield outcome
    except DomainError as error:
        outcome.error = error
        outcome.on_field = show_domain_error(form, error) if show else False
    except SQLAlchemyError:
        if database_error is None:
            raise
        db.session.rollback()
        outcome.error = DomainError(database_error)
        outcome.on_field = show_domain_error(form, outcome.error) if show else False


def refuse_back(error: DomainError):
    """A DomainError that left a view: flash it and go back to the page the request came from."""
    flash(error.message, error.flash_category)
    back = _same_site_path(request.referrer)
    if back is None:
        from festival.core.errors import render_error

        return render_error(409, error.message)
    return redirect(back, code=303)


def _same_site_path(url: str | None) -> str | None:
    parts = urlsplit(url or "")
    if parts.netloc != request.host:
        return None
    return safe_next_url(parts.path + (f"?{parts.query}" if parts.query else ""))


def one_transaction(command):
    """A CLI command commits once when it returns; any error rolls back, a DomainError or a
    conflict becomes a clean message and exit status 1."""

    @wraps(command)
    def run(*args, **kwargs):
        try:
            result = command(*args, **kwargs)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(str(error.message)) from error
        except IntegrityError as error:
            db.session.rollback()
            from festival.core.errors import CONFLICT_MESSAGE

            raise click.ClickException(str(CONFLICT_MESSAGE)) from error
        except BaseException:
            db.session.rollback()
            raise
        return result

    return run


def configure_pipeline(app: Flask) -> None:
    for name, handler in (("after_flush", _note_write), ("after_transaction_end", _forget_writes)):
        if not event.contains(db.session, name, handler):
            event.listen(db.session, name, handler)
    if not event.contains(db.session, "do_orm_execute", _note_dml):
        event.listen(db.session, "do_orm_execute", _note_dml)
    message_flashed.connect(_remember_flash, app)
    app.register_error_handler(DomainError, refuse_back)
