"""Visitors' search (/search?q=…): which families make a product or a craft, and at which
markets to find them.

What it promises:
- it finds, by the words typed, the families whose name, products (free text) or craft
  categories or traditional crafts (festival/crafts: a family whose craft is الصابون الحلبي
  is found by صابون whatever its products say) hold every word, among the families that
  let their profile be shown
  (festival/consent: `has_granted(PUBLIC_PROFILE)`, as the event pages' directory) and that
  have a stall at a public market date still to come or ended in the last RECENT_DAYS days;
  each with its crafts and links to those dates' event pages, where it is listed under its
  stall (festival/stalls/queries.public_directory);
- the traditional crafts whose name holds every word, linked to their pages (/crafts/<slug>);
- and the coming market dates whose title or craft categories hold every word, or where
  such a family has a stall;
- Arabic and English alike, compared folded on both sides (festival/core/text.search_key
  for the words typed, festival/core/search.folded inside SQL on the stored text: no
  short vowels or tatweel, أ/إ/آ as ا, ة as ه, ى as ي, lower case);
- the article: a typed word loses a leading ال (and the وال/بال/كال/فال/لل that join it to
  a word) when three letters or more remain, and is then looked for *inside* the stored
  text. So صابون finds "الصابون الحلبي", الصابون finds "صابون غار", والمكدوس finds
  "مكدوس باذنجان". The price: a word whose ال is its own letters (ألبان) is looked for as
  بان, which finds a little more, never less;
- no personal data: names, crafts and products only, as the event pages show them;
- a fixed number of queries per page, whatever the number of families or dates.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, or_, select

from festival.calendar.queries import in_order, public_occurrences
from festival.consent.models import SharingPurpose
from festival.consent.queries import has_granted
from festival.core.search import MAX_QUERY_LENGTH, folded
from festival.core.text import search_key
from festival.crafts.models import Craft, CraftCategory
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence, OccurrenceStatus
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family, family_craft_items, family_crafts
from festival.venues.models import Stall

RECENT_DAYS = 30  # a family seen at a market this recently is still found
PER_PAGE = 20
MARKETS_SHOWN = 10
DATES_PER_FAMILY = 3
MAX_WORDS = 6
MIN_WORD_LENGTH = 2
ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")  # longest first
MIN_STEM_LENGTH = 3
LISTED_STATUSES = (MarketStatus.PUBLISHED, MarketStatus.ARCHIVED)  # public, and not cancelled


def without_article(word: str) -> str:
    """`الصابون` -> `صابون`, `للمونه` -> `مونه`; `الله`, `ال` stay (too little would remain)."""
    for article in ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= MIN_STEM_LENGTH:
            return word[len(article):]
    return word


def search_words(typed: str | None) -> list[str]:
    """The words a search looks for, folded and without their article; [] when nothing usable was typed."""
    words = []
    for word in search_key((typed or "")[:MAX_QUERY_LENGTH]).split():
        stem = without_article(word)
        if len(stem) >= MIN_WORD_LENGTH and stem not in ARTICLES and stem not in words:
            words.append(stem)
    return words[:MAX_WORDS]


def _contains(column, word: str):
    return folded(column).contains(word, autoescape=True)


def _family_has(word: str):
    """The family's name, products or one of its craft categories (Arabic or English) holds `word`."""
    in_crafts = (select(family_crafts.c.family_id)
                 .join(CraftCategory, CraftCategory.id == family_crafts.c.craft_id)
                 .where(family_crafts.c.family_id == Family.id,
                        or_(_contains(CraftCategory.name_ar, word), _contains(CraftCategory.name_en, word)))
                 .exists())
    in_craft_items = (select(family_craft_items.c.family_id)
                      .join(Craft, Craft.id == family_craft_items.c.craft_id)
                      .where(family_craft_items.c.family_id == Family.id,
                             or_(_contains(Craft.name_ar, word), _contains(Craft.name_en, word)))
                      .exists())
    return or_(_contains(Family.name, word), _contains(Family.products, word), in_crafts, in_craft_items)


def _dates_window(today: date):
    """A stall at a public date still to come or ended lately (cancelled dates never)."""
    return and_(Market.status.in_(LISTED_STATUSES), Occurrence.status == OccurrenceStatus.SCHEDULED,
                Occurrence.last_day >= today - timedelta(days=RECENT_DAYS))


def _found_families(words: list[str], today: date):
    listed = (select(StallAssignment.id).join(Occurrence, Occurrence.id == StallAssignment.occurrence_id)
              .join(Market, Market.id == Occurrence.market_id)
              .where(StallAssignment.family_id == Family.id, _dates_window(today)).exists())
    return (select(Family).where(Family.is_live, has_granted(Family.id, SharingPurpose.PUBLIC_PROFILE), listed,
                                 *(_family_has(word) for word in words)))


@dataclass(frozen=True)
class FamilyDate:
    occurrence: Occurrence
    stall_code: str
    upcoming: bool


@dataclass(frozen=True)
class FoundFamily:
    family_id: int
    name: str
    crafts: list
    products: str
    dates: list[FamilyDate]
    craft_items: tuple = ()  # its traditional crafts (festival/crafts), each links to its page


@dataclass(frozen=True)
class SearchResult:
    words: list[str]
    families: object  # a page (flask_sqlalchemy Pagination) of FoundFamily
    markets: list[Occurrence]
    crafts: tuple = ()  # the traditional crafts whose name holds every word


def _dates_of(family_ids: list[int], today: date) -> dict[int, list[FamilyDate]]:
    """Each family's dates in the window, coming ones first (soonest first), then the recent ones."""
    if not family_ids:
        return {}
    market = db.joinedload(Occurrence.market)
    rows = db.session.execute(
        select(StallAssignment.family_id, Stall.code, Occurrence)
        .join(Stall, Stall.id == StallAssignment.stall_id)
        .join(Occurrence, Occurrence.id == StallAssignment.occurrence_id)
        .join(Market, Market.id == Occurrence.market_id)
        .where(StallAssignment.family_id.in_(family_ids), _dates_window(today))
        .options(market.joinedload(Market.province), market.joinedload(Market.venue))
        .order_by(Occurrence.day, Occurrence.id)).all()
    dates: dict[int, list[FamilyDate]] = {}
    for family_id, stall_code, occurrence in rows:
        dates.setdefault(family_id, []).append(FamilyDate(occurrence, stall_code, occurrence.last_day >= today))
    return {family_id: sorted(found, key=lambda entry: not entry.upcoming)[:DATES_PER_FAMILY]
            for family_id, found in dates.items()}


def _matching_markets(words: list[str], today: date) -> list[Occurrence]:
    """Coming dates whose market's title or crafts hold every word, or where a found family has a stall."""
    def market_has(word: str):
        return or_(_contains(Market.title_ar, word), _contains(Market.title_en, word),
                   Market.crafts.any(or_(_contains(CraftCategory.name_ar, word),
                                         _contains(CraftCategory.name_en, word))))

    family_there = (select(StallAssignment.id).join(Family, Family.id == StallAssignment.family_id)
                    .where(StallAssignment.occurrence_id == Occurrence.id, Family.is_live,
                           has_granted(Family.id, SharingPurpose.PUBLIC_PROFILE),
                           *(_family_has(word) for word in words)).exists())
    query = (public_occurrences()
             .where(Market.status == MarketStatus.PUBLISHED, Occurrence.status == OccurrenceStatus.SCHEDULED,
                    Occurrence.last_day >= today, or_(and_(*(market_has(word) for word in words)), family_there)))
    return list(db.session.scalars(in_order(query).limit(MARKETS_SHOWN)).unique())


def _matching_crafts(words: list[str]) -> tuple:
    """The traditional crafts whose Arabic or English name holds every word (one query)."""
    return tuple(db.session.scalars(select(Craft).where(*(or_(_contains(Craft.name_ar, word),
                                                               _contains(Craft.name_en, word)) for word in words))
                                    .order_by(Craft.position).limit(MARKETS_SHOWN)))


def search(typed: str | None, today: date, page: int = 1) -> SearchResult | None:
    """None when nothing usable was typed (no query at all); else eight queries."""
    words = search_words(typed)
    if not words:
        return None
    found = db.paginate(_found_families(words, today).options(db.selectinload(Family.crafts),
                                                              db.selectinload(Family.craft_items))
                        .order_by(Family.name, Family.id), page=page, per_page=PER_PAGE, error_out=False)
    dates = _dates_of([family.id for family in found.items], today)
    found.items = [FoundFamily(family.id, family.name, list(family.crafts), family.products, dates.get(family.id, []),
                               tuple(family.craft_items))
                   for family in found.items]
    return SearchResult(words, found, _matching_markets(words, today), _matching_crafts(words))
