"""Base class for rule violations: operations raise them, core.pipeline shows their message."""


class DomainError(Exception):
    """A rule said no. `message` is translated, ready for the user.

    Shown under `field` when the form has it, else flashed with `flash_category`.
    """

    flash_category = "error"

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field  # the form field the message belongs to, when there is one
