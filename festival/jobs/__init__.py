"""Long work as jobs: a file built by the task queue while the organizer watches its progress."""
