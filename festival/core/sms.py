"""SMS text: how many parts a text costs, and text that can be split safely.

A text in the GSM 7-bit alphabet fits 160 characters in one SMS and 153 in each part of a
longer one. Anything else, Arabic included, is sent as UCS-2: 70 characters in one SMS,
67 in each part (the rest of the part carries the header that joins them on the phone).
UCS-2 has no room for characters outside the Basic Multilingual Plane (emoji): they would
take two units and could be cut in half between parts, so `sms_safe` removes them.
"""
import math
import re

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€")  # two septets each
UCS2_SINGLE, UCS2_PART = 70, 67
GSM_SINGLE, GSM_PART = 160, 153
_SPACES = re.compile(r"\s+")


def sms_safe(text: str) -> str:
    """One line of text without characters that UCS-2 cannot carry in one unit."""
    text = "".join(char for char in text if ord(char) <= 0xFFFF)
    return _SPACES.sub(" ", text).strip()


def is_gsm(text: str) -> bool:
    return all(char in GSM_BASIC or char in GSM_EXTENDED for char in text)


def sms_parts(text: str) -> int:
    """How many SMS the operator sends (and bills) for `text`."""
    if not text:
        return 1
    if is_gsm(text):
        septets = len(text) + sum(1 for char in text if char in GSM_EXTENDED)
        return 1 if septets <= GSM_SINGLE else math.ceil(septets / GSM_PART)
    units = len(text.encode("utf-16-be")) // 2
    return 1 if units <= UCS2_SINGLE else math.ceil(units / UCS2_PART)
