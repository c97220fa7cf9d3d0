"""Check-in at the gate: verifying badges, recording arrivals, attendance and no-shows."""
