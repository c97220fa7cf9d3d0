"""The signing key (Ed25519) of badges, training passes and certificates: out of the
repository, generated once if absent.

Order: config BADGE_SIGNING_KEY (env FESTIVAL_BADGE_KEY, base64 of the 32-byte private
key), else `instance/badge_signing_key`, created on first use with owner-only rights.
The public key alone verifies a badge, so a gate device can check badges offline. A key
is rotated by setting a new private key and listing the old public key in
BADGE_PREVIOUS_PUBLIC_KEYS (env FESTIVAL_BADGE_PREVIOUS_KEYS) until its badges expire.
"""
import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from flask import current_app

EXTENSION_KEY = "festival.badge_key"


def _from_text(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text.strip()))


def _key_file() -> Path:
    return Path(current_app.instance_path) / "badge_signing_key"


def _load_or_create() -> Ed25519PrivateKey:
    configured = current_app.config.get("BADGE_SIGNING_KEY")
    if configured:
        return _from_text(configured)
    path = _key_file()
    if path.exists():
        return _from_text(path.read_text())
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker created it first: use theirs
        return _from_text(path.read_text())
    with os.fdopen(descriptor, "w") as handle:
        handle.write(base64.b64encode(raw).decode())
    return key


def signing_key() -> Ed25519PrivateKey:
    key = current_app.extensions.get(EXTENSION_KEY)
    if key is None:
        key = current_app.extensions[EXTENSION_KEY] = _load_or_create()
    return key


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def _text_of(key: Ed25519PublicKey) -> str:
    return base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def public_key_text() -> str:
    return _text_of(public_key())


def verification_keys() -> list[Ed25519PublicKey]:
    """Every key a genuine badge may be signed with: the current one first, then earlier
    ones kept during a rotation (config BADGE_PREVIOUS_PUBLIC_KEYS: base64 public keys,
    separated by commas) until the badges they signed have expired."""
    earlier = current_app.config.get("BADGE_PREVIOUS_PUBLIC_KEYS") or ""
    return [public_key(), *(Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip()))
                            for text in earlier.split(",") if text.strip())]


def verification_key_texts() -> list[str]:
    """The same keys as base64 text, for the gate phones' day package."""
    return [_text_of(key) for key in verification_keys()]
