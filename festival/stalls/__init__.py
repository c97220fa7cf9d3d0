"""Stall assignment: which family stands at which stall on each occurrence."""
