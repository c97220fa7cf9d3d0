"""Organizers' desk: what to do next (festival/manage/todo.py), the provinces they run and the
families registered there."""
