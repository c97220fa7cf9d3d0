"""SMS through Kannel: its `sendsms` HTTP interface out, delivery reports and incoming
messages (STOP) in.

Kannel (bearerbox + smsbox) sits in front of the operator's SMPP link; we speak HTTP to
its smsbox. A message is sent as UTF-8 with `coding=2` (UCS-2 on the air: Arabic) and
asks for delivery reports (`dlr-mask`): Kannel then calls our `dlr-url`, which carries the
message's id and an HMAC of it, so nobody else can mark a message delivered or failed.
Incoming messages reach us through Kannel's `sms-service` `get-url`, which carries the
shared `SMS_CALLBACK_SECRET`.

Kannel's answers: 202 "0: Accepted for delivery" or "3: Queued for later delivery" mean
it has the message; 4xx (bad credentials, a refused number) will not change by trying
again; 5xx and a gateway that does not answer are tried again later.
"""
import hashlib
import hmac
import urllib.error
import urllib.parse
import urllib.request

from flask import current_app

from festival.notifications.email import PermanentFailure, TemporaryFailure
from festival.notifications.models import Failure

TIMEOUT_SECONDS = 10
# Kannel's delivery report types: 1 delivered to the phone, 2 not delivered, 4 buffered by
# the operator, 8 accepted by the operator, 16 refused by the operator.
DLR_DELIVERED, DLR_FAILED, DLR_BUFFERED, DLR_ACCEPTED, DLR_REJECTED = 1, 2, 4, 8, 16
DLR_MASK = DLR_DELIVERED | DLR_FAILED | DLR_ACCEPTED | DLR_REJECTED


def sms_configured(config=None) -> bool:
    config = config or current_app.config
    return config.get("SMS_BACKEND") == "kannel" and bool(config.get("KANNEL_SENDSMS_URL"))


def callback_secret(config=None) -> bytes:
    config = config or current_app.config
    secret = config.get("SMS_CALLBACK_SECRET") or hmac.new(
        config["SECRET_KEY"].encode(), b"festival-sms-callbacks", hashlib.sha256).hexdigest()
    return secret.encode()


def report_signature(message_id: int, config=None) -> str:
    return hmac.new(callback_secret(config), f"dlr:{message_id}".encode(), hashlib.sha256).hexdigest()[:32]


def signature_is_valid(message_id: int, signature: str) -> bool:
    return hmac.compare_digest(report_signature(message_id), signature or "")


def secret_is_valid(key: str) -> bool:
    return hmac.compare_digest(callback_secret(), (key or "").encode())


def to_kannel_number(phone_e164: str) -> str:
    return phone_e164.lstrip("+")  # 963944000001: international, without the plus


def send_sms(*, message_id: int, to: str, text: str, base_url: str, config) -> None:
    if not sms_configured(config):
        raise TemporaryFailure(Failure.NOT_CONFIGURED, "SMS_BACKEND is not kannel")
    dlr_url = (f"{base_url.rstrip('/')}/sms/dlr?m={message_id}&s={report_signature(message_id, config)}"
               "&status=%d&at=%T")
    query = urllib.parse.urlencode({
        "username": config.get("KANNEL_USERNAME") or "", "password": config.get("KANNEL_PASSWORD") or "",
        "from": config.get("SMS_SENDER_ID") or "Festival", "to": to_kannel_number(to),
        "charset": "UTF-8", "coding": "2", "text": text, "dlr-mask": str(DLR_MASK), "dlr-url": dlr_url,
    })
    url = f"{config['KANNEL_SENDSMS_URL']}?{query}"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            answer = response.read(500).decode(errors="replace")
    except urllib.error.HTTPError as error:
        answer = error.read(500).decode(errors="replace")
        if 400 <= error.code < 500:
            raise PermanentFailure(Failure.REFUSED, f"{error.code} {answer}") from error
        raise TemporaryFailure(Failure.UNREACHABLE, f"{error.code} {answer}") from error
    except (OSError, urllib.error.URLError) as error:
        raise TemporaryFailure(Failure.UNREACHABLE, f"kannel: {error}") from error
    if not answer.startswith(("0:", "3:")):
        raise TemporaryFailure(Failure.DEFERRED, answer)
