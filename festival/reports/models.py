"""A family's sales report for one occurrence where it had a stall, and its lines per craft.

Money is whole Syrian pounds in integer columns; the check constraints keep negative
amounts, an out-of-range rating and a "did not attend" report with sales out of the
database, whatever the forms do.
"""
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.applications.models import Application
from festival.auth.models import User
from festival.core.types import UTCDateTime, utcnow
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.vendors.models import Family


class SalesReport(db.Model):
    __tablename__ = "sales_reports"
    __table_args__ = (
        UniqueConstraint("occurrence_id", "family_id"),
        UniqueConstraint("application_id"),
        CheckConstraint("total_sales >= 0", name="total_not_negative"),
        CheckConstraint("attended OR total_sales = 0", name="absent_sold_nothing"),
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_one_to_five"),
        Index("ix_sales_reports_family_id", "family_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    attended: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    total_sales: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")  # whole pounds
    best_product: Mapped[str] = mapped_column(String(200), default="", server_default="")
    problems: Mapped[str] = mapped_column(Text, default="", server_default="")
    rating: Mapped[int | None]
    # Set when an organizer typed the report for the family (e.g. collected by phone).
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    occurrence: Mapped[Occurrence] = relationship()
    family: Mapped[Family] = relationship()
    application: Mapped[Application] = relationship()
    entered_by: Mapped[User | None] = relationship()
    lines: Mapped[list["SalesReportLine"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="SalesReportLine.craft_id"
    )

    def __repr__(self) -> str:
        return f"<SalesReport {self.id} occurrence={self.occurrence_id} family={self.family_id}>"

    @property
    def entered_by_organizer(self) -> bool:
        return self.entered_by_id is not None


class SalesReportLine(db.Model):
    """Sales in one craft category: amount in pounds and number of items."""

    __tablename__ = "sales_report_lines"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("items >= 0", name="items_not_negative"),
        Index("ix_sales_report_lines_craft_id", "craft_id"),
    )

    report_id: Mapped[int] = mapped_column(ForeignKey("sales_reports.id", ondelete="CASCADE"), primary_key=True)
    craft_id: Mapped[int] = mapped_column(ForeignKey("craft_categories.id", ondelete="RESTRICT"), primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    items: Mapped[int] = mapped_column(default=0)

    report: Mapped[SalesReport] = relationship(back_populates="lines")
    craft: Mapped[CraftCategory] = relationship()
