"""Command line: ``python -m spatial layers`` and ``python -m spatial layers --check FILE``.

Exit codes: 0 success, 2 bad input (with a one-line reason on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd

from layers.catalogue import Catalogue, load_catalogue
from layers.io import RasterLayer, load_all_bundled, read_layer_file
from spatial.errors import LayerError, PolicyError
from spatial.layer_summary import LayerRow, summarise_catalogue


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
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        catalogue = load_catalogue()
        if args.command == "layers":
            return _cmd_layers(args, catalogue)
    except (LayerError, PolicyError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except FileNotFoundError as err:
        print(f"error: file not found: {err.filename}", file=sys.stderr)
        return 2
    return 2
