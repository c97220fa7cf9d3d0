from flask import Blueprint, Response, current_app, render_template, send_from_directory
from sqlalchemy import func

from festival.calendar.caching import cached
from festival.core.access import public
from festival.core.spreadsheets import CSV_CONTENT_TYPE, to_csv
from festival.extensions import db
from festival.provinces.queries import all_provinces, province_or_404
from festival.reports import open_data
from festival.vendors.models import Family

bp = Blueprint("public", __name__)


@bp.route("/")
@public
def home():
    family_counts = dict(
        db.session.execute(db.select(Family.province_id, func.count()).where(Family.is_counted)
                           .group_by(Family.province_id)).all()
    )
    return render_template("public/home.html", provinces=all_provinces(), family_counts=family_counts)


@bp.route("/provinces/<slug>")
@public
def province(slug):
    province = province_or_404(slug)
    family_count = db.session.scalar(
        db.select(func.count()).select_from(Family).where(Family.province_id == province.id, Family.is_counted)
    )
    return render_template("public/province.html", province=province, family_count=family_count)


@bp.route("/help/families")
@public
def family_help():
    """How taking part works, in the families' words: applying, the badge, the day, the sales report."""
    return render_template("public/family_help.html")


@bp.route("/open-data")
@public
def open_data_page():
    """What the open data holds, its licence and its downloads (the files are built on request)."""
    return cached(lambda: render_template("public/open_data.html", threshold=open_data.SUPPRESSION_THRESHOLD,
                                          suppressed_text=open_data.SUPPRESSED_TEXT, licence=open_data.LICENCE,
                                          columns=open_data.CSV_HEADERS), personal=True)


@bp.route("/open-data/sales.csv")
@public
def open_data_csv():
    """The open data's table as CSV; the same cells as GET /api/v1/open-data/sales."""
    def build():
        cells = open_data.sales_cells()
        response = Response(to_csv(open_data.CSV_HEADERS, [cell.as_csv_row() for cell in cells]),
                            content_type=CSV_CONTENT_TYPE)
        response.headers.set("Content-Disposition", "attachment", filename="festival-sales-open-data.csv")
        return response

    return cached(build, personal=False, extra=open_data.sales_fingerprint())


@bp.route("/health")
@public
def health():
    """A trivial endpoint: load balancers, and the baseline of the benchmarks."""
    return {"status": "ok"}


@bp.route("/favicon.ico")
@public
def favicon():
    """Browsers ask for /favicon.ico whatever the page says; answer with the site's icon."""
    response = send_from_directory(current_app.static_folder, "img/favicon.ico", mimetype="image/x-icon")
    response.cache_control.max_age = 7 * 24 * 3600
    response.cache_control.public = True
    return response
