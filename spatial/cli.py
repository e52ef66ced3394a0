"""Command line: ``python -m spatial layers|suitability|why|ahp`` (see ``--help``).

Exit codes: 0 success, 2 bad input (with a one-line reason on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.catalogue import Catalogue, load_catalogue
from layers.io import (
    RasterLayer,
    load_all_bundled,
    load_bundled,
    read_layer_file,
    read_matrix_csv,
    read_plot_table,
    read_province_facts,
    read_vector_file,
    write_bytes,
    write_geotiff,
    write_table,
    write_vector,
)
from spatial.aggregate import owa_readings
from spatial.budget import land_budget_by_county
from spatial.errors import InconsistentJudgementsError, LayerError, NoSuitableLandError, PolicyError
from spatial.inspect import explain_location
from spatial.inventory import estates_inventory, revocable_ha_by_county
from spatial.layer_summary import LayerRow, summarise_catalogue
from spatial.model import SuitabilityModel, build_model
from spatial.policy import METHODS, Profile, load_profile
from spatial.report import report_html, report_pdf
from spatial.sites import explain_sites, locate_sites, rank_stability, score_polygons
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
        )
        if isinstance(data, RasterLayer):
            rows, cols = data.values.shape
            print(f"OK: {args.check}: raster {cols} x {rows} cells of {data.cell_size_m:.1f} m in {data.crs}")
        else:
            kinds = ", ".join(sorted(set(data.geom_type)))
            print(
                f"OK: {args.check}: {len(data)} features ({kinds}), reprojected to {data.crs.to_string()}, "
                f"columns {[c for c in data.columns if c != data.geometry.name]}"
            )
        return 0
    layers = load_all_bundled(catalogue)
    _print_table(summarise_catalogue(catalogue, layers))
    province: gpd.GeoDataFrame = layers["province"]
    print(f"\nGilan boundary area in {catalogue.analysis_crs}: {province.area.sum() / 1e6:,.0f} km²")
    return 0


def _model(args: argparse.Namespace, catalogue: Catalogue) -> SuitabilityModel:
    profile = load_profile(args.profile)
    layers = load_all_bundled(catalogue)
    illustrative = frozenset(s.id for s in catalogue if s.status == "illustrative")
    return build_model(layers, profile, group=args.group, resolution_m=args.resolution, illustrative=illustrative)


def _cmd_suitability(args: argparse.Namespace, catalogue: Catalogue) -> int:
    model = _model(args, catalogue)
    method = args.method or model.profile.aggregation.method
    score = model.score(method=method)
    sites = locate_sites(model, score, method=method)
    stability = rank_stability(model, sites, method=method)
    table = sites.table.merge(stability.drop(columns=["top_k", "draws"]), on="rank")
    profile = model.profile
    print(
        f"{profile.name} {profile.version} ({profile.digest}), group {model.group}, {model.grid.cell_m:g} m cells, "
        f"{method.upper()}; excluded {model.mask.excluded[model.study_area].mean():.1%} of the province"
    )
    if method == "owa" and profile.aggregation.owa_order_weights:
        orness, tradeoff = owa_readings(np.asarray(profile.aggregation.owa_order_weights))
        print(f"OWA: ORness {orness:.2f} (1 = risk taking, 0 = risk averse), trade-off {tradeoff:.2f}")
    k = stability.top_k.iloc[0]
    print(
        f"{'rank':>4} {'area_ha':>8} {'score':>6} {'P(top ' + str(k) + ')':>9} {'ranks':>7}  "
        "county (rural share)  lon, lat  [tied with]"
    )
    for r in table.itertuples():
        tied = f"  [tied with {r.tied_with}]" if r.tied_with else ""
        print(
            f"{r.rank:>4} {r.area_ha:>8.0f} {r.site_score:>6.3f} {r.p_top_k:>9.2f} {r.rank_p05:>3}-{r.rank_p95:<3}  "
            f"{r.county} ({r.rural_share:.0%})  {r.lon:.4f}, {r.lat:.4f}{tied}"
        )
    if table["tied_with"].astype(bool).any():
        print(
            f"Sites whose scores are equal to {profile.sites.tie_decimals} decimals are tied: they share P(top k), "
            "and are listed larger first."
        )
    for caveat in model.score_caveats(score):
        print(f"warning: {caveat.text()}")
    for warning in model.warnings:
        print(f"warning: {warning.text()}")
    if args.out:
        out = Path(args.out)
        write_vector(table, out, layer="sites")
        write_table(explain_sites(model, sites), out.with_name(out.stem + "_explained.csv"))
        print(f"wrote {out} and {out.with_name(out.stem + '_explained.csv')}")
    if args.score:
        write_geotiff(score, model.grid.transform, Path(args.score), crs=model.grid.crs)
        print(f"wrote {args.score}")
    if args.parcels:
        parcels = read_vector_file(Path(args.parcels), layer="parcels", sublayer=None)
        stats = score_polygons(model, score, parcels)
        names = parcels["name_en"] if "name_en" in parcels else parcels.index.astype(str)
        print("\nGiven parcels (exact zonal statistics): name, mean score, min score, share excluded")
        for name, r in zip(names, stats.itertuples(), strict=True):
            print(f"  {name}: {r.mean_score:.3f}  {r.min_score:.3f}  {r.excluded_share:.0%}")
    return 0


def _cmd_why(args: argparse.Namespace, catalogue: Catalogue) -> int:
    model = _model(args, catalogue)
    point = gpd.GeoSeries.from_xy([args.lon], [args.lat], crs=4326).to_crs(model.grid.crs).iloc[0]
    report = explain_location(model, load_all_bundled(catalogue), point.x, point.y, None)
    print(
        f"Location {args.lat:.5f} N, {args.lon:.5f} E (cell {report.row}, {report.col}; {model.grid.cell_m:g} m), "
        f"group {model.group}; county {report.county or '-'}, rural {'yes' if report.rural else 'no'}, "
        f"deprived {'yes' if report.deprived else 'no/not set'}"
    )
    print("Rules measured from the point itself:")
    for check in report.rules:
        state = "EXCLUDED" if check.excludes else "passes"
        if not check.applied:
            state = "NOT CHECKED"
        distance = (
            f"{check.distance_m:,.0f} m to {check.nearest}" if check.applied else (check.nearest or "layer missing")
        )
        print(
            f"  {state:<11} {check.rule.id:<18} limit {check.buffer_m:>6,.0f} m; {distance}. Basis: {check.rule.basis}"
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
    model = _model(args, catalogue)
    method = args.method or model.profile.aggregation.method
    score = model.score(method=method)
    sites = locate_sites(model, score, method=method)
    layers = load_all_bundled(catalogue)
    budget = land_budget_by_county(model, layers, model.profile.budget, facts=read_province_facts())
    html = report_html(
        model,
        score,
        sites,
        layers,
        catalogue,
        lang=args.lang,
        top=args.top,
        site=args.site,
        method=method,
        budget=budget,
    )
    out = Path(args.out)
    write_bytes(html.encode() if out.suffix.lower() in (".html", ".htm") else report_pdf(html), out)
    count = 1 if args.site else min(args.top, len(sites.table))
    print(f"wrote {out} ({count} site{'s' if count > 1 else ''}, {args.lang})")
    return 0


def _inventory(args: argparse.Namespace, catalogue: Catalogue, profile: Profile) -> pd.DataFrame:
    plots = read_plot_table(Path(args.plots), spec=catalogue["plots"]) if args.plots else None
    return estates_inventory(load_bundled("estates", catalogue), plots, profile.inventory)


def _cmd_inventory(args: argparse.Namespace, catalogue: Catalogue) -> int:
    profile = load_profile(args.profile)
    inventory = _inventory(args, catalogue, profile)
    columns = ["name_en", "county", "type", "area_ha", "units", "idle_units", "plots", "idle_ha", "revocable_ha"]
    print(inventory[columns].to_string(index=False))
    rule = profile.inventory
    print(f"\nRevocation rule: idle for {rule.revoke_after_years:g} years or more ({rule.basis})")
    if args.out:
        write_table(inventory, Path(args.out))
        print(f"wrote {args.out}")
    return 0


def _cmd_budget(args: argparse.Namespace, catalogue: Catalogue) -> int:
    model = _model(args, catalogue)
    idle = revocable_ha_by_county(_inventory(args, catalogue, model.profile)) if args.plots else None
    budget = land_budget_by_county(
        model, load_all_bundled(catalogue), model.profile.budget, idle_ha_by_county=idle, facts=read_province_facts()
    )
    shown = budget.table[
        ["land_ha", "excluded_ha", "developable_ha", "demand_ha", "balance_ha", "existing_industrial_ha", "idle_ha"]
    ]
    print(f"Land budget, {model.profile.name}, group {model.group}, {model.grid.cell_m:g} m cells (hectares)")
    print(shown.round(0).to_string())
    parts = model.profile.budget.parts_ha()
    print(
        f"\nDemand: {parts['gross_ha']:,.0f} ha gross = {parts['plots_ha']:,.0f} ha of plots + "
        f"{parts['green_ha']:,.0f} ha green space + {parts['utilities_ha']:,.0f} ha utilities "
        "(separate shares of the gross land), shared among counties by "
        f"{model.profile.budget.allocation.replace('_', ' ')}"
    )
    print(f"Rules not applied (no layer), so 'developable' is overstated: {', '.join(budget.missing_rules)}")
    print(budget.cross_check.round(0).to_string(index=False))
    if args.out:
        write_table(budget.table.reset_index(), Path(args.out))
        print(f"wrote {args.out}")
    return 0


def _cmd_ahp(args: argparse.Namespace) -> int:
    names, matrix = read_matrix_csv(Path(args.matrix))
    weights, cr = checked_ahp_weights(matrix, names)
    for name, weight in weights.items():
        print(f"{name:<24} {weight:.4f}")
    print(f"consistency ratio {cr:.4f} (acceptable below 0.10)")
    return 0


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
    for name, text in (
        ("suitability", "rank candidate sites"),
        ("why", "explain one location"),
        ("report", "site-suitability report (PDF or HTML)"),
        ("budget", "land budget by county (CSV)"),
        ("inventory", "estates inventory and revocation candidates (CSV)"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--profile", default="gilan-industrial", help="policy profile in data/policy")
        cmd.add_argument("--group", default="d", help="pollution group: d (group د) or e (group ه)")
        cmd.add_argument("--resolution", type=float, help="cell size in metres (default: the profile's)")
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
            cmd.add_argument("--top", type=int, default=5, help="how many sites (default 5)")
            cmd.add_argument("--site", type=int, help="report on this one site (its rank) instead")
            cmd.add_argument("--lang", choices=("en", "fa"), default="en")
            cmd.add_argument("--out", required=True, help="report.pdf or report.html")
        else:
            cmd.add_argument("--lon", type=float, required=True)
            cmd.add_argument("--lat", type=float, required=True)
    ahp = sub.add_parser("ahp", help="AHP weights and consistency ratio of a pairwise matrix CSV")
    ahp.add_argument("matrix", help="CSV: header of criterion names, one row per criterion; 1/3 allowed")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        catalogue = load_catalogue()
        if args.command == "layers":
            return _cmd_layers(args, catalogue)
        if args.command == "suitability":
            return _cmd_suitability(args, catalogue)
        if args.command == "why":
            return _cmd_why(args, catalogue)
        if args.command == "inventory":
            return _cmd_inventory(args, catalogue)
        if args.command == "budget":
            return _cmd_budget(args, catalogue)
        if args.command == "report":
            return _cmd_report(args, catalogue)
        if args.command == "ahp":
            return _cmd_ahp(args)
    except (LayerError, PolicyError, InconsistentJudgementsError, NoSuitableLandError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except FileNotFoundError as err:
        print(f"error: file not found: {err.filename}", file=sys.stderr)
        return 2
    return 2
