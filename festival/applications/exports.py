"""Applications as a table, and that table as CSV or XLSX: pure functions, no routes.

Headers and labels are translated in the current request's language, so an organizer
who reads Arabic gets an Arabic, right-to-left sheet. Cells that a spreadsheet would
run as a formula (starting with = + - @) are neutralised: an apostrophe in CSV, a
plain string cell in XLSX. A family's note is never executed on an organizer's PC.

The caller loads the relationships (see export_loaders()) so the table costs no query
per row.
"""
import csv
import io
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import selectinload

from festival.applications.answers import NO, YES, question_options
from festival.applications.models import Application, ApplicationStatus, Question, QuestionKind
from festival.core.i18n import is_arabic
from festival.core.phones import display_phone
from festival.core.timezones import to_damascus
from festival.markets.models import Market, Occurrence
from festival.vendors.models import Family

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})
MIN_WIDTH, MAX_WIDTH = 8, 60



def export_loaders() -> tuple:
    """Loader options for the query that feeds `applications_table` (a few queries in all)."""
    family = selectinload(Application.family)
    return (
        family.selectinload(Family.user),
        family.selectinload(Family.province),
        family.selectinload(Family.area),
        # `Market.questions` is a backref: it exists once the mappers are configured.
        selectinload(Application.occurrence).selectinload(Occurrence.market).selectinload(Market.questions),
        selectinload(Application.crafts),
        selectinload(Application.answers),
    )


def status_label(status: str) -> str:
    labels = {
        ApplicationStatus.SUBMITTED: _("Under review"),
        ApplicationStatus.APPROVED: _("Approved"),
        ApplicationStatus.WAITLISTED: _("On the waitlist"),
        ApplicationStatus.REJECTED: _("Rejected"),
        ApplicationStatus.WITHDRAWN: _("Withdrawn"),
        ApplicationStatus.CANCELLED: _("Cancelled"),
    }
    return labels.get(status, status)


def _join(names) -> str:
    return ("، " if is_arabic() else ", ").join(name for name in names if name)


def _needs(application: Application) -> str:
    return _join([
        _("Electricity") if application.needs_electricity else "",
        _("Covered stall") if application.needs_covered else "",
        _("Step-free stall") if application.needs_accessible else "",
    ])


def _questions(applications) -> list[Question]:
    """Every question of the markets in the export, market by market, in form order."""
    seen, questions = set(), []
    for application in applications:
        for question in application.occurrence.market.questions:
            if question.id not in seen:
                seen.add(question.id)
                questions.append(question)
    return questions


def _answer(question: Question, value: str | None):
    if value is None or value == "":
        return ""
    if question.kind == QuestionKind.YES_NO:
        return {YES: _("Yes"), NO: _("No")}.get(value, value)
    if question.kind == QuestionKind.CHOICE:
        return dict(question_options(question)).get(value, value)
    if question.kind == QuestionKind.NUMBER:
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return number if number.is_finite() else value
    return value


def applications_table(applications, *, with_phone: bool = True) -> tuple[list[str], list[list]]:
    """(headers, rows); rows hold str, date, naive Damascus datetime, Decimal or ""."""
    applications = list(applications)
    questions = _questions(applications)
    headers = [_("Family"), _("Head of the family")]
    if with_phone:
        headers.append(_("Mobile number"))
    headers += [_("Province"), _("Area"), _("Date"), _("Status"), _("Craft categories"), _("Needs"), _("Note"),
                _("Submitted at"), _("Decision reason")]
    headers += [question.label for question in questions]
    rows = []
    for application in applications:
        family = application.family
        answers = {answer.question_id: answer.value for answer in application.answers}
        row = [family.name, family.head_name or ""]
        if with_phone:
            row.append(display_phone(family.user.phone))
        row += [
            family.province.name,
            family.area.name if family.area else "",
            application.occurrence.day,
            status_label(application.status),
            _join(craft.name for craft in application.crafts),
            _needs(application),
            application.note or "",
            to_damascus(application.submitted_at).replace(tzinfo=None),
            application.decision_reason or "",
        ]
        row += [_answer(question, answers.get(question.id)) for question in questions]
        rows.append(row)
    return headers, rows


def _neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _neutralised(value)
    return str(value)


def to_csv(headers, rows) -> bytes:
    """UTF-8 with a BOM (Excel then reads the Arabic right) and CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_cell(header) for header in headers])
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str) -> str:
    cleaned = " ".join(str(title or "").translate(SHEET_TITLE_FORBIDDEN).split()).strip("'")
    return cleaned[:31] or "Sheet1"


def _write_cell(sheet, row: int, column: int, value):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif isinstance(value, datetime):
        cell.value = value
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    else:
        cell.value = value
    return cell


def _display_length(value) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def to_xlsx(headers, rows, sheet_title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_title)
    sheet.sheet_view.rightToLeft = is_arabic()
    bold = Font(bold=True)
    for column, header in enumerate(headers, start=1):
        _write_cell(sheet, 1, column, header).font = bold
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = _write_cell(sheet, row_number, column, value)
            if isinstance(value, str) and "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    for column, header in enumerate(headers, start=1):
        longest = max([_display_length(header)] + [_display_length(row[column - 1]) for row in rows])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
