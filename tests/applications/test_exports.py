"""Exporting applications: Arabic headers, CSV that Excel reads, XLSX that is right-to-left."""
import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from festival.applications.exports import applications_table, export_loaders
from festival.applications.models import Answer, Application, Question
from festival.core.spreadsheets import to_csv, to_xlsx
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.provinces.models import Area
from tests.factories import build_market, build_venue, make_family

SUBMITTED_AT = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)  # 10:30 in Damascus
FRIDAY = date.today() + timedelta(days=14 + (4 - date.today().weekday()) % 7)
ARABIC_HEADERS = ["الأسرة", "ربّ الأسرة", "رقم الجوّال", "المحافظة", "المنطقة", "الموعد", "الحالة", "فئات الحِرف",
                  "الاحتياجات", "ملاحظة", "تاريخ التقديم", "سبب القرار"]


def craft(slug):
    return db.session.scalar(db.select(CraftCategory).where(CraftCategory.slug == slug))


def family(name, phone, head_name="أم محمد"):
    built = db.session.merge(make_family(name=name, phone=phone))
    built.head_name = head_name
    built.area = Area(province_id=built.province_id, name_ar=f"المزة {phone[-2:]}", name_en="Mazzeh")
    return built


@pytest.fixture
def applications(app_context):
    um_mohammad = family("أسرة أم محمد", "0944100101")
    abu_khaled = family("أسرة أبو خالد", "0944100102", head_name="+1 خالد")
    market = build_market(build_venue(), FRIDAY, occurrence_count=1)
    experience, size, products = (
        Question(market=market, kind="yes_no", label_ar="هل بعت في سوق من قبل؟", label_en="Sold at a market before?",
                 position=0),
        Question(market=market, kind="choice", label_ar="حجم الجناح", label_en="Stall size",
                 options="صغير | Small\nكبير | Large", position=1),
        Question(market=market, kind="number", label_ar="عدد المنتجات", label_en="Number of products", position=2),
    )
    db.session.add_all([experience, size, products])
    occurrence = market.occurrences[0]
    approved = Application(
        family=um_mohammad, occurrence=occurrence, status="approved",
        needs_electricity=True, needs_accessible=True, submitted_at=SUBMITTED_AT,
        note='=HYPERLINK("http://evil.example","اضغط هنا")', crafts=[craft("food"), craft("sweets")],
        answers=[Answer(question=experience, value="yes"), Answer(question=size, value="كبير"),
                 Answer(question=products, value="12")],
    )
    rejected = Application(
        family=abu_khaled, occurrence=occurrence,
        status="rejected", decision_reason="-المنتجات خارج فئات السوق", note="@SUM(A1:A9)",
        submitted_at=SUBMITTED_AT + timedelta(hours=1), crafts=[craft("dairy")],
    )
    db.session.add_all([approved, rejected])
    db.session.commit()
    return [approved, rejected]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_table_has_arabic_headers_and_one_column_per_question(applications):
    headers, rows = applications_table(applications)

    assert headers == ARABIC_HEADERS + ["هل بعت في سوق من قبل؟", "حجم الجناح", "عدد المنتجات"]
    first = dict(zip(headers, rows[0], strict=True))
    assert first["الأسرة"] == "أسرة أم محمد" and first["رقم الجوّال"] == "0944 100 101"
    assert first["المحافظة"] == "دمشق" and first["الحالة"] == "مقبول"
    assert first["الموعد"] == FRIDAY
    assert first["تاريخ التقديم"] == datetime(2026, 11, 20, 10, 30)  # Damascus wall-clock time
    assert first["الاحتياجات"] == "كهرباء، جناح أرضي بلا درج"
    assert first["هل بعت في سوق من قبل؟"] == "نعم" and first["حجم الجناح"] == "كبير"
    assert first["عدد المنتجات"] == Decimal("12")
    assert rows[1][ARABIC_HEADERS.index("سبب القرار")] == "-المنتجات خارج فئات السوق"


def test_the_phone_column_can_be_left_out(applications):
    headers, rows = applications_table(applications, with_phone=False)

    assert "رقم الجوّال" not in headers and len(rows[0]) == len(headers)


def test_the_csv_starts_with_a_bom_uses_crlf_and_keeps_the_arabic(applications):
    data = to_csv(*applications_table(applications))

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 3 and b"\n" not in data.replace(b"\r\n", b"")
    rows = read_csv(data)
    assert rows[0][:3] == ARABIC_HEADERS[:3]
    assert rows[1][0] == "أسرة أم محمد" and rows[1][5] == FRIDAY.isoformat() and rows[1][10] == "2026-11-20 10:30"


def test_the_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas(applications):
    rows = read_csv(to_csv(*applications_table(applications)))

    assert rows[1][9] == "'" + '=HYPERLINK("http://evil.example","اضغط هنا")'
    assert rows[2][1] == "'+1 خالد"
    assert rows[2][9] == "'@SUM(A1:A9)"
    assert rows[2][11] == "'-المنتجات خارج فئات السوق"


def test_the_xlsx_is_right_to_left_in_arabic_with_a_bold_header_and_real_dates(applications):
    sheet = load_workbook(io.BytesIO(to_xlsx(*applications_table(applications), "طلبات سوق الجمعة"))).active

    assert sheet.title == "طلبات سوق الجمعة"
    assert sheet.sheet_view.rightToLeft is True
    assert sheet["A1"].value == "الأسرة" and sheet["A1"].font.b
    assert sheet["F2"].is_date and sheet["F2"].value.date() == FRIDAY
    assert sheet["K2"].value == datetime(2026, 11, 20, 10, 30)
    assert sheet["O2"].value == 12
    assert sheet.column_dimensions["A"].width >= len("أسرة أم محمد")


def test_the_xlsx_writes_formula_like_text_as_plain_strings(applications):
    sheet = load_workbook(io.BytesIO(to_xlsx(*applications_table(applications), "x"))).active

    for cell in (sheet["J2"], sheet["J3"], sheet["L3"], sheet["B3"]):
        assert cell.data_type == "s"
    assert sheet["J2"].value.startswith("=HYPERLINK(")


def test_the_export_follows_the_english_interface(app, applications):
    with app.test_request_context("/?lang=en"):
        headers, rows = applications_table(applications)
        sheet = load_workbook(io.BytesIO(to_xlsx(headers, rows, "Applications"))).active

    assert headers[:3] == ["Family", "Head of the family", "Mobile number"]
    assert headers[-3:] == ["Sold at a market before?", "Stall size", "Number of products"]
    assert rows[0][6] == "Approved" and rows[0][-2] == "Large" and rows[0][-3] == "Yes"
    assert sheet.sheet_view.rightToLeft is False


def test_a_sheet_title_with_forbidden_characters_is_cleaned(applications):
    sheet = load_workbook(io.BytesIO(to_xlsx(["a"], [], "سوق [الجمعة]: 2026/12/04 * طلبات مقبولة وأخرى"))).active

    assert len(sheet.title) <= 31 and not set("[]:*?/\\") & set(sheet.title)


def test_the_export_loaders_make_the_table_cost_no_query_per_row(applications, count_queries):
    ids = [application.id for application in applications]
    db.session.expunge_all()
    loaded = db.session.scalars(db.select(Application).where(Application.id.in_(ids))
                                .options(*export_loaders()).order_by(Application.id)).all()
    with count_queries() as queries:
        headers, rows = applications_table(loaded)

    assert len(rows) == 2 and queries.statements == []
