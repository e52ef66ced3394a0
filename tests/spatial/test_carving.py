"""Candidate sites from row runs give exactly what labelling the whole grid and carving every region gives."""

from __future__ import annotations

from itertools import islice

import numpy as np
import pytest
from scipy import ndimage

from spatial.carving import (
    Candidate,
    CarvingRules,
    Runs,
    StudyCells,
    candidate_sites,
    label_runs,
    scan_study,
    scan_suitable,
)
from spatial.grid import cell_runs

EIGHT = np.ones((3, 3), dtype=bool)


def reference_candidates(
    score: np.ndarray, eligible: np.ndarray, threshold: float, rules: CarvingRules
) -> list[Candidate]:
    """The straightforward way: label the whole grid, carve every region in full, sort everything."""
    with np.errstate(invalid="ignore"):
        suitable = eligible & (score >= threshold)
    labels, _ = ndimage.label(suitable, structure=EIGHT)
    found: list[Candidate] = []
    for label, window in enumerate(ndimage.find_objects(labels), start=1):
        region = labels[window] == label
        size = int(region.sum())
        if size < rules.min_cells:
            continue
        if size <= rules.max_cells:
            found.append(Candidate(window, region, float(score[window][region].mean())))
            continue
        cells = np.flatnonzero(region)
        values = score[window][region]
        ranked = cells[np.lexsort((cells, -values))][: min(size, rules.take)]  # best first, ties by position
        rows, cols = np.unravel_index(ranked, region.shape)
        rows, cols = rows + window[0].start, cols + window[1].start
        alive = np.ones(ranked.size, dtype=bool)
        produced = 0
        while produced < rules.wanted and alive.sum() >= rules.min_cells:
            pick = np.flatnonzero(alive)[: rules.max_cells]
            alive[pick] = False
            core = np.zeros(score.shape, dtype=bool)
            core[rows[pick], cols[pick]] = True
            parts, _ = ndimage.label(core, structure=EIGHT)
            taken = np.zeros(score.shape, dtype=bool)
            for i, sub in enumerate(ndimage.find_objects(parts), start=1):
                part = parts[sub] == i
                if part.sum() >= rules.min_cells:
                    found.append(Candidate(sub, part, float(score[sub][part].mean())))
                    taken[sub] |= part
                    produced += 1
            if rules.spacing and taken.any():  # every candidate cell within the spacing (a square) goes
                near = ndimage.maximum_filter(taken, size=2 * rules.spacing + 1, mode="constant")
                alive &= ~near[rows, cols]
    found.sort(
        key=lambda c: (-round(c.mean, rules.tie_decimals), -int(c.region.sum()), c.window[0].start, c.window[1].start)
    )
    return found


def _same(ours: list[Candidate], reference: list[Candidate]) -> None:
    assert [(c.window, c.mean) for c in ours] == [(c.window, c.mean) for c in reference]
    for mine, theirs in zip(ours, reference, strict=True):
        assert np.array_equal(mine.region, theirs.region)


def test_runs_are_labelled_as_scipy_labels_cells() -> None:
    # A U (joined at the bottom), two regions touching only at a corner (one region), and a lone cell.
    mask = np.array(
        [
            [1, 0, 1, 0, 0, 1],
            [1, 0, 1, 0, 1, 0],
            [1, 1, 1, 0, 0, 0],
            [0, 0, 0, 0, 0, 1],
        ],
        dtype=bool,
    )
    runs, _ = scan_suitable(mask.astype("float32"), mask, 0.5, None)
    component = label_runs(runs)
    labels, n = ndimage.label(mask, structure=EIGHT)
    assert component.max() + 1 == n == 3
    for row, start, stop, c in zip(runs.row, runs.start, runs.stop, component, strict=True):
        assert set(labels[row, start:stop]) == {c + 1}  # the same regions, numbered in the same order


def _spiral(n: int) -> np.ndarray:
    """One region: a square spiral two cells apart, whose runs join only through its far turns."""
    mask = np.zeros((n, n), dtype=bool)
    top, left, bottom, right = 0, 0, n - 1, n - 1
    while top <= bottom and left <= right:
        mask[top, left : right + 1] = mask[bottom, left : right + 1] = True
        mask[top : bottom + 1, right] = True
        mask[top + 2 : bottom + 1, left] = True
        top, left, bottom, right = top + 2, left + 2, bottom - 2, right - 2
        if top <= bottom:
            mask[top, left - 2 : left] = True
    return mask


@pytest.mark.parametrize(
    "mask",
    [
        _spiral(41),
        np.vstack([np.tile([True, False], (30, 20)), np.ones((1, 40), dtype=bool)]),  # a comb joined at the bottom
        np.eye(50, dtype=bool) | np.eye(50, k=1, dtype=bool)[::-1],  # two crossing diagonals
        np.random.default_rng(3).random((60, 70)) < 0.45,  # many regions of every shape
    ],
    ids=["spiral", "comb", "diagonals", "random"],
)
def test_runs_are_labelled_as_scipy_labels_cells_on_hard_shapes(mask: np.ndarray) -> None:
    runs, _ = scan_suitable(mask.astype("float32"), mask, 0.5, None)
    component = label_runs(runs)
    labels, n = ndimage.label(mask, structure=EIGHT)
    assert component.max() + 1 == n
    cells = np.zeros(mask.shape, dtype=np.int64)
    for row, start, stop, c in zip(runs.row, runs.start, runs.stop, component, strict=True):
        cells[row, start:stop] = c + 1
    assert np.array_equal(cells, labels)  # the same regions, numbered in the same order


def _study(score: np.ndarray, eligible: np.ndarray, study_area: np.ndarray) -> StudyCells:
    """The score and eligibility of the study-area cells alone, as the model keeps them."""
    return StudyCells(score[study_area], np.packbits(eligible[study_area]), cell_runs(study_area))


def _runs(runs: Runs) -> list[tuple[int, int, int]]:
    return list(zip(runs.row.tolist(), runs.start.tolist(), runs.stop.tolist(), strict=True))


def test_the_study_cells_give_the_runs_of_the_grid() -> None:
    # Two study runs in the first row, suitable across their gap's ends; suitable from the end of one row into
    # the start of the next (consecutive among the study cells, not on the grid); a NaN and an ineligible cell.
    nan = np.nan
    score = np.array(
        [
            [nan, 0.9, 0.9, nan, 0.9, 0.6, 0.9],
            [0.9, 0.9, 0.2, 0.9, nan, 0.9, 0.95],
            [0.95, 0.9, nan, nan, nan, nan, nan],
        ],
        dtype="float32",
    )
    study_area = ~np.isnan(score)
    study_area[1, 4] = True  # a NaN score in the study area
    eligible = study_area.copy()
    eligible[1, 3] = False
    study = _study(score, eligible, study_area)
    assert study.values.size == 14 and len(study.runs[0]) == 4
    runs, best = scan_study(study, score.shape[1], 0.5, 0.9)
    assert _runs(runs) == [(0, 1, 3), (0, 4, 7), (1, 0, 2), (1, 5, 7), (2, 0, 2)]
    assert _runs(best) == [(0, 1, 3), (0, 4, 5), (0, 6, 7), (1, 0, 2), (1, 5, 7), (2, 0, 2)]
    grid_runs, grid_best = scan_suitable(score, eligible, 0.5, 0.9)
    assert _runs(grid_runs) == _runs(runs) and _runs(grid_best) == _runs(best)
    assert [_runs(r) for r in scan_study(study, score.shape[1], 0.5, None)] == [_runs(runs), []]
    assert [_runs(r) for r in scan_study(study, score.shape[1], 0.99, 0.99)] == [[], []]


def test_a_small_region_is_one_candidate_with_its_mean() -> None:
    score = np.array([[0.9, 0.8, 0.0], [0.7, 0.0, 0.0], [0.0, 0.0, 0.6]], dtype="float32")
    rules = CarvingRules(min_cells=1, max_cells=10, spacing=0, wanted=5, tie_decimals=3)
    found = list(candidate_sites(score, np.ones((3, 3), bool), 0.5, rules))
    assert [c.window for c in found] == [(slice(0, 2), slice(0, 2)), (slice(2, 3), slice(2, 3))]
    assert found[0].mean == pytest.approx(0.8) and found[0].region.tolist() == [[True, True], [True, False]]


def test_a_large_region_gives_cores_of_its_best_cells_kept_apart() -> None:
    # One row of 12 cells scoring 1.0 down to 0.45: cores of 2 cells, 2 cells apart, from the best end.
    score = np.linspace(1.0, 0.45, 12, dtype="float32")[None, :]
    rules = CarvingRules(min_cells=2, max_cells=2, spacing=2, wanted=5, tie_decimals=3)
    found = list(candidate_sites(score, np.ones(score.shape, bool), 0.4, rules))
    assert [c.window[1] for c in found] == [slice(0, 2), slice(4, 6), slice(8, 10)]
    _same(found, reference_candidates(score, np.ones(score.shape, bool), 0.4, rules))


def _field(seed: int, shape: tuple[int, int], smooth: float, levels: int) -> np.ndarray:
    """A smooth random score in 0..1, rounded to ``levels`` values so that equal scores are common."""
    rng = np.random.default_rng(seed)
    field = ndimage.gaussian_filter(rng.random(shape), smooth)
    field = (field - field.min()) / (field.max() - field.min())
    return (np.round(field * levels) / levels).astype("float32")


@pytest.mark.parametrize("seed", range(12))
def test_the_same_candidates_as_labelling_and_carving_everything(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    shape = (int(rng.integers(40, 160)), int(rng.integers(40, 160)))
    score = _field(seed, shape, smooth=float(rng.uniform(1, 6)), levels=int(rng.choice([8, 50, 10_000])))
    eligible = _field(seed + 1000, shape, smooth=3, levels=100) > rng.uniform(0.2, 0.5)
    score[rng.random(shape) < 0.01] = np.nan  # undefined scores are never suitable
    min_cells = int(rng.integers(1, 12))
    rules = CarvingRules(
        min_cells=min_cells,
        max_cells=min_cells + int(rng.integers(0, 60)),
        spacing=int(rng.integers(0, 6)),
        wanted=int(rng.integers(1, 8)),
        tie_decimals=int(rng.choice([1, 2, 3])),
    )
    threshold = float(rng.uniform(0.3, 0.7))
    reference = reference_candidates(score, eligible, threshold, rules)
    _same(list(candidate_sites(score, eligible, threshold, rules)), reference)
    # The same from the study-area cells alone: a study area of several runs a row, NaN and ineligible outside.
    study_area = _field(seed + 2000, shape, smooth=2, levels=100) > 0.3
    score[~study_area] = np.nan
    eligible &= study_area
    reference = reference_candidates(score, eligible, threshold, rules)
    study = _study(score, eligible, study_area)
    _same(list(candidate_sites(score, eligible, threshold, rules, study)), reference)


@pytest.mark.parametrize("seed", range(4))
def test_the_best_cells_collected_in_the_scan_give_the_same_candidates(seed: int) -> None:
    # Large enough for the scan to collect only the best cells (take * 4 is below the suitable cells).
    score = _field(seed, (400, 500), smooth=8, levels=1000)
    eligible = np.ones(score.shape, bool)
    eligible[:, 250] = False  # two large regions
    rules = CarvingRules(min_cells=5, max_cells=20, spacing=3, wanted=3, tie_decimals=3)
    reference = reference_candidates(score, eligible, 0.3, rules)
    _same(list(candidate_sites(score, eligible, 0.3, rules)), reference)
    _same(list(islice(candidate_sites(score, eligible, 0.3, rules), 4)), reference[:4])
    _same(
        list(candidate_sites(score, eligible, 0.3, rules, _study(score, eligible, np.ones(score.shape, bool)))),
        reference,
    )


def test_nothing_suitable_gives_no_candidate() -> None:
    rules = CarvingRules(min_cells=1, max_cells=4, spacing=0, wanted=1, tie_decimals=3)
    assert list(candidate_sites(np.zeros((5, 5), "float32"), np.ones((5, 5), bool), 0.5, rules)) == []
