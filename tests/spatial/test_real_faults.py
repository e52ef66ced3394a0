"""A planner's own faults layer: GEM Global Active Faults traces across Gilan (CC BY-SA 4.0), from ../shared."""

from __future__ import annotations

from layers.catalogue import load_catalogue
from layers.io import load_all_bundled, read_vector_file
from spatial.model import build_model
from spatial.pipeline import resolve_scenario, run_scenario
from spatial.policy import load_profile
from tests.conftest import REAL_DATA, requires_shared

FAULTS = REAL_DATA / "gilan_active_faults_gem.geojson"
CATALOGUE = load_catalogue()
PROFILE = load_profile("gilan-industrial")


def test_without_a_faults_layer_the_rule_is_said_to_be_not_applied() -> None:
    model = build_model(load_all_bundled(CATALOGUE), PROFILE, group="d")
    assert "constraint 'active_faults' not applied" in " ".join(w.text() for w in model.warnings)


@requires_shared(FAULTS)
def test_supplied_fault_traces_exclude_every_cell_they_cross_and_no_site_touches_them() -> None:
    faults = read_vector_file(FAULTS, spec=CATALOGUE["faults"])
    assert len(faults) == 7
    layers = {**load_all_bundled(CATALOGUE), "faults": faults}
    model = build_model(layers, PROFILE, group="d")
    assert "active_faults" in [r.id for r in model.mask.rules]
    excluded_ha = model.mask.excluded_by("active_faults").sum() * model.grid.cell_area_ha
    inside_km = faults.clip(layers["province"]).length.sum() / 1000
    # Each km of trace crosses at least 10 cells of 100 m (1 ha each), and diagonals more.
    assert excluded_ha >= 10 * inside_km * 0.95 and inside_km > 300
    result = run_scenario(model, resolve_scenario(PROFILE, group="d"))
    assert result.table is not None
    assert (result.table.geometry.apply(lambda site: faults.distance(site).min()) > 0).all()
