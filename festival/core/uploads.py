"""Form posts over the request ceiling (MAX_CONTENT_LENGTH) keep what was typed.

Without this, a photo larger than the ceiling meets a bare 413 page and the family loses
every field it typed. Here, before any view (and before the CSRF check) runs, a
multipart post whose declared length is over the ceiling, but under UPLOAD_SALVAGE_BYTES,
is read anyway: its text fields as usual (bounded by MAX_FORM_MEMORY_SIZE), each file
cut after MAX_CONTENT_LENGTH bytes and the rest thrown away. The view then runs as for
any post, and the feature's own size check (festival/vendors/photos.py: PHOTO_MAX_BYTES,
below the ceiling) refuses the file with its message under the field, the form filled
with what was typed. Where JavaScript runs, static/js/site.js refuses such a file before
anything is sent (`data-max-bytes` on the input).

A post larger than UPLOAD_SALVAGE_BYTES, or one without a length, is refused with the
413 page, which states the limit.

The photo pipeline shared by every feature that takes photos (product photos in
festival/vendors/photos.py, photographed documents in festival/documents/files.py) is
here too: `decode_photo` reads the bytes as JPEG, PNG or WebP only, with pixel caps
checked from the header before decoding, turns the image upright and drops every piece
of metadata; `encode_webp` writes it again; files are written atomically, and removed
only once the removal of their row is committed.
"""
import io
import os
import tempfile
from pathlib import Path

from flask import Flask, current_app, g, request
from flask.wrappers import Request
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps
from sqlalchemy import event
from werkzeug.exceptions import RequestEntityTooLarge

from festival.extensions import db

SPOOL_BYTES = 512 * 1024  # a file part stays in memory up to this size, then goes to a temporary file


class _CutFile:
    """A file part that keeps its first `keep` bytes and counts the others."""

    def __init__(self, keep: int):
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
        self._room = keep

    def write(self, data: bytes) -> int:
        if self._room > 0:
            kept = data[: self._room]
            self._file.write(kept)
            self._room -= len(kept)
        return len(data)

    def __getattr__(self, name):
        return getattr(self._file, name)


class FestivalRequest(Request):
    """Flask's request; file parts are cut when the post is over the ceiling (see above)."""

    cut_files_after: int | None = None

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        if self.cut_files_after is not None:
            return _CutFile(self.cut_files_after)
        return super()._get_file_stream(total_content_length, content_type, filename, content_length)


def read_oversized_form_post() -> None:
    """Parse an oversized multipart post with its files cut, so the view sees the typed fields."""
    ceiling = current_app.config.get("MAX_CONTENT_LENGTH")
    length = request.content_length
    if (request.method != "POST" or ceiling is None or length is None or length <= ceiling
            or request.mimetype != "multipart/form-data"
            or length > current_app.config["UPLOAD_SALVAGE_BYTES"]):
        return
    request.cut_files_after = ceiling
    request.max_content_length = length
    request.form  # noqa: B018  (parses the body now, with the files cut)
    g.upload_was_cut = True


def upload_limit_megabytes() -> str:
    """The largest file a form accepts, for people: "8"."""
    return f"{round(current_app.config['PHOTO_MAX_BYTES'] / (1024 * 1024), 1):g}"


def refuse_too_large(_error: RequestEntityTooLarge):
    """The one 413 page: what the limit is, and that nothing was saved."""
    from festival.core.errors import render_error

    return render_error(413, _l("What you sent is too large: a photo may have up to %(size)s MB. "
                                "Nothing was saved. Go back and choose a smaller photo.",
                                size=upload_limit_megabytes()))


def configure_uploads(app: Flask) -> None:
    """Before the CSRF check and the input guard read the form."""
    app.request_class = FestivalRequest
    app.before_request(read_oversized_form_post)
    app.register_error_handler(RequestEntityTooLarge, refuse_too_large)


# -- photos: checked, cleaned and re-encoded ----------------------------------------------

ACCEPTED_PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")
# Pixel caps, read from the header before any decoding. A JPEG decodes at 1/2, 1/4 or
# 1/8 scale (draft), so a 48-megapixel camera photo costs ~36 MB; PNG and WebP decode at
# full size (4 bytes a pixel with transparency), so they stop at 16.8 megapixels (64 MB),
# already more than any photo here needs. tests/vendors/test_photo_memory.py keeps the
# peak of one upload under festival.vendors.photos.MAX_DECODE_MB.
MAX_PIXELS = 50_000_000
MAX_PIXELS_FULL_DECODE = 4096 * 4096
PHOTO_MAX_SIDE = 1600
WEBP_QUALITY = 80


class UnreadablePhoto(Exception):
    """Not a JPEG, PNG or WebP that Pillow can read: each feature says it in its own words."""


class TooManyPixels(UnreadablePhoto):
    """The header declares more pixels than we decode."""


def decode_photo(data: bytes, max_side: int = PHOTO_MAX_SIDE) -> Image.Image:
    """The photo in `data`, upright, at most `max_side` px, without any metadata.

    Raises TooManyPixels or UnreadablePhoto; never decodes more than the caps above.
    """
    # Pillow raises many kinds of errors on hostile or broken files (OSError, SyntaxError,
    # ValueError, struct.error...); every one of them means "not a photo we can use".
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED_PHOTO_FORMATS) as probe:
            limit = MAX_PIXELS if probe.format == "JPEG" else MAX_PIXELS_FULL_DECODE
            if probe.width * probe.height > limit:  # only the header is read so far
                raise TooManyPixels()
            probe.verify()  # checks the structure (e.g. PNG checksums) without decoding
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_PHOTO_FORMATS)
        image.draft(None, (max_side, max_side))  # JPEG: decode at 1/2, 1/4 or 1/8 scale when that is enough
        image.load()
        if image.mode in ("P", "1", "I;16", "I", "F"):  # palette images would be scaled without smoothing
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        # Scale first (reduce() then Lanczos, in place): every later step works on at most
        # max_side x max_side pixels and the full-size pixels are freed now.
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        upright = ImageOps.exif_transpose(image)
        clean = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
    except TooManyPixels:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise TooManyPixels() from error
    except Exception as error:
        raise UnreadablePhoto() from error
    if clean.mode == "RGBA" and clean.getextrema()[3][0] == 255:
        clean = clean.convert("RGB")  # an alpha channel that hides nothing only costs bytes
    clean.info = {}  # nothing of the original's metadata travels on
    return clean


def encode_webp(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()


def read_bounded(file_storage, limit: int) -> bytes | None:
    """The uploaded bytes, or None when there are more than `limit` (the rest is not read)."""
    data = file_storage.stream.read(limit + 1)
    return None if len(data) > limit else data


# -- files --------------------------------------------------------------------------------


def write_atomically(path: Path, content: bytes) -> None:
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


def remove_files(paths) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def remove_files_after_commit(paths) -> None:
    """Files go only once the row's removal is committed; a rolled-back delete keeps them."""
    event.listen(db.session(), "after_commit", lambda _session: remove_files(paths), once=True)
