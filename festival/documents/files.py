"""What a family uploads as a document: checked, cleaned or refused, kept outside static/.

A photo (JPEG, PNG or WebP, read by its bytes only) goes through the product photos'
pipeline (festival/core/uploads.py): pixel caps from the header, upright, metadata
dropped, re-encoded to WebP. A PDF is accepted when its bytes start with `%PDF-`, it is
at most DOCUMENT_MAX_BYTES, pypdf reads it, it has 1 to DOCUMENT_MAX_PAGES pages, it is
not encrypted, and nothing reachable from its catalogue can run or carry something else
(JavaScript, launch and submit actions, additional actions, embedded files, XFA forms,
rich media). A PDF is kept as sent (it is never shown inside the site: served as a
download, see `serve`), under a random name:
    <UPLOAD_FOLDER>/documents/<stored_name>.webp or .pdf
Only the family itself, the organizers of its province and admins are ever sent a file.
"""
import io
import logging
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_file
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from festival.core.domain import DomainError
from festival.core.uploads import (
    TooManyPixels,
    UnreadablePhoto,
    decode_photo,
    encode_webp,
    read_bounded,
    write_atomically,
)
from festival.documents.models import PDF_CONTENT_TYPE, PHOTO_CONTENT_TYPE

ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,application/pdf"
PDF_MAGIC = b"%PDF-"
STORED_NAME = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# Keys of a PDF dictionary that run something or carry another file: refused wherever they are.
FORBIDDEN_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/EmbeddedFile", "/EmbeddedFiles", "/XFA", "/RichMedia",
                            "/Launch"})
# Action types (`/S`) that leave the document or talk to the network.
FORBIDDEN_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute",
                               "/GoToE", "/Rendition", "/Sound", "/Movie"})
# Long enough never to occur by chance in compressed bytes; the walk below finds the rest.
RAW_MARKERS = (b"/JavaScript", b"/EmbeddedFile", b"/RichMedia")
MAX_PDF_OBJECTS = 50_000  # a certificate has a few hundred; more is refused as too complex
pdf_log = logging.getLogger("festival.documents")


class DocumentRefused(DomainError):
    """The upload is not stored; the message says why and belongs under the file field."""

    def __init__(self, message):
        super().__init__(message, field="file")


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    pages: int


def megabytes(limit: int) -> str:
    """A size limit for people: "5", "0.5", "0.048" (a small limit set for a test or a slow network)."""
    value = limit / (1024 * 1024)
    return f"{round(value, 1):g}" if value >= 0.5 else f"{value:.2g}"


def _not_usable() -> DocumentRefused:
    return DocumentRefused(_l("This file is not a photo or a PDF we can use. Choose a photo (JPEG, PNG or WebP) "
                              "or a PDF."))


# -- checking ---------------------------------------------------------------------------


def check_upload(file_storage) -> CheckedFile:
    """The file to store for an upload, or DocumentRefused with the reason for the family."""
    photo_limit, pdf_limit = current_app.config["PHOTO_MAX_BYTES"], current_app.config["DOCUMENT_MAX_BYTES"]
    data = read_bounded(file_storage, max(photo_limit, pdf_limit)) if file_storage else b""
    if data is None:
        raise DocumentRefused(_l("This file is larger than %(size)s MB. Choose a smaller file.",
                                 size=megabytes(max(photo_limit, pdf_limit))))
    if not data:
        raise DocumentRefused(_l("Choose the photo or the PDF of the document."))
    if data.startswith(PDF_MAGIC):
        if len(data) > pdf_limit:
            raise DocumentRefused(_l("This PDF is larger than %(size)s MB. Choose a smaller file, or take a photo "
                                     "of the document.", size=megabytes(pdf_limit)))
        return CheckedFile(data, PDF_CONTENT_TYPE, check_pdf(data))
    if len(data) > photo_limit:
        raise DocumentRefused(_l("This photo is larger than %(size)s MB. Choose a smaller photo.",
                                 size=megabytes(photo_limit)))
    try:
        image = decode_photo(data)
    except TooManyPixels as error:
        raise DocumentRefused(_l("This image is too large in pixels. Choose a normal camera photo.")) from error
    except UnreadablePhoto as error:
        raise _not_usable() from error
    return CheckedFile(encode_webp(image), PHOTO_CONTENT_TYPE, 1)


def check_pdf(data: bytes) -> int:
    """The number of pages of a PDF we accept; DocumentRefused otherwise."""
    if any(marker in data for marker in RAW_MARKERS):
        raise _active_content()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise DocumentRefused(_l("This PDF is protected by a password. Send it without the password, "
                                         "or take a photo of the document."))
            pages = len(reader.pages)
            _refuse_active_content(reader)
    except DocumentRefused:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on broken or hostile files
        pdf_log.info("PDF refused as unreadable: %r", error)
        raise _not_usable() from error
    limit = current_app.config["DOCUMENT_MAX_PAGES"]
    if not 1 <= pages <= limit:
        raise DocumentRefused(ngettext("A document may have at most %(num)d page. Send only the page of the "
                                       "document.", "A document may have at most %(num)d pages. Send only the "
                                       "pages of the document.", limit))
    return pages


def _active_content() -> DocumentRefused:
    return DocumentRefused(_l("This PDF contains programs or other files, which we do not accept. Print it to a "
                              "new PDF, or take a photo of the document."))


def _refuse_active_content(reader: PdfReader) -> None:
    """Walk every object reachable from the trailer (catalogue, pages, annotations, forms)."""
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise _not_usable()
        if isinstance(item, DictionaryObject):  # streams are dictionaries too; their data is not read
            if FORBIDDEN_KEYS.intersection(item.keys()):
                raise _active_content()
            action = item.get("/S")
            if isinstance(action, NameObject) and action in FORBIDDEN_ACTIONS:
                raise _active_content()
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


# -- storing and serving ----------------------------------------------------------------


def document_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "documents"


def _suffix(content_type: str) -> str:
    return ".pdf" if content_type == PDF_CONTENT_TYPE else ".webp"


def document_path(stored_name: str, content_type: str) -> Path:
    if not STORED_NAME.match(stored_name):  # never build a path from anything else
        raise ValueError(f"not a stored document name: {stored_name!r}")
    return document_folder() / f"{stored_name}{_suffix(content_type)}"


def store(checked: CheckedFile) -> tuple[str, Path]:
    """Write the file under a new random name: (stored name, path)."""
    stored_name = secrets.token_urlsafe(24)
    path = document_path(stored_name, checked.content_type)
    write_atomically(path, checked.content)
    return stored_name, path


# A document never runs in the site's origin: a PDF is a download, a photo is shown as an
# image (an <img> on the review page); neither may be kept by a shared cache or sniffed.
SANDBOX_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def serve(document):
    path = document_path(document.stored_name, document.content_type)
    response = send_file(path, mimetype=document.content_type, as_attachment=document.is_pdf,
                         download_name=f"document-{document.id}{_suffix(document.content_type)}",
                         conditional=False, etag=False, max_age=None)
    response.headers["Content-Security-Policy"] = SANDBOX_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.cache_control.private = True
    response.cache_control.no_store = True
    response.vary.add("Cookie")
    return response
