"""Photos of a craft, added by admins: checked, re-encoded clean, kept outside static/.

The same pipeline as the families' product photos (festival/core/uploads.py: read as JPEG,
PNG or WebP only, pixel caps, upright, no metadata, WebP again, written atomically), in
<UPLOAD_FOLDER>/craft-photos/<stored_name>.webp and .thumb.webp. `stored_name` is random
and the only way to a file; the database caps a craft at MAX_CRAFT_PHOTOS photos and bounds
their size. Served by festival/crafts_register/public_views.py. Flushes, never commits;
the register's operations record the change in the audit log.
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
from festival.crafts.models import MAX_CRAFT_PHOTOS, Craft, CraftPhoto
from festival.extensions import db

ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
THUMB_SIDE = 400
STORED_CONTENT_TYPE = "image/webp"
STORED_NAME = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class CraftPhotoRefused(DomainError):
    def __init__(self, message):
        super().__init__(message, field="photo")


def _not_a_photo() -> CraftPhotoRefused:
    return CraftPhotoRefused(_l("This file is not a photo we can use. Choose a photo in JPEG, PNG or WebP format."))


def photo_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "craft-photos"


def photo_path(stored_name: str, *, thumb: bool = False) -> Path:
    if not STORED_NAME.match(stored_name):  # never build a path from anything else
        raise ValueError(f"not a stored photo name: {stored_name!r}")
    return photo_folder() / f"{stored_name}{'.thumb' if thumb else ''}.webp"


def _decoded(file_storage) -> Image.Image:
    data = read_bounded(file_storage, current_app.config["PHOTO_MAX_BYTES"])
    if data is None:
        raise CraftPhotoRefused(_l("This photo is larger than %(size)s MB. Choose a smaller photo.",
                                   size=upload_limit_megabytes()))
    if not data:
        raise _not_a_photo()
    try:
        return decode_photo(data, PHOTO_MAX_SIDE)
    except TooManyPixels as error:
        raise CraftPhotoRefused(_l("This image is too large in pixels. Choose a normal camera photo.")) from error
    except UnreadablePhoto as error:
        raise _not_a_photo() from error


def _next_free_position(craft: Craft) -> int:
    free = sorted(set(range(MAX_CRAFT_PHOTOS)) - {photo.position for photo in craft.photos})
    if not free:
        raise CraftPhotoRefused(ngettext("A craft can show at most %(num)d photo. Remove it to add another.",
                                         "A craft can show at most %(num)d photos. Remove one to add another.",
                                         MAX_CRAFT_PHOTOS))
    return free[0]


def store_craft_photo(craft: Craft, file_storage) -> CraftPhoto:
    """Check, clean and store the photo; flushes. Raises CraftPhotoRefused."""
    position = _next_free_position(craft)
    image = _decoded(file_storage)
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    full_bytes = encode_webp(image)
    stored_name = secrets.token_urlsafe(16)
    paths = [photo_path(stored_name), photo_path(stored_name, thumb=True)]
    write_atomically(paths[0], full_bytes)
    write_atomically(paths[1], encode_webp(thumbnail))
    photo = CraftPhoto(position=position, stored_name=stored_name, content_type=STORED_CONTENT_TYPE,
                       width=image.width, height=image.height, size_bytes=len(full_bytes))
    try:
        with db.session.begin_nested():
            craft.photos.append(photo)
            db.session.flush()
    except IntegrityError as error:  # another upload took the place first
        remove_files(paths)
        raise CraftPhotoRefused(_l("The photo could not be added. Please try again.")) from error
    return photo


def delete_craft_photo(photo: CraftPhoto) -> None:
    """Remove the photo and close the gap in the positions; its files go after the commit."""
    craft = photo.craft
    paths = [photo_path(photo.stored_name), photo_path(photo.stored_name, thumb=True)]
    removed_position = photo.position
    craft.photos.remove(photo)
    db.session.flush()
    for later in sorted(craft.photos, key=lambda p: p.position):
        if later.position > removed_position:
            later.position -= 1
            db.session.flush()  # one at a time: (craft, position) is unique
    remove_files_after_commit(paths)


def craft_photo_by_name(stored_name: str) -> CraftPhoto | None:
    if not STORED_NAME.match(stored_name):
        return None
    return db.session.scalar(db.select(CraftPhoto).where(CraftPhoto.stored_name == stored_name))
