"""Training in the art of selling: courses, cohorts, sessions, attendance and certificates."""
