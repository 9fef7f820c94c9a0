"""The whole build, one direction: data -> checks -> for each language at once: charts,
downloads, pages, HTML (language_site.py) -> site.

Everything is written into a staging folder beside the output; the finished
site replaces the old one only when every step has succeeded, so a failed or
interrupted build never leaves a broken or half-written site behind.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .common.cache_files import prune_unused
from .common.progress import Reporter
from .common.project import Project
from .data_in.changelog import history, publish_versions
from .data_in.checked import CheckedData, check
from .language_site import LanguageJob, build_languages, start_language_processes
from .output_folder import check_output, remove_staging, start_staging, swap_in, tidy_leftovers
from .site_inputs import save_warnings, site_inputs_key, stamp_record, unchanged_site


def build(project: Project, out: Path, cache: Path | None = None, engine: str = "mkdocs",
          reporter: Reporter = Reporter()) -> CheckedData:
    out = check_output(out, project)  # before anything is read: a refused folder is never touched
    cache = cache or project.cache
    # Hashed before anything is read: an input edited during the build makes the next one build again.
    key = site_inputs_key(project, engine)
    warnings = unchanged_site(out, key, cache)
    if warnings is not None:  # the site in place is what this build would make
        with reporter.stage("build_speed.stages.kept"):
            tidy_leftovers(out)  # as a build would: what a killed build left beside it goes
            return CheckedData(None, [], warnings)
    languages = project.settings["languages"]
    # Started now, so that their start-up overlaps the checks; so is the reading of
    # the data's own git history (the data may live in another checkout), mostly
    # waiting for git, in a thread beside the checks.
    helpers = start_language_processes(len(languages) - 1, cache)
    reading = ThreadPoolExecutor(max_workers=1)
    changes_read = reading.submit(history, project.datapackages.parent, project.datapackages.name)
    try:
        data = check(project, reporter, cache)
        staging = start_staging(out)
        try:
            with reporter.stage("history"):  # what is left of it once the checks are done
                changes = changes_read.result()
            publish_versions(data.catalogue, changes)
            cores = max(1, (os.cpu_count() or 1) // (1 + len(helpers)))
            jobs = [LanguageJob(project, data, lang, staging, cache, changes, engine, cores) for lang in languages]
            build_languages(jobs, helpers, reporter)
            with reporter.stage("swap"):
                record = stamp_record(key, staging / "site")
                if record:
                    save_warnings(cache, key, data.warnings)
                swap_in(staging / "site", out, record)
                prune_unused(cache)  # the new site is in place first: pruning never holds it up
        finally:
            remove_staging(staging)
    finally:
        reading.shutdown(wait=False)
        for helper in helpers:
            helper.stop()
    return data
