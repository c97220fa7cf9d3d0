"""Venues and their stall layouts (sections of stalls), and the SVG stall map."""
