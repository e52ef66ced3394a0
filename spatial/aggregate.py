"""Aggregation of standardised criteria: WLC and OWA on rasters, TOPSIS on candidate sites."""

from __future__ import annotations

import numpy as np

CELLS_PER_CHUNK = 1 << 20  # OWA sorts per cell; chunks keep the sort's memory small at 30 m


def wlc(stack: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted linear combination: sum_j w_j z_j for a (criteria, ...) stack."""
    return np.tensordot(np.asarray(weights, dtype="float32"), stack, axes=1)


def owa(
    stack: np.ndarray, weights: np.ndarray, order_weights: np.ndarray, *, unknown: dict[int, np.ndarray] | None = None
) -> np.ndarray:
    """Ordered weighted average (Yager 1988, as in Malczewski 2006).

    In each cell the criteria are ordered from best to worst value; the criterion weights are
    reordered with them, multiplied by the order weights and renormalised. Order weights
    (1, 0, .., 0) give the maximum (OR, risk taking), (0, .., 0, 1) the minimum (AND, risk
    averse), and equal order weights give WLC (full trade-off).

    Criteria with equal values share the order weights of the positions they occupy (their mean),
    so the result does not depend on the order in which the profile lists the criteria. Where every
    criterion weight falls on a zero order weight the value is undefined: NaN, never 0. ``unknown``
    (criterion index -> True per cell) marks values that are not known there: such a criterion is
    ordered last with no weight in that cell.
    """
    w = np.asarray(weights, dtype="float64")
    v = np.asarray(order_weights, dtype="float64")
    n = len(v)
    flat = stack.reshape(stack.shape[0], -1)
    out = np.empty(flat.shape[1], dtype="float32")
    for start in range(0, flat.shape[1], CELLS_PER_CHUNK):
        z = flat[:, start : start + CELLS_PER_CHUNK].astype("float64")
        cell_w = np.repeat(w[:, None], z.shape[1], axis=1)
        for j, gap in (unknown or {}).items():
            part = gap.reshape(-1)[start : start + CELLS_PER_CHUNK]
            z[j, part], cell_w[j, part] = -1.0, 0.0  # below every real value: last, and weightless
        order = np.argsort(-z, axis=0, kind="stable")
        z_sorted = np.take_along_axis(z, order, axis=0)
        # Mean order weight over each run of tied values (a criterion count is small: n^2 is cheap).
        tied_v = np.zeros_like(z_sorted)
        for i in range(n):
            same = z_sorted == z_sorted[i]
            tied_v[i] = (same * v[:, None]).sum(axis=0) / same.sum(axis=0)
        uv = np.take_along_axis(cell_w, order, axis=0) * tied_v
        total = uv.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[start : start + CELLS_PER_CHUNK] = np.where(total > 1e-12, (uv * z_sorted).sum(axis=0) / total, np.nan)
    return out.reshape(stack.shape[1:])


def owa_readings(order_weights: np.ndarray) -> tuple[float, float]:
    """(ORness, trade-off) of order weights: ORness 1 = OR, 0 = AND; trade-off 1 = full (WLC)."""
    v = np.asarray(order_weights, dtype=float)
    n = len(v)
    if n < 2:
        return 0.5, 1.0
    orness = float(sum((n - 1 - i) * v[i] for i in range(n)) / (n - 1))
    tradeoff = float(1 - np.sqrt(n * np.sum((v - 1 / n) ** 2) / (n - 1)))
    return orness, tradeoff


def topsis(matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray | None = None) -> np.ndarray:
    """TOPSIS closeness (0..1, higher is better) of alternatives (rows) on criteria (columns).

    Vector normalisation, weighted, distance to the ideal and anti-ideal alternatives (Hwang and
    Yoon 1981). ``benefit`` marks criteria where more is better (all, by default: our criteria
    are already standardised suitabilities).
    """
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    benefit = np.ones(x.shape[1], dtype=bool) if benefit is None else np.asarray(benefit, dtype=bool)
    norms = np.sqrt((x**2).sum(axis=0))
    v = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0) * w
    ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    total = d_plus + d_minus
    return np.divide(d_minus, total, out=np.full(len(x), 0.5), where=total > 0)
