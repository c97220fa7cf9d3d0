"""Markets: Friday-market series and sales festivals, and their occurrences."""
