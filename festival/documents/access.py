"""The scope of a family's document, declared once: it belongs to the family's province."""
from festival.core.access import manages
from festival.documents.queries import document_or_404

managed_document = manages("document_id", document_or_404, province="family.province")
