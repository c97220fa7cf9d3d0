"""Proving a phone is yours: 6-digit codes by SMS for signing up, a forgotten password and a new number."""
