"""Base class for rule violations: operations raise them, views flash their message."""


class DomainError(Exception):
    """A rule said no. `message` is translated, ready for the user."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field  # the form field the message belongs to, when there is one
