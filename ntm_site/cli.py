"""Command line: `python build_site.py validate | build | serve`.

Exit codes: 0 success, 1 the data has errors (each printed with its package,
file, row, column, value and rule, in Vietnamese and English), 2 usage error.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import sys
import threading
import time
from pathlib import Path

from .build import build, check
from .engines import ENGINES
from .problems import Problem, ValidationFailed
from .progress import ConsoleReporter, Reporter, count_site, in_both_languages
from .project import Project, default_project
from .watch import watch


def _project(args: argparse.Namespace) -> Project:
    project = default_project()
    # Another datapackages folder (with its schemas/ beside it), e.g. a
    # maintainer's working copy; code, templates and config stay the checkout's.
    data = Path(args.data).resolve() if getattr(args, "data", None) else None
    return Project(root=project.root, datapackages_dir=data, site_url=getattr(args, "site_url", None))


def _reporter(args: argparse.Namespace, project: Project) -> Reporter:
    return Reporter() if args.quiet else ConsoleReporter(project.messages)


def _report(problems: list[Problem], project: Project, args: argparse.Namespace, stream=None) -> None:
    """Every new problem in full; the source's own known discrepancies as one line, unless --verbose."""
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
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write("## Kiểm tra dữ liệu / Data checks\n\n")
            for problem in problems:
                handle.write(f"- **{problem.rule}** {problem.place()}<br>vi: {problem.message_vi}<br>en: {problem.message_en}\n")


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
        print(f"Không xây dựng trang; {args.out} giữ nguyên. / Build stopped; {args.out} is unchanged.", file=sys.stderr)
        return 1
    _report(data.warnings, project, args, stream=sys.stdout)
    if not args.quiet:
        count = count_site(Path(args.out))
        print(in_both_languages(project.messages, "progress.built", out=args.out, pages=count.pages,
                                charts=count.charts, files=count.files, seconds=time.monotonic() - started))
    if not project.site_url and not args.quiet:
        print(in_both_languages(project.messages, "progress.no_site_url"))
    return 0


# What a preview rebuilds on: the data, its schemas, the settings and words,
# the page templates and the site's own Markdown and theme.
WATCHED = ("datapackages", "schemas", "config", "ntm_site/templates", "docs", "overrides", "mkdocs.yml")


def _rebuild(args: argparse.Namespace, paths: list[Path]) -> None:
    project = _project(args)
    print(in_both_languages(project.messages, "progress.rebuilding", path=os.path.relpath(paths[0], project.root)),
          file=sys.stderr, flush=True)
    try:
        cmd_build(args)  # a failed build reports its problems and leaves the served site as it was
    except Exception as error:  # noqa: BLE001 - keep previewing whatever went wrong; the next save retries
        print(f"LỖI/ERROR {type(error).__name__}: {error}", file=sys.stderr, flush=True)


def cmd_serve(args: argparse.Namespace) -> int:
    if not Path(args.out).exists():
        print(f"{args.out} chưa có; chạy 'make site' trước. / {args.out} does not exist; run 'make site' first.", file=sys.stderr)
        return 1
    project = _project(args)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=args.out)
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
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


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
