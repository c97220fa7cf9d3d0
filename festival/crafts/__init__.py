"""Craft categories of the productive families (seeded reference data)."""
