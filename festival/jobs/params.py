"""What a job needs from the request that asked for it: the language and the site's address."""
from flask_babel import get_locale

from festival.core.urls import site_base_url


def job_params(**params) -> dict:
    return {"locale": str(get_locale() or "ar_SY"), "base_url": site_base_url(), **params}
