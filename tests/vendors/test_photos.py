"""Product photos: what is accepted, what is refused, how they are stored and served."""
import io
import os
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from festival.consent.operations import record_choices
from festival.core.types import utcnow
from festival.extensions import db
from festival.vendors.models import Family, FamilyPhoto
from festival.vendors.photos import store_photo
from tests.conftest import post_form
from tests.vendors.images import image_bytes, png_declaring

MULTIPART = {"content_type": "multipart/form-data"}


def upload(client, form, content: bytes, filename="photo.jpg"):
    return post_form(client, "/family/profile", {**form, "photo": (io.BytesIO(content), filename)}, **MULTIPART)


def stored_photos(app, family_id) -> list[FamilyPhoto]:
    with app.app_context():
        return list(db.session.scalars(
            db.select(FamilyPhoto).where(FamilyPhoto.family_id == family_id).order_by(FamilyPhoto.position)
        ))


def photo_files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"]) / "photos"
    return sorted(folder.iterdir()) if folder.exists() else []


def add_photos(app, family_id, count):
    """Store photos directly (no HTTP), the way the demo does."""
    from werkzeug.datastructures import FileStorage

    with app.app_context():
        family = db.session.get(Family, family_id)
        for number in range(count):
            store_photo(family, FileStorage(io.BytesIO(image_bytes("PNG", (60, 60), (number * 40, 80, 80))), "p.png"))
        db.session.commit()


@pytest.fixture
def family(make, login):
    family = make.family()
    login(family.user)
    return family


@pytest.mark.parametrize(("image_format", "filename"), [("JPEG", "a.jpg"), ("PNG", "b.png"), ("WEBP", "c.webp")])
def test_a_photo_is_re_encoded_with_a_thumbnail_and_served_as_webp(
    app, client, family, profile_form, image_format, filename
):
    response = upload(client, profile_form(), image_bytes(image_format, (2400, 1200)), filename)

    assert response.status_code == 302
    [photo] = stored_photos(app, family.id)
    assert (photo.position, photo.content_type, photo.width, photo.height) == (0, "image/webp", 1600, 800)
    full = client.get(f"/family/photos/{photo.stored_name}")
    thumb = client.get(f"/family/photos/{photo.stored_name}/thumb")
    for served in (full, thumb):
        assert served.status_code == 200
        assert served.headers["Content-Type"] == "image/webp"
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert "max-age=31536000" in served.headers["Cache-Control"]
        assert served.data[:4] == b"RIFF" and served.data[8:12] == b"WEBP"
    assert Image.open(io.BytesIO(thumb.data)).size == (400, 200)
    assert len(full.data) == photo.size_bytes
    assert [path.name for path in photo_files(app)] == sorted([f"{photo.stored_name}.webp",
                                                               f"{photo.stored_name}.thumb.webp"])


def test_the_profile_form_takes_a_photo_without_javascript(client, family):
    page = client.get("/family/profile").get_data(as_text=True)

    assert 'enctype="multipart/form-data"' in page
    assert 'accept="image/jpeg,image/png,image/webp"' in page and 'type="file"' in page
    assert "حتى 8 ميغابايت" in page and "يمكنك إضافة 6 صور أخرى." in page


def test_the_profile_page_shows_the_thumbnail_with_a_remove_button(app, client, family, profile_form):
    upload(client, profile_form(), image_bytes())
    [photo] = stored_photos(app, family.id)

    page = client.get("/family/profile").get_data(as_text=True)

    assert f'src="/family/photos/{photo.stored_name}/thumb"' in page
    assert f'href="/family/photos/{photo.stored_name}/delete"' in page  # the confirmation step


def camera_jpeg_with_gps() -> bytes:
    """A portrait phone photo: stored sideways with EXIF orientation 6, GPS position and camera model."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Model] = "Family Phone X"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (33.0, 30.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (36.0, 17.0, 45.0),
    })
    content = image_bytes("JPEG", (640, 480), exif=exif.tobytes())
    source = Image.open(io.BytesIO(content))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo really carries a position
    return content


def test_exif_and_gps_are_stripped_and_the_photo_is_turned_upright(app, client, family, profile_form):
    upload(client, profile_form(), camera_jpeg_with_gps())

    [photo] = stored_photos(app, family.id)
    for suffix in ("", "/thumb"):
        served = client.get(f"/family/photos/{photo.stored_name}{suffix}").data
        stored = Image.open(io.BytesIO(served))
        assert not stored.getexif()
        assert not {"exif", "xmp", "icc_profile"} & set(stored.info)
        assert b"Exif" not in served and b"Family Phone X" not in served
    assert (photo.width, photo.height) == (480, 640)


def test_transparency_of_a_png_is_kept(app, client, family, profile_form):
    upload(client, profile_form(), image_bytes("PNG", (300, 300), (0, 0, 0, 0)), "logo.png")

    [photo] = stored_photos(app, family.id)
    stored = Image.open(io.BytesIO(client.get(f"/family/photos/{photo.stored_name}").data))
    assert stored.mode == "RGBA" and stored.getpixel((10, 10))[3] == 0


GIF = image_bytes("GIF", (50, 50))
REFUSED = {
    "a renamed script": (b"#!/bin/sh\nrm -rf / --no-preserve-root\n", "photo.jpg", "ليس صورة يمكننا استخدامها"),
    "a gif": (GIF, "photo.gif", "ليس صورة يمكننا استخدامها"),
    "an html page": (b"<html><script>alert(1)</script></html>", "photo.png", "ليس صورة يمكننا استخدامها"),
    "a truncated jpeg": (image_bytes("JPEG", (400, 400))[:300], "photo.jpg", "ليس صورة يمكننا استخدامها"),
    "an empty file": (b"", "photo.jpg", "ليس صورة يمكننا استخدامها"),
    "a decompression bomb": (png_declaring(100_000, 100_000), "photo.png", "أبعاد هذه الصورة كبيرة جداً"),
    "a bomb below pillow's error": (png_declaring(10_000, 10_000), "photo.png", "أبعاد هذه الصورة كبيرة جداً"),
    "too many pixels for us": (png_declaring(8_000, 7_000), "photo.png", "أبعاد هذه الصورة كبيرة جداً"),
}


@pytest.mark.parametrize("case", REFUSED.keys())
def test_a_file_that_is_not_a_usable_photo_is_refused_with_a_clear_message(app, client, family, profile_form, case):
    content, filename, message = REFUSED[case]

    response = upload(client, profile_form(), content, filename)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert "حُفظت تعديلاتك الأخرى، لكن الصورة لم تُضف." in page
    assert stored_photos(app, family.id) == [] and photo_files(app) == []


def test_a_photo_over_the_size_limit_is_refused_by_our_check_not_a_bare_413(app, client, family, profile_form):
    too_big = b"\xff\xd8\xff\xe0" + os.urandom(app.config["PHOTO_MAX_BYTES"])

    response = upload(client, profile_form(), too_big)

    assert response.status_code == 200
    assert "هذه الصورة أكبر من 8 ميغابايت" in response.get_data(as_text=True)
    assert stored_photos(app, family.id) == []


def test_a_photo_over_the_request_ceiling_gives_the_form_back_with_what_was_typed(app, client, family, profile_form):
    huge = b"\xff\xd8\xff\xe0" + bytes(app.config["MAX_CONTENT_LENGTH"])

    response = upload(client, profile_form(head_name="سعاد العلي"), huge)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "هذه الصورة أكبر من 8 ميغابايت" in page
    assert 'value="سعاد العلي"' in page and "مكدوس ومربى مشمش" in page
    assert stored_photos(app, family.id) == [] and photo_files(app) == []


def test_a_post_too_large_to_read_gets_a_page_that_states_the_limit(app, client, family, profile_form):
    app.config["UPLOAD_SALVAGE_BYTES"] = app.config["MAX_CONTENT_LENGTH"] + 1024
    huge = b"\xff\xd8\xff\xe0" + bytes(app.config["MAX_CONTENT_LENGTH"] + 2048)

    response = upload(client, profile_form(), huge)

    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "يصل حجم الصورة إلى 8 ميغابايت" in page and "لم يُحفظ شيء" in page


def test_the_photo_field_tells_the_browser_its_limit_and_message(client, family):
    page = client.get("/family/profile").get_data(as_text=True)

    assert f'data-max-bytes="{8 * 1024 * 1024}"' in page
    assert 'data-too-large="هذه الصورة أكبر من 8 ميغابايت. اختر صورة أصغر."' in page


def test_the_typed_fields_are_saved_when_the_photo_is_refused(app, client, family, profile_form):
    response = upload(client, profile_form(head_name="سعاد العلي"), b"#!/bin/sh\necho pwned\n", "photo.jpg")

    page = response.get_data(as_text=True)
    assert 'value="سعاد العلي"' in page and "مكدوس ومربى مشمش" in page
    with app.app_context():
        saved = db.session.get(Family, family.id)
        assert saved.head_name == "سعاد العلي" and saved.products.startswith("مكدوس")


def test_a_good_photo_is_kept_while_the_fields_wait_for_a_correction(app, client, family, profile_form):
    response = upload(client, profile_form(second_phone="12"), image_bytes())

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "أُضيفت الصورة. صحّح الحقول المعلَّمة ثم احفظ من جديد." in page
    assert 'value="فاطمة الحلبي"' in page
    assert len(stored_photos(app, family.id)) == 1


def test_the_seventh_photo_is_refused(app, client, family, profile_form):
    add_photos(app, family.id, 6)

    page = client.get("/family/profile").get_data(as_text=True)
    response = upload(client, profile_form(), image_bytes())

    assert 'type="file"' not in page and "لديك 6 صور" in page
    assert "يمكن للأسرة أن تعرض 6 صور على الأكثر" in response.get_data(as_text=True)
    assert len(stored_photos(app, family.id)) == 6 and len(photo_files(app)) == 12


def test_removing_a_photo_deletes_its_files_and_closes_the_gap(app, client, family):
    add_photos(app, family.id, 3)
    first, second, third = stored_photos(app, family.id)

    response = post_form(client, f"/family/photos/{second.stored_name}/delete", {}, form_page="/family/profile")

    assert response.status_code == 302
    assert [(p.stored_name, p.position) for p in stored_photos(app, family.id)] == [
        (first.stored_name, 0), (third.stored_name, 1)]
    assert not any(second.stored_name in path.name for path in photo_files(app))
    assert client.get(f"/family/photos/{second.stored_name}").status_code == 404
    add_photos(app, family.id, 1)
    assert [p.position for p in stored_photos(app, family.id)] == [0, 1, 2]


def test_another_family_cannot_remove_my_photo(app, make, login, family):
    add_photos(app, family.id, 1)
    [photo] = stored_photos(app, family.id)
    intruder = login(make.family(name="أسرة أخرى").user, as_client=app.test_client())

    response = post_form(intruder, f"/family/photos/{photo.stored_name}/delete", {}, form_page="/family/profile")

    assert response.status_code == 404
    assert [p.stored_name for p in stored_photos(app, family.id)] == [photo.stored_name]
    assert len(photo_files(app)) == 2


def test_removing_needs_the_csrf_token(app, client, family):
    add_photos(app, family.id, 1)
    [photo] = stored_photos(app, family.id)

    response = client.post(f"/family/photos/{photo.stored_name}/delete")

    assert response.status_code == 400
    assert len(stored_photos(app, family.id)) == 1


def test_photos_are_public_for_visitors_once_the_family_lets_its_profile_be_shown(app, make, family):
    add_photos(app, family.id, 1)
    [photo] = stored_photos(app, family.id)
    url = f"/family/photos/{photo.stored_name}/thumb"
    assert app.test_client().get(url).status_code == 404  # not chosen: not shown (festival/consent)

    with app.app_context():
        owner = db.session.get(Family, family.id)
        record_choices(owner, {"public_profile"}, by=owner.user, now=utcnow())
        db.session.commit()

    assert app.test_client().get(url).status_code == 200


@pytest.mark.parametrize("path", [
    "/family/photos/AAAAAAAAAAAAAAAAAAAAAA",
    "/family/photos/AAAAAAAAAAAAAAAAAAAAAA/thumb",
    "/family/photos/..%2F..%2Fconfig.py",
    "/family/photos/..%2F..%2F..%2Fetc%2Fpasswd/thumb",
    "/family/photos/%2e%2e",
    "/family/photos/../../festival/config.py",
    "/family/photos/secret_key",
    "/family/photos/.upload-x",
])
def test_unknown_names_and_path_tricks_are_404(app, client, path):
    folder = Path(app.config["UPLOAD_FOLDER"]) / "photos"
    folder.mkdir(parents=True)
    (folder / "AAAAAAAAAAAAAAAAAAAAAA.webp").write_bytes(image_bytes("WEBP"))  # a file without a row

    assert client.get(path).status_code == 404
