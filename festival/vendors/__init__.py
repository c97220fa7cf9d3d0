"""Productive families: the vendor accounts, their profile and dashboard."""
