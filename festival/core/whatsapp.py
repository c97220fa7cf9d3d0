"""WhatsApp click-to-chat links: no API key, no account; the phone opens WhatsApp with the text typed.

`chat_link` opens a chat with one number (`https://wa.me/963944123456?text=…`), for
organizers talking to a family; `share_link` lets anyone pick the chat (sharing an event).
WhatsApp wants the number in international form without "+" or zeros in front.
"""
from urllib.parse import quote

WA = "https://wa.me/"


def chat_link(phone_e164: str, text: str = "") -> str:
    number = "".join(char for char in phone_e164 if char.isdigit())
    return f"{WA}{number}" + (f"?text={quote(text)}" if text else "")


def share_link(text: str) -> str:
    return f"{WA}?text={quote(text)}"


TEMPLATE_GLOBALS = {"whatsapp_chat": chat_link, "whatsapp_share": share_link}
