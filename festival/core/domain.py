"""Base class for rule violations: operations raise them, views flash their message."""


class DomainError(Exception):
    """A rule said no. `message` is translated, ready for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message
