"""Entry point: `flask --app app run`, `gunicorn app:app`."""
from festival import create_app

app = create_app()
