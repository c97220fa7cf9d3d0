"""Product photos: check what a family uploads, re-encode it clean, keep it outside static/.

A file is accepted only when Pillow reads its bytes as JPEG, PNG or WebP (never by its
name or the browser's content type). It is turned upright (EXIF orientation), scaled to
at most MAX_SIDE px and re-encoded to WebP without any metadata (no EXIF, GPS, XMP or
colour profile), with a THUMB_SIDE px thumbnail next to it:
    <UPLOAD_FOLDER>/photos/<stored_name>.webp and <stored_name>.thumb.webp
`stored_name` is random and is the only way to a file; the database caps a family at
MAX_PHOTOS photos.
"""
import re
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from PIL import Image
from sqlalchemy.exc import IntegrityError

from festival.core.domain import DomainError
from festival.core.uploads import (
    PHOTO_MAX_SIDE,
    TooManyPixels,
    UnreadablePhoto,
    decode_photo,
    encode_webp,
    read_bounded,
    remove_files,
    remove_files_after_commit,
    upload_limit_megabytes,
    write_atomically,
)
from festival.extensions import db
from festival.vendors.models import MAX_PHOTOS, Family, FamilyPhoto

ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
MAX_DECODE_MB = 200  # the peak of one upload (tests/vendors/test_photo_memory.py); caps in core/uploads.py
MAX_SIDE = PHOTO_MAX_SIDE
THUMB_SIDE = 400
STORED_CONTENT_TYPE = "image/webp"
STORED_NAME = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class PhotoRefused(DomainError):
    """The upload is not stored; the message says why and belongs under the photo field."""

    def __init__(self, message):
        super().__init__(message, field="photo")


def _not_a_photo() -> PhotoRefused:
    return PhotoRefused(_l("This file is not a photo we can use. Choose a photo in JPEG, PNG or WebP format."))


def _too_many_pixels() -> PhotoRefused:
    return PhotoRefused(_l("This image is too large in pixels. Choose a normal camera photo."))


def max_photo_megabytes() -> str:
    """The size limit for people: "8", or "0.5" for a small configured limit."""
    return upload_limit_megabytes()


# -- where the files live ------------------------------------------------------------


def photo_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "photos"


def photo_path(stored_name: str, *, thumb: bool = False) -> Path:
    if not STORED_NAME.match(stored_name):  # never build a path from anything else
        raise ValueError(f"not a stored photo name: {stored_name!r}")
    return photo_folder() / f"{stored_name}{'.thumb' if thumb else ''}.webp"


def _read_upload(file_storage) -> bytes:
    data = read_bounded(file_storage, current_app.config["PHOTO_MAX_BYTES"])
    if data is None:
        raise PhotoRefused(_l("This photo is larger than %(size)s MB. Choose a smaller photo.",
                              size=max_photo_megabytes()))
    if not data:
        raise _not_a_photo()
    return data


def _decode(data: bytes) -> Image.Image:
    try:
        return decode_photo(data, MAX_SIDE)
    except TooManyPixels as error:
        raise _too_many_pixels() from error
    except UnreadablePhoto as error:
        raise _not_a_photo() from error


# -- operations -------------------------------------------------------------------------


def _next_free_position(family: Family) -> int:
    free = sorted(set(range(MAX_PHOTOS)) - {photo.position for photo in family.photos})
    if not free:
        raise PhotoRefused(ngettext("A family can show at most %(num)d photo. Remove it to add another.",
                                    "A family can show at most %(num)d photos. Remove one to add another.", MAX_PHOTOS))
    return free[0]


def store_photo(family: Family, file_storage) -> FamilyPhoto:
    """Check, clean and store an uploaded photo; flushes, the caller commits.

    Raises PhotoRefused (a DomainError) with a message for the family.
    """
    position = _next_free_position(family)
    image = _decode(_read_upload(file_storage))
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    full_bytes = encode_webp(image)

    stored_name = secrets.token_urlsafe(16)
    paths = [photo_path(stored_name), photo_path(stored_name, thumb=True)]
    write_atomically(paths[0], full_bytes)
    write_atomically(paths[1], encode_webp(thumbnail))
    photo = FamilyPhoto(
        position=position, stored_name=stored_name, content_type=STORED_CONTENT_TYPE,
        width=image.width, height=image.height, size_bytes=len(full_bytes),
    )
    try:
        with db.session.begin_nested():
            family.photos.append(photo)
            db.session.flush()
    except IntegrityError as error:  # another upload of the same family took the place first
        remove_files(paths)
        raise PhotoRefused(_l("The photo could not be added. Please try again.")) from error
    return photo


def delete_photo(photo: FamilyPhoto) -> None:
    """Remove the photo, close the gap in the positions; its files go after the commit."""
    family = photo.family
    paths = [photo_path(photo.stored_name), photo_path(photo.stored_name, thumb=True)]
    removed_position = photo.position
    family.photos.remove(photo)
    db.session.flush()
    for later in sorted(family.photos, key=lambda p: p.position):
        if later.position > removed_position:
            later.position -= 1
            db.session.flush()  # one at a time: (family, position) is unique
    remove_files_after_commit(paths)


def photo_by_name(stored_name: str) -> FamilyPhoto | None:
    if not STORED_NAME.match(stored_name):
        return None
    return db.session.scalar(db.select(FamilyPhoto).where(FamilyPhoto.stored_name == stored_name))
