"""The audit log: who did what to which record, when, from which IP."""
