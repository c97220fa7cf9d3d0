"""One record per family: possible duplicates found across provinces, reviewed by admins, merged."""
