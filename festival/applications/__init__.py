"""Applications of families to market occurrences, and their review by organizers."""
