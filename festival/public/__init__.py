"""Pages for everyone, no account needed."""
