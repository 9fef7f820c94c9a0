"""The benchmarks' own SYNTHETIC data must pass the checks: a benchmark whose
data the build refuses measures nothing (the scale benchmark's sources row
fell behind a new column of the sources table once, unnoticed until it ran)."""
from __future__ import annotations

import importlib.util

from conftest import ROOT
from ntm_site.common.project import Project
from ntm_site.data_in.checked import check


def _benchmark(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scale_benchmarks_synthetic_data_passes_the_checks(tmp_path):
    scale = _benchmark("scale")
    rows = scale.generate(tmp_path, 1)
    data = check(Project(root=ROOT, datapackages_dir=tmp_path / "datapackages"), cache=tmp_path / "cache")
    synthetic = data.catalogue.table("synthetic_scale", "observations")
    assert len(synthetic) == rows > 0
    assert (synthetic["note_en"] == "SYNTHETIC").all()  # labelled as made up, row by row
