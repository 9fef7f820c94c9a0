"""Each language's site is built in a process of its own, at the same time as the others.

The byte-for-byte equality of a site built this way and one built a language
at a time is in test_build_speed.py; here, what happens when a language fails.
"""
from __future__ import annotations

import pytest
import vl_convert

from ntm_site import language_site
from ntm_site.common.progress import ConsoleReporter


def _jobs(project, tmp_path, engine_of_second: str):
    return [language_site.LanguageJob(project, None, lang, tmp_path, tmp_path, [], engine)
            for lang, engine in (("vi", "mkdocs"), ("en", engine_of_second))]


def test_a_language_that_fails_in_its_own_process_fails_the_build_with_its_error(project, tmp_path, monkeypatch):
    here = []
    monkeypatch.setattr(language_site, "build_language", lambda job, reporter: here.append(job.lang))
    helper = language_site.LanguageProcess(tmp_path)
    with pytest.raises(KeyError, match="no-such-engine"):  # raised in the child, handed back
        language_site.build_languages(_jobs(project, tmp_path, "no-such-engine"), [helper],
                                      ConsoleReporter(project.messages))
    assert here == ["vi"]  # the first language here, the second in its own process
    assert helper.process.returncode == 1
    # Before its job (whose engine fails at once), the child made the Vega bundle into the
    # cache, as it does while a build checks the data: no language has to wait for it later.
    assert (tmp_path / f"vega.bundle.{vl_convert.__version__}.js").stat().st_size > 100_000


def test_a_failure_here_stops_the_other_languages_processes(project, tmp_path, monkeypatch):
    def fails(job, reporter):
        raise KeyboardInterrupt  # Ctrl+C while the first language is being built

    monkeypatch.setattr(language_site, "build_language", fails)
    (tmp_path / f"vega.bundle.{vl_convert.__version__}.js").write_text("// made\n")  # not made again for this case
    helper = language_site.LanguageProcess(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        language_site.build_languages(_jobs(project, tmp_path, "mkdocs"), [helper])
    assert helper.process.returncode is not None  # stopped and waited for, not left running


def test_a_process_never_given_a_job_ends_quietly(capfd, tmp_path):
    helper = language_site.LanguageProcess(tmp_path)  # as when the data's checks stop the build
    helper.stop()
    assert helper.process.returncode is not None
    unused = language_site.LanguageProcess(tmp_path)
    unused.process.stdin.close()  # nothing given: it ends by itself, with nothing said
    unused.process.stdin = None
    assert unused.process.wait(timeout=60) == 0 and "Traceback" not in capfd.readouterr().err


def test_one_core_builds_the_languages_one_after_the_other(monkeypatch, tmp_path):
    monkeypatch.setattr(language_site.os, "cpu_count", lambda: 1)
    assert language_site.start_language_processes(1, tmp_path) == []
    monkeypatch.setattr(language_site.os, "cpu_count", lambda: 2)
    helpers = language_site.start_language_processes(1, tmp_path)
    try:
        assert len(helpers) == 1
    finally:
        helpers[0].stop()


def test_the_other_languages_progress_lines_reach_the_builds_log(built_site):
    """The shared site was built with a progress log; the English site was built
    in a child process, whose lines the build passes on."""
    from conftest import BUILD_LOG

    log = BUILD_LOG.path.read_text(encoding="utf-8")
    for lang in ("vi", "en"):
        assert f"Building the HTML with mkdocs ({lang}): done" in log, log
        assert f"Writing the pages ({lang}): done" in log


def test_a_language_process_that_dies_without_a_word_is_said_in_both_languages(project, tmp_path, monkeypatch):
    monkeypatch.setattr(language_site, "build_language", lambda job, reporter: None)
    helper = language_site.LanguageProcess(tmp_path)
    helper.process.kill()  # as the system would end it (out of memory, say): no error file
    helper.process.wait()
    with pytest.raises(RuntimeError) as stopped:
        language_site.build_languages(_jobs(project, tmp_path, "mkdocs"), [helper])
    message = str(stopped.value)
    vi, en = message.split(" / ")
    assert "ngôn ngữ “en”" in vi and "the “en” site" in en and "-9" in vi and "-9" in en


def test_a_language_is_built_outside_the_root_sites_folder_and_moved_in_at_the_end(project, tmp_path):
    # MkDocs empties the root site's folder before it writes it: a language finished
    # there first (its process can be the quicker one) was removed with it.
    vi, en = _jobs(project, tmp_path, "mkdocs")
    assert not en.site.is_relative_to(vi.site)
    en.site.mkdir()
    (en.site / "index.html").write_text("en", encoding="utf-8")
    vi.site.mkdir()
    language_site.place_languages([vi, en])
    assert (vi.site / "en" / "index.html").read_text(encoding="utf-8") == "en" and not en.site.exists()


def test_two_processes_reaching_for_the_bundle_at_once_make_it_once(tmp_path, monkeypatch):
    """Both languages' processes ask for the Vega bundle at the start of a cold build;
    the second waits for the first's instead of making it again (threads here: the
    lock is the file's, the same between threads as between processes)."""
    import threading
    import time

    from ntm_site.site_pages import assets

    made = []

    def slow_bundle():
        made.append(threading.get_ident())
        time.sleep(0.3)  # the real one takes a second or more
        return "// the bundle"

    monkeypatch.setattr(assets.vl_convert, "javascript_bundle", slow_bundle)
    found = []
    askers = [threading.Thread(target=lambda: found.append(assets.cached_vega_bundle(tmp_path))) for _ in range(2)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert len(made) == 1, "made by both"
    assert len(found) == 2 and found[0] == found[1] and found[0].read_text(encoding="utf-8") == "// the bundle"


def test_the_footer_speaks_the_pages_language(any_engine_site):
    """The theme's "Made with Material for MkDocs" was English on every Vietnamese page;
    the footer says the licences instead, in each page's language."""
    import re

    for page, lang in (("index.html", "vi"), ("en/index.html", "en")):
        html = (any_engine_site / page).read_text(encoding="utf-8")
        assert "Made with" not in html
        footer = re.search(r'<div class="md-copyright__highlight">\s*(.*?)\s*</div>', html, re.S)[1]
        assert ("giấy phép" in footer) == (lang == "vi") and "CC BY 4.0" in footer
