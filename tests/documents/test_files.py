"""What a family may upload as a document: real photos and PDFs, hostile and broken ones refused."""
import io

import pytest
from flask_babel import force_locale
from PIL import Image

from festival.documents.files import DocumentRefused, check_upload
from festival.documents.models import PDF_CONTENT_TYPE, PHOTO_CONTENT_TYPE
from tests.factories import pdf_bytes, pdf_with_open_action_script, photo_bytes, upload_file
from tests.vendors.images import png_declaring


@pytest.fixture
def checked(app_context):
    """Checks a file; messages in English, the words the tests read."""
    def check(content, name="document"):
        with force_locale("en"):
            return check_upload(upload_file(content, name))

    return check


def _refusal(checked, content) -> str:
    with pytest.raises(DocumentRefused) as refused:
        checked(content)
    assert refused.value.field == "file"
    with force_locale("en"):
        return str(refused.value.message)


def test_a_photo_of_a_certificate_is_re_encoded_without_its_metadata(checked):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    image = Image.new("RGB", (2400, 1800), (250, 250, 240))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)

    result = checked(buffer.getvalue())

    stored = Image.open(io.BytesIO(result.content))
    assert result.content_type == PHOTO_CONTENT_TYPE and stored.format == "WEBP"
    assert max(stored.size) == 1600 and not stored.getexif()


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_photos_are_accepted(checked, image_format):
    assert checked(photo_bytes(image_format)).content_type == PHOTO_CONTENT_TYPE


def test_a_pdf_is_kept_as_sent_with_its_page_count(checked):
    content = pdf_bytes(pages=2)

    result = checked(content)

    assert (result.content_type, result.pages, result.content) == (PDF_CONTENT_TYPE, 2, content)


def test_a_pdf_with_a_document_script_is_refused(checked):
    assert "programs" in _refusal(checked, pdf_bytes(javascript=True))


def test_a_pdf_that_runs_a_script_on_opening_is_refused(checked):
    assert "programs" in _refusal(checked, pdf_with_open_action_script())


def test_a_script_hidden_behind_an_escaped_name_is_found(checked):
    hostile = pdf_with_open_action_script().replace(b"/JavaScript", b"/J#61vaScript")

    assert b"/JavaScript" not in hostile
    assert "programs" in _refusal(checked, hostile)


def test_a_pdf_carrying_another_file_is_refused(checked):
    _refusal(checked, pdf_bytes(embedded_file=True))


def test_an_encrypted_pdf_is_refused_with_its_reason(checked):
    assert _refusal(checked, pdf_bytes(encrypted=True)) != _refusal(checked, b"%PDF-1.4 broken")


def test_a_broken_pdf_is_refused_as_unusable(checked):
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + b"\x00garbage" * 50

    _refusal(checked, broken)


def test_a_truncated_pdf_is_refused(checked):
    _refusal(checked, pdf_bytes(pages=3)[:300])


def test_a_pdf_with_too_many_pages_is_refused(app, checked):
    app.config["DOCUMENT_MAX_PAGES"] = 3

    _refusal(checked, pdf_bytes(pages=4))


def test_a_file_too_large_is_refused_before_it_is_read_whole(app, checked):
    app.config["DOCUMENT_MAX_BYTES"] = app.config["PHOTO_MAX_BYTES"] = 50_000
    large = pdf_bytes() + b"%" + b"x" * 60_000

    assert "0.048 MB" in _refusal(checked, large)


def test_a_pdf_over_its_own_limit_is_refused_below_the_photo_limit(app, checked):
    app.config["DOCUMENT_MAX_BYTES"] = 2_000
    _refusal(checked, pdf_bytes() + b"%" + b"x" * 3_000)


@pytest.mark.parametrize("content", [b"", b"just some text, not a document", b"GIF89a" + b"\x00" * 100])
def test_other_files_are_refused(checked, content):
    _refusal(checked, content)


def test_a_decompression_bomb_is_refused_from_its_header(checked):
    message = _refusal(checked, png_declaring(30_000, 30_000))

    assert message
