"""The papers a family needs: document types, the families' uploads and their checking,
whether a family's documents are valid for a market day (readiness), and expiry reminders."""
