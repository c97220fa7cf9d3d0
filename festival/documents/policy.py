"""A market's document policy (`markets.document_policy`), enforced where it applies.

- 'warn': families without valid documents are only pointed out to organizers (the review
  queue and the assigner's preview show why);
- 'applications': such a family may not apply (festival/applications/operations.py
  `_check_can_apply` calls `check_can_apply`);
- 'badges': it gets no badge (festival/badges/operations.py `issue_badge` calls
  `check_badge_allowed`; badges/queries.py `applications_without_badge` keeps only
  `badge_ready` families, so the organizers' sheets issue the others' badges and skip these).

Each check costs no query at a market whose policy does not ask for it.
"""
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from festival.core.domain import DomainError
from festival.core.labels import register_labels
from festival.core.timezones import today_in_damascus
from festival.documents import readiness as ready
from festival.documents.words import flag_texts, joined


class DocumentPolicy(StrEnum):
    WARN = "warn"
    APPLICATIONS = "applications"
    BADGES = "badges"


register_labels("document_policy", {
    DocumentPolicy.WARN: _l("Only point them out to the organizers"),
    DocumentPolicy.APPLICATIONS: _l("A family without them may not apply"),
    DocumentPolicy.BADGES: _l("A family without them gets no badge"),
})


def check_can_apply(family, market, occurrences, crafts) -> None:
    """At a market that refuses applications without documents: DomainError naming what is missing."""
    if market.document_policy != DocumentPolicy.APPLICATIONS or not occurrences:
        return
    today = today_in_damascus()
    problems = []
    for result in ready.readiness(family, occurrences, crafts).values():
        problems.extend(text for text in flag_texts(result, today) if text not in problems)
    if problems:
        raise DomainError(_l("This market takes only families whose documents are valid for its dates: "
                             "%(problems)s. Add them on your documents page, then apply once they are verified.",
                             problems=joined(problems)))


def check_badge_allowed(application) -> None:
    """At a market that gives no badge without documents: DomainError naming what is missing."""
    market = application.occurrence.market
    if market.document_policy != DocumentPolicy.BADGES:
        return
    result = ready.of_applications([application])[application.id]
    if not result.ready:
        raise DomainError(_l("No badge for %(family)s yet: this market asks for valid documents (%(problems)s).",
                             family=application.family.name, problems=joined(flag_texts(result, today_in_damascus()))))


def badge_ready(applications: list) -> list:
    """The applications that may get a badge as far as documents go (the others wait)."""
    held = [application for application in applications
            if application.occurrence.market.document_policy == DocumentPolicy.BADGES]
    if not held:
        return applications
    results = ready.of_applications(held)
    return [application for application in applications
            if application.id not in results or results[application.id].ready]
