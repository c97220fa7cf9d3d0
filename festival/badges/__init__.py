"""Badges: one signed QR badge per family, stall and occurrence."""
