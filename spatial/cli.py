"""Command line: ``python -m spatial layers|suitability|why|report|budget|inventory|template|project|ahp``.

Every data command takes ``--project NAME`` (a project of the owner ``--owner`` or $GILAN_OWNER,
default 'local') or ``--data FILE.gpkg`` (a project file exported by the app or by ``project
export``, or a filled data request); without either it uses the bundled Gilan data.

Validate first, then work: every number, path, file, profile and table of a command is checked
before the model is built. Exit codes: 0 success; 2 bad input (one line on stderr naming the input,
the problem and the fix); 1 only for a genuine bug (the traceback follows, please report it).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.businesses import read_business_table
from layers.catalogue import Catalogue, load_catalogue
from layers.errors import MissingFileError
from layers.io import (
    POLICY_DIR,
    RasterLayer,
    check_output_path,
    clean_stale_temporaries,
    geopackage_layers,
    load_all_bundled,
    read_demand_table,
    read_layer_file,
    read_matrix_csv,
    read_plot_table,
    read_policy_file,
    read_province_facts,
    read_solar_facts,
    read_vector_file,
    resolve_extends,
    write_bytes,
    write_empty_layers,
    write_geotiff,
    write_outputs,
    write_relocation,
    write_table,
    write_vector,
)
from layers.projects import (
    BUNDLED,
    LOCAL_OWNER,
    OWNER_ENV,
    ProjectData,
    create_project,
    delete_project,
    export_project,
    import_project,
    list_projects,
    owner_folder,
    project_data,
    project_folder,
    read_project_file,
    rename_project,
)
from layers.workspace import save_profile, save_upload
from spatial.aggregate import owa_readings
from spatial.budget import land_budget_by_county
from spatial.errors import GilanInputError, NoSuitableLandError, ScenarioError
from spatial.inspect import explain_location
from spatial.inventory import estates_inventory, revocable_ha_by_county
from spatial.layer_summary import LayerRow, summarise_catalogue
from spatial.model import SuitabilityModel

if TYPE_CHECKING:
    from spatial.solar import Irradiation
from spatial.pipeline import Scenario, build_scenario_model, resolve_scenario, run_scenario
from spatial.policy import DEFAULT_PROFILE, METHODS, Profile, load_profile, parse_profile
from spatial.sites import check_parcels_inside, score_polygons
from spatial.template import request_readme, requested_roles, unlocks
from spatial.weights import checked_ahp_weights


def _print_table(rows: list[LayerRow]) -> None:
    header = ("id", "kind", "features", "crs", "status", "licence", "source")
    table = [header] + [(r.id, r.kind, r.features, r.crs, r.status, r.licence[:24], r.source[:70]) for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header) - 1)]
    for row in table:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=False)) + "  " + str(row[-1]))


def _cmd_layers(args: argparse.Namespace, catalogue: Catalogue) -> int:
    if args.check:
        spec = catalogue[args.role] if args.role else None
        data = read_layer_file(
            Path(args.check),
            layer=args.role or Path(args.check).name,
            spec=spec,
            sublayer=args.layer,
            repair=args.repair,
            assume_crs=args.crs,
            drop_other_geometry=args.drop_other_geometry,
        )
        if isinstance(data, RasterLayer):
            rows, cols = data.values.shape
            print(f"OK: {args.check}: raster {cols} x {rows} cells of {data.cell_size_m:.1f} m in {data.crs}")
        else:
            kinds = ", ".join(sorted(set(data.geom_type))) + (
                f"; {data.attrs['dropped']}" if data.attrs.get("dropped") else ""
            )
            print(
                f"OK: {args.check}: {len(data)} features ({kinds}), reprojected to {data.crs.to_string()}, "
                f"columns {[c for c in data.columns if c != data.geometry.name]}"
            )
        return 0
    inputs = _inputs(args, catalogue)
    layers = inputs.layers
    _print_table(summarise_catalogue(catalogue, layers, inputs.supplied_files))
    province: gpd.GeoDataFrame = layers["province"]
    print(f"\nGilan boundary area in {catalogue.analysis_crs}: {province.area.sum() / 1e6:,.0f} km²")
    return 0


def _check_profile(doc: dict[str, object], name: str) -> None:
    parse_profile(resolve_extends(doc, name), name=name)


def _owner(args: argparse.Namespace) -> Path:
    return owner_folder(getattr(args, "owner", None) or os.environ.get(OWNER_ENV) or LOCAL_OWNER)


@dataclass
class _Inputs:
    """The data a command runs on: the bundled layers with the project's own layers in their place."""

    project: ProjectData
    layers: dict[str, gpd.GeoDataFrame]
    illustrative: frozenset[str]

    def model(self, scenario: Scenario) -> SuitabilityModel:
        return build_scenario_model(scenario, self.layers, dem=self.project.dem, illustrative=self.illustrative)

    @property
    def supplied_files(self) -> dict[str, str]:
        """The planner's layer ids and the file each came from."""
        return {i: self.project.sources.get(i, "") for i in sorted(self.project.supplied)}

    def describe(self) -> str:
        """One line: which project, and which layers are the planner's own."""
        if not self.project.supplied:
            return "data: the bundled Gilan layers only"
        own = ", ".join(f"{i} ({f})" if f else i for i, f in self.supplied_files.items())
        return f"data: project {self.project.name}: the planner's own {own}; every other layer bundled"

    def profile(self, name: str) -> Profile:
        """The project's own profile of that name, else the bundled one."""
        doc = self.project.profiles.get(name)
        return parse_profile(resolve_extends(doc, name), name=name) if doc is not None else load_profile(name)


def _inputs(args: argparse.Namespace, catalogue: Catalogue) -> _Inputs:
    """Read and validate the project (--project or --data) before anything else is done."""
    if getattr(args, "data", None) and getattr(args, "project", None):
        raise ScenarioError("--data/--project", "both were given", "give one: a project name or a project file")
    if getattr(args, "data", None):
        project, notes = read_project_file(Path(args.data), catalogue, check_profile=_check_profile)
        for note in notes:
            print(f"note: {Path(args.data).name}: {note}", file=sys.stderr)
    elif getattr(args, "project", None) and args.project != BUNDLED:
        project = project_data(project_folder(_owner(args), args.project))
    else:
        project = ProjectData(BUNDLED)
    layers = load_all_bundled(catalogue) | project.layers
    return _Inputs(project, layers, catalogue.illustrative - project.supplied)


def _scenario(args: argparse.Namespace, inputs: _Inputs) -> Scenario:
    """The run's settings, checked, with the profile's defaults for what the command line leaves out."""
    return resolve_scenario(
        inputs.profile(args.profile),
        group=args.group,
        resolution_m=args.resolution,
        method=getattr(args, "method", None),
        coverage_only=getattr(args, "coverage_only", False),
    )


def _output(path: str | None, label: str, suffixes: tuple[str, ...]) -> Path | None:
    """An output path checked before any work (folder exists and is writable, suffix known, not a folder)."""
    if path is None:
        return None
    out = Path(path)
    check_output_path(out, label=label, suffixes=suffixes)
    clean_stale_temporaries(out.parent)  # hidden temporaries of a run that was killed
    return out


def _cmd_suitability(args: argparse.Namespace, catalogue: Catalogue) -> int:
    inputs = _inputs(args, catalogue)
    scenario = _scenario(args, inputs)
    profile, method = scenario.profile, scenario.method
    out = _output(args.out, "--out (ranked sites)", (".gpkg",))
    score_out = _output(args.score, "--score (score raster)", (".tif", ".tiff"))
    parcels = read_vector_file(Path(args.parcels), spec=catalogue["parcels"]) if args.parcels else None
    layers = inputs.layers
    if parcels is not None:
        check_parcels_inside(parcels, layers["province"].geometry.union_all())
    model = inputs.model(scenario)
    result = run_scenario(model, scenario)
    if result.table is None or result.sites is None:
        raise NoSuitableLandError(result.problem or "no site")
    table, score = result.table, result.score
    print(
        f"{profile.name} {profile.version} ({profile.digest}), group {model.group}, {model.grid.cell_m:g} m cells, "
        f"{method.upper()}; excluded {model.mask.excluded[model.study_area].mean():.1%} of the study area"
    )
    print(inputs.describe())
    if method == "owa" and profile.aggregation.owa_order_weights:
        orness, tradeoff = owa_readings(np.asarray(profile.aggregation.owa_order_weights))
        print(f"OWA: ORness {orness:.2f} (1 = risk taking, 0 = risk averse), trade-off {tradeoff:.2f}")
    k = table.top_k.iloc[0]
    print(
        f"{'rank':>4} {'area_ha':>8} {'score':>6} {'P(top ' + str(k) + ')':>9} {'ranks':>7}  "
        "county (rural share)  lon, lat  [tied with]"
    )
    for r in table.itertuples():
        tied = f"  [tied with {r.tied_with}]" if r.tied_with else ""
        tied += f"  [incomplete: {r.incomplete_criteria}]" if r.incomplete_criteria else ""
        tied += f"  [screening forest: {r.screening_forest}]" if r.screening_forest else ""
        print(
            f"{r.rank:>4} {r.area_ha:>8.0f} {r.site_score:>6.3f} {r.p_top_k:>9.2f} {r.rank_p05:>3}-{r.rank_p95:<3}  "
            f"{r.county} ({r.rural_share:.0%})  {r.lon:.4f}, {r.lat:.4f}{tied}"
        )
    if table["tied_with"].astype(bool).any():
        print(
            f"Sites whose scores are equal to {profile.sites.tie_decimals} decimals are tied: they share P(top k), "
            "and are listed larger first."
        )
    if table["screening_forest"].astype(bool).any():
        print(
            "Sites marked 'screening forest' lie in or within one 5 km cell of MODIS forest: the maps have no forest "
            "layer yet, so check those sites for forest on the ground or supply the forest polygons."
        )
    for warning in result.caveats:
        print(f"warning: {warning.text()}")
    outputs: list[tuple[Path, Callable[[Path], None]]] = []
    if out is not None:
        explained = result.explained
        outputs.append((out, lambda tmp: write_vector(table, tmp, layer="sites")))
        outputs.append((out.with_name(out.stem + "_explained.csv"), lambda tmp: write_table(explained, tmp)))
    if score_out is not None:
        outputs.append((score_out, lambda tmp: write_geotiff(score, model.grid.transform, tmp, crs=model.grid.crs)))
    write_outputs(outputs)  # all files of the run appear together, or none does
    if outputs:
        print("wrote " + ", ".join(str(path) for path, _ in outputs))
    if parcels is not None:
        stats = score_polygons(model, score, parcels)
        names = parcels["name_en"] if "name_en" in parcels else parcels.index.astype(str)
        print("\nGiven parcels (exact zonal statistics): name, mean score, min score, share excluded")
        for name, r in zip(names, stats.itertuples(), strict=True):
            print(f"  {name}: {r.mean_score:.3f}  {r.min_score:.3f}  {r.excluded_share:.0%}")
    return 0


def _cmd_why(args: argparse.Namespace, catalogue: Catalogue) -> int:
    inputs = _inputs(args, catalogue)
    scenario = _scenario(args, inputs)
    layers = inputs.layers
    point = gpd.GeoSeries.from_xy([args.lon], [args.lat], crs=4326).to_crs(catalogue.analysis_crs).iloc[0]
    province = layers["province"]
    if not province.geometry.union_all().contains(point):
        west, south, east, north = province.to_crs(4326).total_bounds
        raise ScenarioError(
            "--lon/--lat",
            f"{args.lat:.5f} N, {args.lon:.5f} E is outside Gilan (the province spans lat {south:.2f}..{north:.2f}, "
            f"lon {west:.2f}..{east:.2f})",
            "pick a point inside the province (latitude first in most GPS apps: check the order)",
        )
    model = inputs.model(scenario)
    report = explain_location(model, layers, point.x, point.y, dict(scenario.weights))
    print(
        f"Location {args.lat:.5f} N, {args.lon:.5f} E (cell {report.row}, {report.col}; {model.grid.cell_m:g} m), "
        f"group {model.group}; county {report.county or '-'}, rural {'yes' if report.rural else 'no'}, "
        f"deprived {'yes' if report.deprived else 'no/not set'}"
    )
    print("Rules measured from the point itself:")
    for check in report.rules:
        state = "EXCLUDED" if check.excludes else "passes" if check.applied else "NOT CHECKED"
        print(
            f"  {state:<11} {check.rule.id:<18} limit {check.limit_text():>9}; {check.measured_text()}. "
            f"Basis: {check.rule.basis}"
        )
    print(report.verdict())
    if report.score is None:
        return 0
    for r in report.criteria.itertuples():
        print(
            f"  {r.criterion:<18} raw {r.raw:>10,.1f}  standardised {r.standardised:.3f}  "
            f"weight {r.weight:.3f}  contribution {r.contribution:.3f}"
        )
    return 0


def _cmd_report(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from spatial.report import report_html, report_pdf  # matplotlib and WeasyPrint: only reports need them

    inputs = _inputs(args, catalogue)
    scenario = _scenario(args, inputs)
    out = _output(args.out, "--out (report)", (".pdf", ".html", ".htm"))
    assert out is not None
    layers = inputs.layers
    model = inputs.model(scenario)
    result = run_scenario(model, scenario)
    if result.table is None:
        raise NoSuitableLandError(result.problem or "no site")
    if args.site is not None and args.site > len(result.table):
        found = len(result.table)
        raise ScenarioError("--site", f"there is no site ranked {args.site}: the run found {found}", f"pick 1..{found}")
    budget = land_budget_by_county(model, layers, scenario.profile.budget, facts=read_province_facts())
    html = report_html(
        model,
        result,
        layers,
        catalogue,
        lang=args.lang,
        top=args.top,
        site=args.site,
        budget=budget,
        supplied=inputs.supplied_files,
    )
    write_bytes(html.encode() if out.suffix.lower() in (".html", ".htm") else report_pdf(html), out)
    count = 1 if args.site else min(args.top, len(result.table))
    print(f"wrote {out} ({count} site{'s' if count > 1 else ''}, {args.lang})")
    return 0


def _plots(args: argparse.Namespace, catalogue: Catalogue, inputs: _Inputs) -> pd.DataFrame | None:
    """--plots if given, else the project's plot table, else none."""
    if not args.plots:
        return inputs.project.plots
    estates = inputs.layers["estates"]["name_en"].tolist()
    return read_plot_table(Path(args.plots), spec=catalogue["plots"], known_estates=estates)


def _cmd_inventory(args: argparse.Namespace, catalogue: Catalogue) -> int:
    inputs = _inputs(args, catalogue)
    profile = inputs.profile(args.profile)
    out = _output(args.out, "--out (inventory)", (".csv",))
    estates = inputs.layers["estates"]
    inventory = estates_inventory(estates, _plots(args, catalogue, inputs), profile.inventory)
    if profile.solar is not None:  # rooftop and free-land photovoltaics, as 'python -m spatial solar' explains
        from spatial.solar import estates_solar

        solar = estates_solar(inventory, profile, _irradiation(profile, *read_solar_facts()))
        inventory["solar_mwh"] = solar["total_mwh"].round(0).to_numpy()
    columns = ["name_en", "county", "type", "area_ha", "units", "idle_units", "plots", "idle_ha", "revocable_ha"]
    columns += ["solar_mwh"] if "solar_mwh" in inventory else []
    print(inventory[columns].to_string(index=False))
    rule = profile.inventory
    print(f"\nRevocation rule: idle for {rule.revoke_after_years:g} years or more ({rule.basis})")
    if out is not None:
        write_table(inventory, out)
        print(f"wrote {out}")
    return 0


def _cmd_budget(args: argparse.Namespace, catalogue: Catalogue) -> int:
    inputs = _inputs(args, catalogue)
    scenario = _scenario(args, inputs)
    profile = scenario.profile
    out = _output(args.out, "--out (budget)", (".csv",))
    layers = inputs.layers
    plots = _plots(args, catalogue, inputs)
    model = inputs.model(scenario)
    idle = (
        revocable_ha_by_county(estates_inventory(layers["estates"], plots, profile.inventory))
        if plots is not None
        else None
    )
    budget = land_budget_by_county(model, layers, profile.budget, idle_ha_by_county=idle, facts=read_province_facts())
    columns = ["land_ha", "land_ha_measured", "excluded_ha", "developable_ha", "developable_after_screening_ha"]
    columns += ["demand_ha", "balance_ha"]
    columns += ["existing_industrial_ha", "idle_ha"]
    shown = budget.table[[c for c in columns if c in budget.table]]
    print(f"Land budget, {profile.name}, group {model.group}, {model.grid.cell_m:g} m cells (hectares)")
    if "land_ha_measured" in shown:
        print(
            "land_ha is the county's area on the map; land_ha_measured the land of the real county (OpenStreetMap "
            "polygons clipped to the shoreline): where they differ, so do the county's other figures"
        )
    print(shown.round(0).to_string())
    parts = profile.budget.parts_ha()
    print(
        f"\nDemand: {parts['gross_ha']:,.0f} ha gross = {parts['plots_ha']:,.0f} ha of plots + "
        f"{parts['green_ha']:,.0f} ha green space + {parts['utilities_ha']:,.0f} ha utilities "
        "(separate shares of the gross land), shared among counties by "
        f"{profile.budget.allocation.replace('_', ' ')}"
    )
    print(f"Rules not applied (no layer), so 'developable' is overstated: {', '.join(budget.missing_rules)}")
    print(budget.cross_check.round(0).to_string(index=False))
    if out is not None:
        write_table(budget.table.reset_index(), out)
        print(f"wrote {out}")
    return 0


def _cmd_template(args: argparse.Namespace, catalogue: Catalogue) -> int:
    profile = load_profile(args.profile)
    if args.check:
        return _check_request(Path(args.check), catalogue, profile)
    out = _output(args.out, "--out (data request)", (".gpkg",))
    assert out is not None
    roles = requested_roles(catalogue)
    write_empty_layers(
        out,
        [(s.id, s.geometry, {**s.columns, **s.optional_columns}) for s in roles],
        request_readme(catalogue, profile),
    )
    print(f"wrote {out}: {len(roles)} empty layers ({', '.join(s.id for s in roles)}) and a readme table")
    print(f"check it when it comes back: python -m spatial template --check {out.name}")
    return 0


def _check_request(path: Path, catalogue: Catalogue, profile: Profile) -> int:
    counts = geopackage_layers(path, layer=path.name)
    known = {s.id for s in catalogue}
    failed = 0
    for name, features in counts.items():
        if name == "readme":
            continue
        if name not in known:
            print(f"  skipped   {name}: not a layer of the catalogue")
            continue
        if features == 0:
            print(f"  empty     {name}: not filled yet; would unlock {unlocks(name, profile).describe()}")
            continue
        try:
            data = read_vector_file(path, spec=catalogue[name], sublayer=name)
        except GilanInputError as err:
            failed += 1
            print(f"  REFUSED   {name}: {err}")
            continue
        print(f"  OK        {name}: {len(data)} features; unlocks {unlocks(name, profile).describe()}")
    if failed:
        raise ScenarioError(
            path.name, f"{failed} layer(s) of the request are refused (see above)", "fix them in QGIS and check again"
        )
    return 0


def _cmd_project(args: argparse.Namespace, catalogue: Catalogue) -> int:
    owner = _owner(args)
    action = args.action
    if action == "list":
        projects = list_projects(owner)
        print(f"{BUNDLED:<24} the bundled Gilan data and profiles (read-only)")
        for info in projects:
            layers = ", ".join(info.layers) or "no layers yet"
            profiles = f"; profiles {', '.join(info.profiles)}" if info.profiles else ""
            print(f"{info.name:<24} {info.title}: {layers}{profiles} (created {info.created})")
        return 0
    if action == "create":
        folder = create_project(owner, args.name, title=args.title or "")
        print(f"created project {args.name} in {folder}")
        return 0
    if action == "rename":
        rename_project(owner, args.name, args.new_name)
        print(f"renamed project {args.name} to {args.new_name}")
        return 0
    if action == "delete":
        if not args.yes:
            raise ScenarioError("project delete", f"deleting {args.name} removes its layers for good", "add --yes")
        delete_project(owner, args.name)
        print(f"deleted project {args.name}")
        return 0
    if action == "import":
        folder, notes = import_project(owner, Path(args.file), catalogue, name=args.name, check_profile=_check_profile)
        for note in notes:
            print(f"note: {note}")
        held = ", ".join(sorted(project_data(folder).supplied)) or "profiles only"
        print(f"imported {Path(args.file).name} as project {folder.name}: {held}")
        return 0
    stored = project_folder(owner, args.name)
    if stored is None:
        raise ScenarioError(
            "project", "the bundled data is read-only", "create a project: python -m spatial project create NAME"
        )
    if action == "export":
        out = _output(args.out, "project file", (".gpkg",))
        assert out is not None
        export_project(stored, out)
        print(f"wrote {out}: project {args.name} ({', '.join(sorted(project_data(stored).supplied)) or 'no layers'})")
        return 0
    return _add_to_project(args, catalogue, stored)


def _add_to_project(args: argparse.Namespace, catalogue: Catalogue, folder: Path) -> int:
    """``project add``: a layer file for a role, or a policy profile (.toml), validated before it is stored."""
    path = Path(args.file)
    if not path.is_file():
        raise MissingFileError(args.role or path.name, f"there is no file '{path}'", "check the folder and the name")
    if path.suffix.lower() == ".toml":
        doc = read_policy_file(path)
        parse_profile(resolve_extends(doc, path.stem, folder / "policies"), name=path.stem)
        save_profile(doc, path.stem, folder)
        print(f"added profile {path.stem} to project {folder.name}")
        return 0
    if not args.role:
        roles = ", ".join(s.id for s in catalogue if not s.derived)
        raise ScenarioError("--role", "a layer file needs the role it fills", f"add --role, one of: {roles}")
    if args.role not in {s.id for s in catalogue}:
        raise ScenarioError("--role", f"'{args.role}' is not a layer of the catalogue", "see python -m spatial layers")
    estates = None
    if args.role == "plots":
        estates = _inputs(argparse.Namespace(project=folder.name, owner=args.owner), catalogue).layers["estates"]
    data = save_upload(
        path.read_bytes(),
        path.name,
        role=args.role,
        workspace=folder,
        catalogue=catalogue,
        repair=args.repair,
        assume_crs=args.crs,
        known_estates=estates["name_en"].astype(str).tolist() if estates is not None else None,
        drop_other_geometry=args.drop_other_geometry,
    )
    size = "a raster" if isinstance(data, RasterLayer) else f"{len(data)} rows"
    print(f"added {path.name} to project {folder.name} as {args.role} ({size})")
    return 0


def _cmd_relocate(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from spatial.relocate import locate_businesses, plan_relocation, relocation_group  # scipy.optimize: only here

    inputs = _inputs(args, catalogue)
    profile = inputs.profile(args.profile)
    table = read_business_table(Path(args.businesses))
    group = args.group or relocation_group(profile, table)
    scenario = resolve_scenario(profile, group=group, resolution_m=args.resolution)
    out = _output(args.out, "--out (relocation)", (".gpkg",))
    plots = _plots(args, catalogue, inputs)
    businesses = locate_businesses(table, inputs.layers["towns"], inputs.layers["counties"])  # before any work
    result = run_scenario(inputs.model(scenario), scenario)
    moved = plan_relocation(
        businesses,
        inputs.layers,
        result.table,
        profile=profile,
        site_group=scenario.group,
        plots=plots,
        max_new_sites=args.new_sites,
    )
    print(
        f"Relocation of {len(table)} businesses ({profile.name}, new sites of group {scenario.group}, "
        f"{scenario.resolution_m:g} m cells): {len(moved.assigned)} placed, {len(moved.unplaced)} not; "
        f"{moved.daily_km:,.1f} person-km of travel a day"
    )
    print(inputs.describe())
    if plots is None:
        print(
            "note: no plot table (--plots, or the project's), so the existing estates' free land is unknown and "
            "only new sites are offered"
        )
    shown = moved.assigned[["id", "trade", "group", "land_ha", "destination", "kind", "distance_km", "daily_km"]]
    print(shown.round(2).to_string(index=False))
    used = moved.destinations[moved.destinations.businesses > 0]
    print("\nDestinations used (hectares)")
    print(
        used[["name", "kind", "max_group", "free_ha", "used_ha", "left_ha", "businesses"]]
        .round(2)
        .to_string(index=False)
    )
    if len(moved.unplaced):
        print("\nNot placed")
        for r in moved.unplaced.itertuples():
            print(f"  {r.id} ({r.trade}, group {r.group}, {r.land_ha:,.2f} ha): {r.reason}")
    print(
        "note: distances are straight lines between the business's location and the destination's centre; "
        "the bundled estates sit at their county seats (illustrative)"
    )
    for warning in result.caveats:
        print(f"warning: {warning.text()}")
    if out is not None:
        write_relocation(out, moved.flows, moved.destinations, moved.unplaced)
        print(f"wrote {out} (layers flows, destinations, unplaced)")
    return 0


def _irradiation(profile: Profile, values: dict[str, float], sources: dict[str, str]) -> Irradiation:
    from spatial.solar import irradiation, solar_settings

    return irradiation(solar_settings(profile), values, sources)


def _cmd_solar(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from spatial.solar import estates_solar, province_rooftop_mwh, solar_settings, solar_totals

    inputs = _inputs(args, catalogue)
    profile = inputs.profile(args.profile)
    out = _output(args.out, "--out (solar)", (".csv",))
    demand = read_demand_table(Path(args.demand)) if args.demand else None
    inventory = estates_inventory(inputs.layers["estates"], _plots(args, catalogue, inputs), profile.inventory)
    sun = _irradiation(profile, *read_solar_facts())
    table = estates_solar(inventory, profile, sun, demand_mwh=demand)
    s = solar_settings(profile)
    print(
        f"Irradiation at {s.latitude:.2f} N, {s.longitude:.2f} E: clear sky {sun.clear_sky_ghi:,.0f} kWh/m² a year on "
        f"the ground (pvlib), real {sun.real_ghi:,.0f} ({sun.source}): cloud factor {sun.cloud_factor:.2f}; on "
        f"panels tilted {s.tilt_deg:g}° south {sun.poa:,.0f} kWh/m² a year"
    )
    print(
        f"Panels: efficiency {s.module_efficiency:.0%}, performance ratio {s.performance_ratio:.2f}; roofs "
        f"{s.building_share:.0%} of built plot land, {s.usable_roof_share:.0%} of a roof usable; free land "
        f"{s.ground_coverage_ratio:.0%} covered. Basis: {s.basis}"
    )
    print(inputs.describe())
    columns = ["name_en", "county", "area_ha", "roof_basis", "roof_m2", "rooftop_mwh", "free_ha", "free_land_mwh"]
    columns += ["total_mwh"] + (["demand_mwh", "share_of_demand"] if demand is not None else [])
    print(table[columns].round(1).to_string(index=False))
    sums = solar_totals(table, inventory)
    print(
        f"\nGilan's estates and zones: {sums.rooftop_mwh + sums.free_land_mwh:,.0f} MWh a year "
        f"({sums.rooftop_mwh:,.0f} on roofs, {sums.free_land_mwh:,.0f} on free land) from the {sums.counted} with a "
        f"known area; {sums.unknown} have no area in the public facts and are left out, and special zones (the "
        "Anzali free zone, mostly not industrial roofs) are listed but not counted"
    )
    facts = read_province_facts()
    if "industrial_land_in_estates" in facts:
        land = facts["industrial_land_in_estates"]
        whole = province_rooftop_mwh(land, profile, sun)
        print(
            f"Cross-check: all {land:,.0f} ha of industrial land in Gilan's estates (public facts) would give about "
            f"{whole:,.0f} MWh a year on roofs at the same shares"
        )
    print(
        "The cloud factor treats direct and diffuse light alike, which slightly overstates the gain of tilted panels."
    )
    if out is not None:
        write_table(table, out)
        print(f"wrote {out}")
    return 0


def _cmd_profiles(args: argparse.Namespace, catalogue: Catalogue) -> int:
    inputs = _inputs(args, catalogue)
    names = sorted({p.stem for p in POLICY_DIR.glob("*.toml")} | set(inputs.project.profiles))
    for name in names:
        profile = inputs.profile(name)
        own = " (the project's)" if name in inputs.project.profiles else ""
        print(f"{name:<20} {profile.programme}{own}: {profile.purpose(args.lang)}")
    return 0


def _cmd_ahp(args: argparse.Namespace) -> int:
    names, matrix = read_matrix_csv(Path(args.matrix))
    weights, cr = checked_ahp_weights(matrix, names)
    for name, weight in weights.items():
        print(f"{name:<24} {weight:.4f}")
    print(f"consistency ratio {cr:.4f} (acceptable below 0.10)")
    return 0


def _number(kind: str, *, positive: bool, whole: bool = False) -> Callable[[str], float]:
    """An argparse type: a finite number (positive, or a whole number, when asked) with our own message."""

    def parse(text: str) -> float | int:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number ({kind})") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"'{text}' is not a finite number ({kind})")
        if positive and value <= 0:
            raise argparse.ArgumentTypeError(f"'{text}' must be above 0 ({kind})")
        if whole:
            if value != int(value):
                raise argparse.ArgumentTypeError(f"'{text}' is not a whole number ({kind})")
            return int(value)
        return value

    return parse


def _metres_hint(value: float) -> str:
    return "; it looks like metres (UTM), give degrees (WGS 84)" if abs(value) > 1000 else ""


def _latitude(text: str) -> float:
    value = _number("degrees north, e.g. 37.28", positive=False)(text)
    if not -90 <= value <= 90:
        raise argparse.ArgumentTypeError(f"latitude {text} is not between -90 and 90{_metres_hint(value)}")
    return float(value)


def _longitude(text: str) -> float:
    value = _number("degrees east, e.g. 49.58", positive=False)(text)
    if not -180 <= value <= 180:
        raise argparse.ArgumentTypeError(f"longitude {text} is not between -180 and 180{_metres_hint(value)}")
    return float(value)


def _data_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--project", help="run on this project's layers (python -m spatial project list)")
    cmd.add_argument("--data", metavar="FILE.gpkg", help="run on a project file (exported by the app or the CLI)")
    cmd.add_argument("--owner", help=f"owner key of --project (the app's My data page shows it); default ${OWNER_ENV}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m spatial``."""
    parser = argparse.ArgumentParser(prog="python -m spatial", description="Gilan industrial site selection")
    sub = parser.add_subparsers(dest="command", required=True)
    lay = sub.add_parser("layers", help="list the catalogue layers, or check a planner's file")
    lay.add_argument("--check", metavar="FILE", help="validate a GeoPackage, GeoJSON, zipped Shapefile or GeoTIFF")
    lay.add_argument("--role", help="catalogue layer id the file should fill (checks its columns and geometry)")
    lay.add_argument("--layer", help="layer inside a GeoPackage with several layers")
    lay.add_argument("--crs", help="CRS to assume when the file has none, e.g. EPSG:4326")
    lay.add_argument("--repair", action="store_true", help="repair invalid geometry with make_valid")
    lay.add_argument(
        "--drop-other-geometry", action="store_true", help="keep only the role's geometry type (drop e.g. label points)"
    )
    _data_options(lay)
    for name, text in (
        ("suitability", "rank candidate sites"),
        ("why", "explain one location"),
        ("report", "site-suitability report (PDF or HTML)"),
        ("budget", "land budget by county (CSV)"),
        ("inventory", "estates inventory and revocation candidates (CSV)"),
    ):
        cmd = sub.add_parser(name, help=text)
        _data_options(cmd)
        cmd.add_argument("--profile", default=DEFAULT_PROFILE, help="policy profile (the project's own, or bundled)")
        cmd.add_argument("--group", help="pollution group: d (group د) or e (group ه); default: the profile's first")
        cmd.add_argument(
            "--resolution",
            type=_number("cell size in metres", positive=True),
            help="cell size in metres (default: the profile's)",
        )
        if name != "inventory":
            cmd.add_argument(
                "--coverage-only",
                action="store_true",
                help="restrict the study area to the cells every loaded criterion covers (a partial DEM, say)",
            )
        if name in ("suitability", "report"):
            cmd.add_argument("--method", choices=METHODS, help="aggregation (default: the profile's)")
        if name == "suitability":
            cmd.add_argument("--out", help="ranked sites as GeoPackage (+ _explained.csv beside it)")
            cmd.add_argument("--score", help="score raster as GeoTIFF")
            cmd.add_argument("--parcels", help="also score these polygons (GeoPackage, GeoJSON, zipped Shapefile)")
        elif name in ("budget", "inventory"):
            cmd.add_argument("--out", help=f"{name}.csv")
            cmd.add_argument("--plots", help="the planner's plot table (CSV or GeoPackage), for idle land")
        elif name == "report":
            cmd.add_argument(
                "--top",
                type=_number("how many sites", positive=True, whole=True),
                default=5,
                help="how many sites (default 5)",
            )
            cmd.add_argument(
                "--site",
                type=_number("a site's rank", positive=True, whole=True),
                help="report on this one site (its rank) instead",
            )
            cmd.add_argument("--lang", choices=("en", "fa"), default="en")
            cmd.add_argument("--out", required=True, help="report.pdf or report.html")
        else:
            cmd.add_argument("--lon", type=_longitude, required=True, help="longitude in degrees east (WGS 84)")
            cmd.add_argument("--lat", type=_latitude, required=True, help="latitude in degrees north (WGS 84)")
    tpl = sub.add_parser("template", help="a data request GeoPackage for a GIS unit, or check one sent back")
    tpl.add_argument("--profile", default=DEFAULT_PROFILE, help="policy profile whose rules the request serves")
    tpl.add_argument("--out", help="request.gpkg: one empty layer per missing role, with a readme table")
    tpl.add_argument("--check", metavar="FILE", help="validate a filled request and say which rules it unlocks")
    rel = sub.add_parser("relocate", help="assign businesses moving out of cities to estates and new sites")
    _data_options(rel)
    rel.add_argument(
        "--businesses",
        required=True,
        help="CSV: id, trade, group, land_ha|land_m2, workers, daily_visits, lon/lat|town|county",
    )
    rel.add_argument("--profile", default="gilan-trades", help="profile whose sites take them (default gilan-trades)")
    rel.add_argument(
        "--group", help="pollution group of the new sites (default: the most polluting among the businesses)"
    )
    rel.add_argument("--resolution", type=_number("cell size in metres", positive=True), help="cell size in metres")
    rel.add_argument(
        "--new-sites",
        type=_number("how many new sites", positive=False, whole=True),
        help="open at most this many new sites",
    )
    rel.add_argument("--plots", help="the planner's plot table, for the existing estates' free land")
    rel.add_argument("--out", help="relocation.gpkg: flow lines, destinations and unplaced businesses")
    sol = sub.add_parser("solar", help="rooftop and free-land photovoltaic potential of each estate (MWh a year)")
    _data_options(sol)
    sol.add_argument("--profile", default=DEFAULT_PROFILE, help="profile whose [solar] settings apply")
    sol.add_argument("--plots", help="the planner's plot table: roofs from allocated plots, free land from free ones")
    sol.add_argument("--demand", help="CSV: estate, demand_mwh (each estate's yearly electricity demand)")
    sol.add_argument("--out", help="solar.csv")
    prof = sub.add_parser("profiles", help="the policy profiles, each with the programme it serves and its purpose")
    _data_options(prof)
    prof.add_argument("--lang", choices=("en", "fa"), default="en")
    proj = sub.add_parser("project", help="the planner's projects: list, create, add, export, import, rename, delete")
    proj.add_argument("--owner", help=f"owner key (the app's My data page shows it); default ${OWNER_ENV} or 'local'")
    acts = proj.add_subparsers(dest="action", required=True)
    acts.add_parser("list", help="the owner's projects")
    act = acts.add_parser("create", help="a new, empty project")
    act.add_argument("name", help="a-z, 0-9 and '-'")
    act.add_argument("--title", help="a title in any language")
    act = acts.add_parser("add", help="add a layer file (with --role) or a policy profile (.toml) to a project")
    act.add_argument("name")
    act.add_argument("file", help="GeoPackage, GeoJSON, zipped Shapefile, GeoTIFF DEM, plot CSV, or profile .toml")
    act.add_argument("--role", help="catalogue layer id the file fills (python -m spatial layers lists them)")
    act.add_argument("--crs", help="CRS to assume when the file has none, e.g. EPSG:4326")
    act.add_argument("--repair", action="store_true", help="repair invalid geometry with make_valid")
    act.add_argument("--drop-other-geometry", action="store_true", help="keep only the role's geometry type")
    act = acts.add_parser("export", help="the whole project as one GeoPackage to hand to a colleague")
    act.add_argument("name")
    act.add_argument("out", help="project.gpkg")
    act = acts.add_parser("import", help="a project GeoPackage (or a filled data request) as a new project")
    act.add_argument("file")
    act.add_argument("--name", help="the new project's name (default: the name in the file)")
    act = acts.add_parser("rename", help="rename a project")
    act.add_argument("name")
    act.add_argument("new_name")
    act = acts.add_parser("delete", help="delete a project and its layers")
    act.add_argument("name")
    act.add_argument("--yes", action="store_true", help="yes, delete it")
    ahp = sub.add_parser("ahp", help="AHP weights and consistency ratio of a pairwise matrix CSV")
    ahp.add_argument("matrix", help="CSV pairwise matrix, with or without a header row of criterion names; 1/3 allowed")
    return parser


COMMANDS = {
    "layers": _cmd_layers,
    "suitability": _cmd_suitability,
    "why": _cmd_why,
    "inventory": _cmd_inventory,
    "budget": _cmd_budget,
    "report": _cmd_report,
    "template": _cmd_template,
    "project": _cmd_project,
    "profiles": _cmd_profiles,
    "relocate": _cmd_relocate,
    "solar": _cmd_solar,
}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 done, 2 bad input, 1 a bug)."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "ahp":
            return _cmd_ahp(args)
        return COMMANDS[args.command](args, load_catalogue())
    except GilanInputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (e.g. `| head`): nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except MemoryError:
        print("error: the machine ran out of memory. Fix: use larger cells (--resolution)", file=sys.stderr)
        return 2
    except Exception:  # a genuine bug: say so, and keep the traceback for whoever fixes it
        traceback.print_exc()
        print(
            "error: an internal error (a bug, not your input); please report the command and the lines above",
            file=sys.stderr,
        )
        return 1
