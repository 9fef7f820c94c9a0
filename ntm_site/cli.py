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
from pathlib import Path

from .build import build, check
from .engines import ENGINES
from .problems import Problem, ValidationFailed
from .project import Project, default_project


def _project(args: argparse.Namespace) -> Project:
    project = default_project()
    # Another datapackages folder (with its schemas/ beside it), e.g. a
    # maintainer's working copy; code, templates and config stay the checkout's.
    data = Path(args.data).resolve() if getattr(args, "data", None) else None
    return Project(root=project.root, datapackages_dir=data, site_url=getattr(args, "site_url", None))


def _report(problems: list[Problem], stream=None) -> None:
    stream = stream or sys.stderr  # looked up now: tests and callers may redirect it
    for problem in problems:
        print(problem.render(), file=stream)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    print(f"\n{errors} lỗi/errors, {warnings} cảnh báo/warnings.", file=stream)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and problems:
        # In GitHub Actions, list the problems on the job's summary page too.
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write("## Kiểm tra dữ liệu / Data checks\n\n")
            for problem in problems:
                handle.write(f"- **{problem.rule}** {problem.place()}<br>vi: {problem.message_vi}<br>en: {problem.message_en}\n")


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        data = check(_project(args))
    except ValidationFailed as failure:
        _report(failure.problems)
        return 1
    _report(data.warnings, stream=sys.stdout)
    print("Dữ liệu hợp lệ. / The data is valid.")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    try:
        data = build(_project(args), Path(args.out), engine=args.engine)
    except ValidationFailed as failure:
        _report(failure.problems)
        print(f"Không xây dựng trang; {args.out} giữ nguyên. / Build stopped; {args.out} is unchanged.", file=sys.stderr)
        return 1
    _report(data.warnings, stream=sys.stdout)
    print(f"Đã xây dựng trang vào {args.out}. / Site built in {args.out}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    if not Path(args.out).exists():
        print(f"{args.out} chưa có; chạy 'make site' trước. / {args.out} does not exist; run 'make site' first.", file=sys.stderr)
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=args.out)
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"http://127.0.0.1:{args.port}/  (Ctrl+C để dừng / to stop)")
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
    validate = commands.add_parser("validate", help="check every data package and consistency rule; exit 1 on errors")
    validate.add_argument("--data", help="datapackages folder to check (default: the checkout's datapackages/)")
    validate.set_defaults(run=cmd_validate)
    build_cmd = commands.add_parser("build", help="validate, then build the site (replaced only on success)")
    build_cmd.add_argument("--out", default="site", help="output folder (default: site)")
    build_cmd.add_argument("--data", help="datapackages folder to build from (default: the checkout's datapackages/)")
    build_cmd.add_argument("--site-url", help="published address, e.g. https://example.github.io/ntm/ (for embed codes, feed and sitemap)")
    build_cmd.add_argument("--engine", choices=sorted(ENGINES), default="mkdocs",
                           help="site generator (default: mkdocs; zensical is Material for MkDocs' successor)")
    build_cmd.set_defaults(run=cmd_build)
    serve = commands.add_parser("serve", help="preview the built site on http://127.0.0.1:PORT/")
    serve.add_argument("--out", default="site", help="folder to serve (default: site)")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=cmd_serve)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
