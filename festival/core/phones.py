"""Syrian mobile numbers: what a family types in, what we store (E.164)."""
import phonenumbers
from flask_babel import lazy_gettext as _l

from festival.core.numbers import to_ascii_digits

DEFAULT_REGION = "SY"
SYRIA_COUNTRY_CODE = 963
MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


class InvalidPhone(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def normalize_mobile(raw: str | None) -> str:
    """Return the E.164 form of a Syrian mobile number typed in any usual way.

    Accepts `0944 123 456`, `+963 944123456`, `00963944123456` and Arabic-Indic digits.
    Raises InvalidPhone with a message for the user.
    """
    text = (to_ascii_digits(raw) or "").strip()
    if not text:
        raise InvalidPhone(_l("Enter a mobile number."))
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone(_l("This is not a phone number. Example: 0944 123 456")) from error
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhone(_l("This is not a phone number. Example: 0944 123 456"))
    if parsed.country_code != SYRIA_COUNTRY_CODE:
        raise InvalidPhone(_l("Enter a Syrian mobile number (09… or +963 9…)."))
    if phonenumbers.number_type(parsed) not in MOBILE_TYPES:
        raise InvalidPhone(_l("Enter a mobile number, not a landline."))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """+963944123456 -> 0944 123 456, the way Syrians write it."""
    parsed = phonenumbers.parse(e164, None)
    if parsed.country_code == 963:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
