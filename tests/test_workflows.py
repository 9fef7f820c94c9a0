"""The CI workflows are valid and do what the README promises."""
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name):
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def test_actionlint_finds_no_problem():
    actionlint = Path(sys.executable).parent / "actionlint"
    result = subprocess.run([str(actionlint), *sorted(map(str, WORKFLOWS.glob("*.yml")))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_validate_test_build_and_upload_the_site():
    workflow = load("pull-request.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as True
    steps = [s.get("run", "") + s.get("uses", "") for s in workflow["jobs"]["check"]["steps"]]
    joined = "\n".join(steps)
    for needed in ("make validate", "make test", "make site", "actions/upload-artifact"):
        assert needed in joined


def test_main_builds_and_deploys_to_pages_only_after_a_successful_build():
    workflow = load("deploy.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    build_steps = "\n".join(s.get("run", "") + s.get("uses", "") for s in workflow["jobs"]["build"]["steps"])
    assert "make site" in build_steps and "actions/upload-pages-artifact" in build_steps
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any("actions/deploy-pages" in s.get("uses", "") for s in deploy["steps"])
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"


def test_ci_script_installs_chromium_and_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install" in script and "chromium" in script
    assert script.strip().splitlines()[-1] == "make test"


def test_both_workflows_keep_pips_cache_and_the_chart_cache_keyed_by_renderer_and_spec():
    for name, job in (("pull-request.yml", "check"), ("deploy.yml", "build")):
        steps = load(name)["jobs"][job]["steps"]
        [python] = [s for s in steps if s.get("uses", "").startswith("actions/setup-python")]
        assert python["with"]["cache"] == "pip" and python["with"]["cache-dependency-path"] == "requirements.txt"
        [cache] = [s for s in steps if s.get("uses", "").startswith("actions/cache")]
        assert cache["with"]["path"] == "build/cache"  # where build() keeps rendered charts by default
        key, restore = cache["with"]["key"], cache["with"]["restore-keys"]
        # A new renderer version (pinned in requirements.txt) must not restore old drawings...
        assert "hashFiles('requirements.txt')" in restore and key.startswith(restore)
        # ...and a new spec (code, configuration or data) saves a new entry.
        assert all(part in key[len(restore):] for part in ("ntm_site/**", "config/**", "datapackages/**"))
        position = {id(s): i for i, s in enumerate(steps)}
        assert position[id(cache)] < min(position[id(s)] for s in steps if "make " in s.get("run", ""))
