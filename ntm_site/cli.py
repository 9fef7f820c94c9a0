"""Command line: `python build_site.py validate | build | serve`.

Exit codes: 0 success, 1 the data has errors (each printed with its package,
file, row, column, value and rule, in Vietnamese and English) or the command
stopped on a fault (one bilingual line), 2 usage error, 130 Ctrl+C.

No command ends in a traceback: `main` turns a refused output folder, a FIFO,
a full or read-only disk and any unexpected error into one line in Vietnamese
and English. Developers get the traceback with `--debug` or NTM_SITE_DEBUG=1.
"""
from __future__ import annotations

import argparse
import errno
import functools
import os
import sys
import threading
import time
import traceback
from pathlib import Path

from .common.file_types import SpecialFile, refuse_special_files, special_kind
from .common.i18n import Messages
from .common.problems import Problem, Stopped, ValidationFailed, terminal_safe
from .common.progress import ConsoleReporter, Reporter, count_site, in_both_languages
from .common.project import Project, default_project
from .data_in.checked import check
from .site_pages.engines import ENGINES
from .watch import watch

# Said when the message catalogue itself cannot be read, so it cannot come from there.
CATALOGUE_UNREADABLE = ("danh mục thông điệp config/messages.yml không đọc được",
                        "the message catalogue config/messages.yml cannot be read")


def build(*args, **kwargs):
    """`build.build`, imported when a build runs: `validate` needs none of the build's modules."""
    from .build import build as build_site

    return build_site(*args, **kwargs)


def _project(args: argparse.Namespace) -> Project:
    project = default_project()
    # Another datapackages folder (with its schemas/ beside it), e.g. a
    # maintainer's working copy; code, templates and config stay the checkout's.
    data = Path(args.data).resolve() if getattr(args, "data", None) else None
    if data is not None and not data.is_dir():
        # A mistyped --data: one line, not the cascade of every package missing.
        code = errno.ENOTDIR if data.exists() else errno.ENOENT
        raise OSError(code, os.strerror(code), str(data))
    project = Project(root=project.root, datapackages_dir=data, site_url=getattr(args, "site_url", None),
                      repository_url=getattr(args, "repository_url", None))
    # Every file the command reads, looked at before any is opened: a FIFO would hang it.
    # The data and schemas are the loaders' (catalogue.py): they refuse such files as
    # problems with the rest of the data's, so a maintainer sees them all at once.
    refuse_special_files([project.config, project.docs, project.mkdocs_config])
    return project


def _messages() -> Messages | None:
    """The message catalogue, or None when it cannot be read (then the fallback line is used)."""
    config = default_project().config
    try:
        refuse_special_files([config / "messages.yml", config / "messages"])
        return Messages.load(config / "messages.yml")
    except Exception:  # noqa: BLE001  (any fault here must still end in one line)
        return None


def _line(key: str, **params) -> str:
    """One line, Vietnamese / English, from the catalogue; control characters escaped."""
    messages = _messages()
    try:
        vi, en = messages.get(key, "vi", **params), messages.get(key, "en", **params)
    except Exception:  # noqa: BLE001
        detail = "; ".join(str(v) for v in params.values())
        vi, en = f"{CATALOGUE_UNREADABLE[0]} ({detail})", f"{CATALOGUE_UNREADABLE[1]} ({detail})"
    return Stopped(vi, en).render()


def _os_error_reason(error: OSError) -> tuple[str, str]:
    messages = _messages()
    name = errno.errorcode.get(error.errno or 0, "")
    key = f"build_safety.faults.reasons.{name}" if messages and messages.has(f"build_safety.faults.reasons.{name}") \
        else "build_safety.faults.reasons.other"
    reason = error.strerror or type(error).__name__
    try:
        return messages.get(key, "vi", reason=reason), messages.get(key, "en", reason=reason)
    except Exception:  # noqa: BLE001
        return reason, reason


def _os_error_line(error: OSError) -> str:
    reason_vi, reason_en = _os_error_reason(error)
    path = error.filename if error.filename is not None else ""
    return _line("build_safety.faults.os_error", path=path, reason_vi=reason_vi, reason_en=reason_en)


def _kind_text(kind: str) -> dict[str, str]:
    messages = _messages()
    try:
        return messages.both(f"build_safety.faults.kinds.{kind}")
    except Exception:  # noqa: BLE001
        return {"vi": kind, "en": kind}


def _reporter(args: argparse.Namespace, project: Project) -> Reporter:
    return Reporter() if args.quiet else ConsoleReporter(project.messages)


def _report(problems: list[Problem], project: Project, args: argparse.Namespace, stream=None) -> None:
    """Every new problem in full; the source's own known discrepancies as one line, unless --verbose."""
    from .common.safe_text import summary_text

    stream = stream or sys.stderr
    known = [p for p in problems if p.known and not p.is_error]
    shown = problems if args.verbose else [p for p in problems if p not in known]
    if args.quiet and not any(p.is_error for p in problems):
        shown = []  # --quiet: errors only
    for problem in shown:
        print(problem.render(), file=stream)
    if shown:
        errors = sum(p.is_error for p in problems)
        warnings = len(problems) - errors
        print(f"\n{errors} lỗi/errors, {warnings} cảnh báo/warnings.", file=stream)
    if known and not args.verbose and not args.quiet:
        quality = next(page["slug"] for page in project.settings["pages"] if page.get("nav") == "quality")
        print(in_both_languages(project.messages, "progress.known_discrepancies", count=len(known), page=quality),
              file=stream)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and problems:
        # In GitHub Actions, list the problems on the job's summary page too.
        try:
            kind = special_kind(Path(summary))
            if kind:  # a FIFO would block the open; a device is no summary
                raise OSError(errno.EINVAL, _kind_text(kind)["en"], summary)
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write("## Kiểm tra dữ liệu / Data checks\n\n")
                for problem in problems:
                    # Places and messages quote the data: shown as typed, never as Markdown or
                    # HTML. Rule names are the checks' own ids.
                    handle.write(f"- **{problem.rule}** {summary_text(problem.place())}"
                                 f"<br>vi: {summary_text(problem.message_vi)}<br>en: {summary_text(problem.message_en)}\n")
        except OSError as error:
            # The problems are on the terminal already; a summary that cannot be written must not hide them.
            print(_line("build_safety.faults.summary_unwritable", path=summary, reason=error.strerror), file=stream)


def cmd_validate(args: argparse.Namespace) -> int:
    project = _project(args)
    try:
        data = check(project, _reporter(args, project))
    except ValidationFailed as failure:
        _report(failure.problems, project, args)
        return 1
    _report(data.warnings, project, args, stream=sys.stdout)
    if not args.quiet:
        print("Dữ liệu hợp lệ. / The data is valid.")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    project = _project(args)
    started = time.monotonic()
    try:
        data = build(project, Path(args.out), engine=args.engine, reporter=_reporter(args, project))
    except ValidationFailed as failure:
        _report(failure.problems, project, args)
        out = terminal_safe(args.out)
        print(f"Không xây dựng trang; {out} giữ nguyên. / Build stopped; {out} is unchanged.", file=sys.stderr)
        return 1
    _report(data.warnings, project, args, stream=sys.stdout)
    if not args.quiet:
        if not project.site_url:
            print(in_both_languages(project.messages, "progress.no_site_url"))
        count = count_site(Path(args.out))  # the summary line is the last thing said
        print(in_both_languages(project.messages, "progress.built", out=terminal_safe(args.out), pages=count.pages,
                                charts=count.charts, files=count.files, seconds=time.monotonic() - started))
    return 0


# What a preview rebuilds on: the data, its schemas, the settings and words,
# the page templates and the site's own Markdown and theme.
WATCHED = ("datapackages", "schemas", "config", "ntm_site/site_pages/templates", "docs", "overrides", "mkdocs.yml")


def _rebuild(args: argparse.Namespace, paths: list[Path]) -> None:
    project = _project(args)
    print(in_both_languages(project.messages, "progress.rebuilding", path=os.path.relpath(paths[0], project.root)),
          file=sys.stderr, flush=True)
    try:
        cmd_build(args)  # a failed build reports its problems and leaves the served site as it was
    except Exception as error:  # noqa: BLE001 - keep previewing whatever went wrong; the next save retries
        print(_fault_line(error), file=sys.stderr, flush=True)


def cmd_serve(args: argparse.Namespace) -> int:
    if not Path(args.out).exists():
        out = terminal_safe(args.out)
        print(f"{out} chưa có; chạy 'make site' trước. / {out} does not exist; run 'make site' first.", file=sys.stderr)
        return 1
    import http.server  # here: only `serve` needs it, and `validate` is waited for

    from .preview_server import PreviewServer

    project = _project(args)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=args.out)
    with PreviewServer(("127.0.0.1", args.port), handler) as server:
        print(f"http://127.0.0.1:{args.port}/  (Ctrl+C để dừng / to stop)", flush=True)
        if args.watch:
            folders = [project.root / name for name in WATCHED]
            print(in_both_languages(project.messages, "progress.watching", folders=", ".join(WATCHED)), flush=True)
            threading.Thread(target=watch, args=(folders, functools.partial(_rebuild, args)), daemon=True).start()
        else:
            print(in_both_languages(project.messages, "progress.rebuild_hint"), flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="build_site.py",
        description="Validate the Hà Tĩnh NTM data packages and build the static site.",
    )
    root.add_argument("--debug", action="store_true",
                      help="on an unexpected error, print the Python traceback (also: NTM_SITE_DEBUG=1)")
    commands = root.add_subparsers(dest="command", required=True)
    # Progress goes to stderr, results to stdout.
    output = argparse.ArgumentParser(add_help=False)
    loudness = output.add_mutually_exclusive_group()
    loudness.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    loudness.add_argument("--verbose", "-v", action="store_true",
                          help="also print each discrepancy the source report is known to contain")
    validate = commands.add_parser("validate", parents=[output],
                                   help="check every data package and consistency rule; exit 1 on errors")
    validate.add_argument("--data", help="datapackages folder to check (default: the checkout's datapackages/)")
    validate.set_defaults(run=cmd_validate)
    build_cmd = commands.add_parser("build", parents=[output], help="validate, then build the site (replaced only on success)")
    build_cmd.add_argument("--out", default="site", help="output folder (default: site)")
    build_cmd.add_argument("--data", help="datapackages folder to build from (default: the checkout's datapackages/)")
    build_cmd.add_argument("--site-url", help="published address, e.g. https://example.github.io/ntm/ (for embed codes, feed and sitemap)")
    build_cmd.add_argument("--repository-url", help="repository the site is built from, e.g. https://github.com/OWNER/REPO "
                           "(readers report errors to its issues when config/site.yml names no repository)")
    build_cmd.add_argument("--engine", choices=sorted(ENGINES), default="mkdocs",
                           help="site generator (default: mkdocs; zensical is Material for MkDocs' successor)")
    build_cmd.set_defaults(run=cmd_build)
    serve = commands.add_parser("serve", parents=[output], help="preview the built site on http://127.0.0.1:PORT/")
    serve.add_argument("--out", default="site", help="folder to serve (default: site)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--watch", action="store_true",
                       help="rebuild the site when the data, config, templates or docs change")
    serve.set_defaults(run=cmd_serve, engine="mkdocs")
    return root


def _fault_line(error: Exception) -> str:
    """One bilingual line for anything that stopped a command."""
    if isinstance(error, Stopped):
        return error.render()
    if isinstance(error, SpecialFile):
        kind = _kind_text(error.kind)
        return _line("build_safety.faults.special_file", path=error.path, kind_vi=kind["vi"], kind_en=kind["en"])
    if isinstance(error, OSError):  # a full or read-only disk, a file where a folder should be...
        return _os_error_line(error)
    return _line("build_safety.unexpected", error=f"{type(error).__name__}: {error}")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    debug = args.debug or os.environ.get("NTM_SITE_DEBUG", "") not in ("", "0")
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print(_line("build_safety.stopped"), file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001  (the last resort: never a traceback for a user)
        if debug and not isinstance(error, (Stopped, SpecialFile)):
            traceback.print_exc()
        print(_fault_line(error), file=sys.stderr)
        return 1
