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
"""
import tempfile

from flask import Flask, current_app, g, request
from flask.wrappers import Request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import RequestEntityTooLarge

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
