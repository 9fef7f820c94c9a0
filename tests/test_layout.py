"""The code's stages import one way: common <- data_in <- published <- site_pages <- the build.

Read from the source (every import, including those inside functions), so a
new module that reaches up a stage fails here with the line that does it.
"""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ntm_site"
# Lower stages first; a module may import its own stage and those before it.
STAGES = ["common", "data_in", "published", "site_pages"]
TOP = len(STAGES)  # cli.py, build.py and the other modules directly in ntm_site/


def stage_of(module: str) -> int:
    """'ntm_site.data_in.catalogue' -> 1; 'ntm_site.build' -> TOP."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else TOP


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, package_folder: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, absolute module) for each import of ours in the file."""
    name = module_name(path, package_folder)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("ntm_site"):
                # `from . import x` names modules: each is its own import.
                if not node.module:
                    found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
                else:
                    found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("ntm_site")]
    return found


def test_the_stages_are_the_folders_the_rule_names():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(STAGES)


def test_no_module_imports_a_later_stage():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = stage_of(module_name(path))
        for line, target in imported_modules(path):
            if stage_of(target) > own:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not upward, "imports that run back up a stage:\n" + "\n".join(upward)


def test_the_rule_sees_an_upward_import(tmp_path):
    # The check itself can fail: a data_in module importing a page view, even
    # inside a function, is caught.
    fake = tmp_path / "ntm_site"
    (fake / "data_in").mkdir(parents=True)
    reader = fake / "data_in" / "reader.py"
    reader.write_text("import json\n\ndef f():\n    from ..site_pages.views import x\n")
    assert imported_modules(reader, fake) == [(4, "ntm_site.site_pages.views")]
    assert stage_of("ntm_site.site_pages.views") > stage_of(module_name(reader, fake))


def imported_names(path: Path) -> list[tuple[str, int, str]]:
    """(bound name, line, where from) for each name a module's top-level imports bind."""
    bound = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            source = "." * node.level + (node.module or "")
            bound += [(alias.asname or alias.name, node.lineno, source) for alias in node.names]
        elif isinstance(node, ast.Import):
            # `import a.b` binds `a` itself, as `import a` does
            bound += [(alias.asname, node.lineno, alias.name) if alias.asname else
                      (alias.name.split(".")[0], node.lineno, alias.name.split(".")[0]) for alias in node.names]
    return bound


def test_no_module_binds_one_name_to_two_imports():
    # Two modules' `inputs_key` imported into build.py once made the later
    # import win silently: the site's key stopped covering the templates.
    clashes = []
    for path in sorted(PACKAGE.rglob("*.py")):
        seen = {}
        for name, line, source in imported_names(path):
            if name in seen and seen[name][1] != source:
                clashes.append(f"{path.relative_to(PACKAGE.parent)}:{line} {name} from {source} and {seen[name][1]} (line {seen[name][0]})")
            seen[name] = (line, source)
    assert not clashes, "\n".join(clashes)


def test_the_clash_rule_sees_a_clash(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from .a import key\nfrom .b import key\n")
    names = imported_names(module)
    assert [(n, s) for n, _, s in names] == [("key", ".a"), ("key", ".b")]
