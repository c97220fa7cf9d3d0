"""The public JSON API (read-only): `/api/v1/...`."""
