"""Base class for rule violations: operations raise them, core.pipeline shows their message."""
from collections.abc import Iterator
from contextlib import contextmanager


class DomainError(Exception):
    """A rule said no. `message` is translated, ready for the user.

    Shown under `field` when the form has it, else flashed with `flash_category`.
    """

    flash_category = "error"

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field  # the form field the message belongs to, when there is one


class DomainErrors(DomainError):
    """Several rules said no at once: each message is shown under its own field.

    A form that names every problem in one answer spares the organizer a submit per
    mistake. Raised by `RuleCheck.raise_errors`; core.pipeline shows every message.
    """

    def __init__(self, errors: list[DomainError]):
        super().__init__(errors[0].message, field=errors[0].field)
        self.errors = list(errors)


class RuleCheck:
    """Runs independent rules and keeps every DomainError they raise.

        rules = RuleCheck()
        with rules.check():
            check_hours(plan)
        with rules.check():
            check_fee(plan)
        rules.raise_errors()  # DomainErrors with both messages, or nothing
    """

    def __init__(self):
        self.errors: list[DomainError] = []

    @contextmanager
    def check(self) -> Iterator[None]:
        try:
            yield
        except DomainErrors as errors:
            self.errors.extend(errors.errors)
        except DomainError as error:
            self.errors.append(error)

    def raise_errors(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)
