"""Work that may start only once the transaction that asked for it is committed.

`after_commit(func, *args)` remembers a call in the session; it runs after the outermost
commit succeeds and is forgotten when the transaction (or only the savepoint that was
open when it was asked for) rolls back. This is how a decision hands work to the task
queue: the task never sees a row that was not committed, and a rolled-back decision
starts nothing. What runs here must not raise (the session is between transactions):
a failure is logged, and whatever it was meant to start is found again by the periodic
sweep (festival/notifications/delivery.sweep_outbox) because the rows are committed.
"""
import logging
from dataclasses import dataclass

from sqlalchemy import event

from festival.extensions import db

PENDING_KEY = "festival_after_commit"
log = logging.getLogger("festival.after_commit")


@dataclass(frozen=True)
class _Pending:
    func: object
    args: tuple
    savepoints: tuple  # the savepoints open when it was asked for: rolling one back drops it


def after_commit(func, *args) -> None:
    session = db.session()
    session.info.setdefault(PENDING_KEY, []).append(_Pending(func, args, _open_savepoints(session)))


def _open_savepoints(session) -> tuple:
    savepoints = []
    transaction = session.get_nested_transaction()
    while transaction is not None:
        if transaction.nested:
            savepoints.append(transaction)
        transaction = transaction.parent
    return tuple(savepoints)


def listen_for_commits() -> None:
    """Register the session hooks once (the scoped session outlives each app)."""
    for name, handler in (
        ("after_commit", _run_after_commit),
        ("after_soft_rollback", _forget_rolled_back),
        ("after_rollback", _forget_after_rollback),
        ("after_transaction_end", _forget_when_closed),
    ):
        if not event.contains(db.session, name, handler):
            event.listen(db.session, name, handler)


def _run_after_commit(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released; the real commit is still to come
    for pending in session.info.pop(PENDING_KEY, None) or ():
        try:
            pending.func(*pending.args)
        except Exception:  # raising inside after_commit would leave the session half-closed
            log.exception("after-commit call %r failed; the periodic sweep will pick it up", pending.func)


def _forget_rolled_back(session, previous_transaction) -> None:
    pending = session.info.get(PENDING_KEY)
    if not pending:
        return
    if previous_transaction.nested:
        # Only what was asked for inside this savepoint is undone.
        session.info[PENDING_KEY] = [
            call for call in pending if not any(sp is previous_transaction for sp in call.savepoints)
        ]
    elif previous_transaction.parent is None:
        session.info.pop(PENDING_KEY, None)


def _forget_after_rollback(session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(PENDING_KEY, None)


def _forget_when_closed(session, transaction) -> None:
    # Session.close() without a commit ends the outer transaction without a rollback event.
    if transaction.parent is None:
        session.info.pop(PENDING_KEY, None)
