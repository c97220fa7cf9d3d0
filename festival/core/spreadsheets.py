"""Tables as CSV or XLSX downloads: the one way every export answers.

`export_response(headers, rows, file_format, filename)` is what a view returns. Exports
carry phone numbers and names, so the answer is never kept by a browser or proxy
(`Cache-Control: private, no-store`), and it is always an attachment with a file name.

Cells that a spreadsheet would run as a formula (starting with = + - @) are neutralised:
an apostrophe in CSV, a plain string cell in XLSX. A family's note is never executed on
an organizer's PC. XLSX sheets read right to left when the request's language is Arabic.
"""
import csv
import io
from datetime import date, datetime

from flask import Response, abort
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from festival.core.i18n import is_arabic

EXPORT_FORMATS = ("csv", "xlsx")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})
MIN_WIDTH, MAX_WIDTH = 8, 60


def export_bytes(headers, rows, file_format: str, *, sheet_title: str = "") -> tuple[bytes, str]:
    """(file content, content type) of the table as csv or xlsx (a job's file, or a download)."""
    if file_format == "csv":
        return to_csv(headers, rows), CSV_CONTENT_TYPE
    if file_format == "xlsx":
        return to_xlsx(headers, rows, sheet_title=sheet_title), XLSX_CONTENT_TYPE
    raise ValueError(file_format)


def export_response(headers, rows, file_format: str, filename: str, *, sheet_title: str = "") -> Response:
    """The table as a `filename.<file_format>` download (csv or xlsx; anything else is a 404)."""
    if file_format not in EXPORT_FORMATS:
        abort(404)
    body, content_type = export_bytes(headers, rows, file_format, sheet_title=sheet_title)
    response = Response(body, content_type=content_type)
    response.headers.set("Content-Disposition", "attachment", filename=f"{filename}.{file_format}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


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
