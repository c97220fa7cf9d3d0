"""Admin pages: staff accounts, disabling, password resets, areas of provinces."""
