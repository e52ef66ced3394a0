"""The analysis grid and exact distances on grids you can count by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import ndimage
from shapely.geometry import LineString, Point, box

from spatial.grid import analysis_grid, cell_runs, distance_m, fill_runs, rasterize_features


def test_grid_is_aligned_to_multiples_of_the_cell_size() -> None:
    grid = analysis_grid(box(120, 80, 530, 470), 100)
    assert (grid.west, grid.north, grid.width, grid.height) == (100, 500, 5, 5)
    assert grid.bounds == (100, 0, 600, 500)
    assert grid.rowcol(150, 450) == (0, 0)
    assert grid.centre(4, 4) == (550, 50)
    assert grid.cell_area_ha == 1.0


def test_distance_is_in_metres_from_cell_centres() -> None:
    features = np.zeros((5, 5), dtype=bool)
    features[2, 2] = True
    dist = distance_m(features, 100.0)
    assert dist[2, 2] == 0
    assert dist[2, 4] == pytest.approx(200.0)
    assert dist[0, 0] == pytest.approx(math.hypot(200, 200))
    assert dist[0, 1] == pytest.approx(math.hypot(100, 200))
    # The same numbers as scipy's exact EDT with the cell size as sampling.
    reference = ndimage.distance_transform_edt(~features, sampling=(100.0, 100.0))
    np.testing.assert_allclose(dist, reference, rtol=1e-6)


def test_distance_with_no_feature_is_infinite() -> None:
    assert np.isinf(distance_m(np.zeros((3, 3), dtype=bool), 30.0)).all()


def test_lines_points_and_polygon_edges_mark_every_cell_they_touch() -> None:
    grid = analysis_grid(box(0, 0, 500, 500), 100)
    point = rasterize_features([Point(250, 250)], grid)
    assert point.sum() == 1 and point[2, 2]
    line = rasterize_features([LineString([(50, 450), (450, 450)])], grid)
    assert line[0].all() and line.sum() == 5
    # A polygon smaller than a cell still counts through its edge.
    tiny = rasterize_features([box(10, 10, 20, 20)], grid)
    assert tiny.sum() == 1 and tiny[4, 0]


@pytest.mark.parametrize(
    ("xy", "cells"),
    [
        ((250, 250), [(2, 2)]),  # inside a cell
        ((200, 300), [(2, 2)]),  # on the corner of four cells: GDAL takes the one to its lower right
        ((250, 300), [(2, 2)]),  # on the edge of two
    ],
)
def test_a_point_marks_the_one_cell_that_holds_it(xy: tuple[float, float], cells: list[tuple[int, int]]) -> None:
    marked = rasterize_features([Point(*xy)], analysis_grid(box(0, 0, 500, 500), 100))
    assert list(zip(*np.nonzero(marked), strict=True)) == cells


def test_points_lines_and_polygons_of_one_layer_mark_the_cells_each_would_alone() -> None:
    grid = analysis_grid(box(0, 0, 500, 500), 100)
    features = [Point(50, 50), LineString([(50, 450), (450, 450)]), box(210, 210, 390, 390)]
    alone = [rasterize_features([f], grid) for f in features]
    assert np.array_equal(rasterize_features(features, grid), alone[0] | alone[1] | alone[2])
    assert alone[2][1:3, 2:4].all() and alone[2].sum() == 4  # rows count from the north


def test_filling_a_mask_run_by_run_equals_the_boolean_assignment() -> None:
    mask = np.array([[0, 1, 1, 0, 1], [1, 1, 0, 0, 0], [0, 0, 0, 0, 0], [1, 1, 1, 1, 1]], dtype=bool)
    starts, lengths = cell_runs(mask)
    assert starts.tolist() == [1, 4, 5, 15] and lengths.tolist() == [2, 1, 2, 5]
    values = np.arange(1, mask.sum() + 1, dtype="float32")
    expected = np.full(mask.shape, np.nan, dtype="float32")
    expected[mask] = values
    filled = fill_runs(np.full(mask.shape, np.nan, dtype="float32"), values, (starts, lengths))
    np.testing.assert_array_equal(filled, expected)
