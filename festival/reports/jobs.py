"""The national register as a job: every family of the country, filtered as on screen."""
from flask_babel import force_locale

from festival.jobs.models import Job
from festival.jobs.operations import BuiltFile, builds
from festival.reports import queries, tables


@builds("reports.register")
def register_file(job: Job, progress) -> BuiltFile:
    province_id, craft_id = job.params.get("province_id"), job.params.get("craft_id")
    typed = job.params.get("typed") or ""
    with force_locale(job.params.get("locale") or "ar_SY"):
        rows = queries.register_rows(province_id, craft_id, typed)
        progress(0, len(rows) or 1)
        table = tables.register_table(rows, queries.crafts_of_families(province_id, craft_id, typed))
        content, content_type, name = tables.export_file(table, job.params["fmt"], "national-register")
    progress(len(rows) or 1, len(rows) or 1)
    return BuiltFile(content, name, content_type)
