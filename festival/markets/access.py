"""The scope of the markets' objects, declared once for every feature that manages them:
a market, or one date (occurrence) of it, belongs to the market's province."""
from festival.core.access import manages
from festival.markets.queries import market_or_404, occurrence_or_404

managed_market = manages("market_id", market_or_404)
managed_occurrence = manages("occurrence_id", occurrence_or_404, province="market.province")
