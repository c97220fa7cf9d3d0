"""Gate staff: the events they work at (badge scanning comes with the badges feature)."""
