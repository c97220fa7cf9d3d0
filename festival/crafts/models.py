from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from festival.core.i18n import Bilingual
from festival.extensions import db


class CraftCategory(Bilingual, db.Model):
    __tablename__ = "craft_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(32), unique=True)
    name_ar: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)
