"""Organizers' desk: the provinces they run and the families registered there."""
