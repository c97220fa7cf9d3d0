"""Product photos: check what a family uploads, re-encode it clean, keep it outside static/.

A file is accepted only when Pillow reads its bytes as JPEG, PNG or WebP (never by its
name or the browser's content type). It is turned upright (EXIF orientation), scaled to
at most MAX_SIDE px and re-encoded to WebP without any metadata (no EXIF, GPS, XMP or
colour profile), with a THUMB_SIDE px thumbnail next to it:
    <UPLOAD_FOLDER>/photos/<stored_name>.webp and <stored_name>.thumb.webp
`stored_name` is random and is the only way to a file; the database caps a family at
MAX_PHOTOS photos.
"""
import io
import os
import re
import secrets
import tempfile
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from PIL import Image, ImageOps
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from festival.core.domain import DomainError
from festival.core.uploads import upload_limit_megabytes
from festival.extensions import db
from festival.vendors.models import MAX_PHOTOS, Family, FamilyPhoto

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
# Pixel caps, read from the header before any decoding. A JPEG decodes at 1/2, 1/4 or
# 1/8 scale (draft), so a 48-megapixel camera photo costs ~36 MB; PNG and WebP decode at
# full size (4 bytes a pixel with transparency), so they stop at 16.8 megapixels (64 MB),
# already more than any product photo needs. tests/vendors/test_photo_memory.py keeps
# the peak of one upload under MAX_DECODE_MB.
MAX_PIXELS = 50_000_000
MAX_PIXELS_FULL_DECODE = 4096 * 4096
MAX_DECODE_MB = 200
MAX_SIDE = 1600
THUMB_SIDE = 400
STORED_CONTENT_TYPE = "image/webp"
WEBP_QUALITY = 80
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


def _write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file in the same folder, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as temp_file:
            temp_file.write(content)
            temp_file.flush()
            os.fsync(temp_file.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _remove_files(paths) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _remove_files_after_commit(paths) -> None:
    """Files go only once the row's removal is committed; a rolled-back delete keeps them."""
    event.listen(db.session(), "after_commit", lambda _session: _remove_files(paths), once=True)


# -- reading and re-encoding ------------------------------------------------------------


def _read_upload(file_storage) -> bytes:
    limit = current_app.config["PHOTO_MAX_BYTES"]
    data = file_storage.stream.read(limit + 1)
    if len(data) > limit:
        raise PhotoRefused(_l("This photo is larger than %(size)s MB. Choose a smaller photo.",
                              size=max_photo_megabytes()))
    if not data:
        raise _not_a_photo()
    return data


def _decode(data: bytes) -> Image.Image:
    # Pillow raises many kinds of errors on hostile or broken files (OSError, SyntaxError,
    # ValueError, struct.error...); every one of them means "not a photo we can use".
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
            limit = MAX_PIXELS if probe.format == "JPEG" else MAX_PIXELS_FULL_DECODE
            if probe.width * probe.height > limit:  # only the header is read so far
                raise _too_many_pixels()
            probe.verify()  # checks the structure (e.g. PNG checksums) without decoding
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        image.draft(None, (MAX_SIDE, MAX_SIDE))  # JPEG: decode at 1/2, 1/4 or 1/8 scale when that is enough
        image.load()
        if image.mode in ("P", "1", "I;16", "I", "F"):  # palette images would be scaled without smoothing
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        # Scale first (reduce() then Lanczos, in place): every later step works on at most
        # MAX_SIDE x MAX_SIDE pixels and the full-size pixels are freed now.
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        upright = ImageOps.exif_transpose(image)
        clean = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except Exception as error:
        raise _not_a_photo() from error
    if clean.mode == "RGBA" and clean.getextrema()[3][0] == 255:
        clean = clean.convert("RGB")  # an alpha channel that hides nothing only costs bytes
    clean.info = {}  # nothing of the original's metadata travels on
    return clean


def _encode_webp(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()


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
    full_bytes = _encode_webp(image)

    stored_name = secrets.token_urlsafe(16)
    paths = [photo_path(stored_name), photo_path(stored_name, thumb=True)]
    _write_atomically(paths[0], full_bytes)
    _write_atomically(paths[1], _encode_webp(thumbnail))
    photo = FamilyPhoto(
        position=position, stored_name=stored_name, content_type=STORED_CONTENT_TYPE,
        width=image.width, height=image.height, size_bytes=len(full_bytes),
    )
    try:
        with db.session.begin_nested():
            family.photos.append(photo)
            db.session.flush()
    except IntegrityError as error:  # another upload of the same family took the place first
        _remove_files(paths)
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
    _remove_files_after_commit(paths)


def photo_by_name(stored_name: str) -> FamilyPhoto | None:
    if not STORED_NAME.match(stored_name):
        return None
    return db.session.scalar(db.select(FamilyPhoto).where(FamilyPhoto.stored_name == stored_name))
