"""Criterion weights: direct, rank order centroid, and AHP pairwise comparison with Saaty's CR.

The math is bare functions on arrays; ``checked_ahp_weights`` wraps it for planners and raises
InconsistentJudgementsError, naming the judgements that contribute most to the inconsistency.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spatial.errors import InconsistentJudgementsError
from spatial.i18n import embed, t

# Saaty's random consistency index (Saaty, T.L., 1980, The Analytic Hierarchy Process, McGraw-Hill):
# n = 3..10 as in ../shared/DOMAIN.md; n = 11..15 from Saaty's extended table of the same source
# (1.51, 1.48, 1.56, 1.57, 1.59). Larger matrices are refused: there is no published index to divide by.
RANDOM_INDEX = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CR_LIMIT = 0.10


def rank_order_centroid(ranks: list[int]) -> np.ndarray:
    """Weights from ranks (1 = most important): w_i = (1/n) * sum_{k=rank_i..n} 1/k; ties share."""
    n = len(ranks)
    roc = np.array([sum(1.0 / k for k in range(r, n + 1)) / n for r in range(1, n + 1)])
    order = np.asarray(ranks)
    # Tied criteria take the mean of the positions they occupy.
    positions = np.argsort(np.argsort(order, kind="stable"), kind="stable")
    weights = roc[positions]
    for rank in set(ranks):
        tied = order == rank
        weights[tied] = weights[tied].mean()
    return weights / weights.sum()


def ahp_weights(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal-eigenvector weights and Saaty's consistency ratio of a reciprocal pairwise matrix."""
    a = np.asarray(matrix, dtype=float)
    n = a.shape[0]
    if n not in RANDOM_INDEX:
        raise InconsistentJudgementsError(
            f"{n} criteria: Saaty's random index is tabulated for up to {max(RANDOM_INDEX)}; "
            "group the criteria into a hierarchy of smaller matrices"
        )
    eigenvalues, eigenvectors = np.linalg.eig(a)
    k = int(np.argmax(eigenvalues.real))
    w = np.abs(eigenvectors[:, k].real)
    w = w / w.sum()
    lambda_max = float(eigenvalues[k].real)
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    return w, (ci / ri if ri else 0.0)


@dataclass(frozen=True)
class Judgement:
    """One pairwise judgement and how far it strays from what the weights imply."""

    row: int
    col: int
    given: float
    implied: float  # w_row / w_col

    @property
    def error(self) -> float:
        """|log(given / implied)|: 0 for a perfectly consistent judgement."""
        return abs(float(np.log(self.given / self.implied)))


def most_inconsistent(matrix: np.ndarray, weights: np.ndarray, top: int = 3) -> list[Judgement]:
    """The upper-triangle judgements ranked by how far they stray from the weights' ratios."""
    a = np.asarray(matrix, dtype=float)
    n = a.shape[0]
    judgements = [Judgement(i, j, a[i, j], weights[i] / weights[j]) for i in range(n) for j in range(i + 1, n)]
    return sorted(judgements, key=lambda jd: jd.error, reverse=True)[:top]


def check_pairwise(matrix: np.ndarray, names: list[str]) -> np.ndarray:
    """A square, positive, reciprocal matrix with ones on the diagonal, or a PolicyError-like message."""
    a = np.asarray(matrix, dtype=float)
    n = len(names)
    if a.shape != (n, n):
        raise InconsistentJudgementsError(f"the matrix is {a.shape}, not {n} x {n} for criteria {names}")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise InconsistentJudgementsError("every judgement must be a positive number (1/9 .. 9)")
    if not np.allclose(np.diag(a), 1.0):
        raise InconsistentJudgementsError("the diagonal must be 1 (a criterion equals itself)")
    bad = [
        (names[i], names[j])
        for i in range(n)
        for j in range(i + 1, n)
        if not np.isclose(a[i, j] * a[j, i], 1.0, rtol=1e-3)
    ]
    if bad:
        raise InconsistentJudgementsError(f"the matrix is not reciprocal for {bad[:3]}: a[j][i] must be 1 / a[i][j]")
    return a


# Saaty's fundamental scale: 1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme, 2-8 in between;
# a judgement favours the left criterion (v) or the right one (1/v).
SAATY_SCALE = (1, 2, 3, 4, 5, 6, 7, 8, 9)
JUDGEMENTS = tuple(float(v) for v in reversed(SAATY_SCALE)) + tuple(1.0 / v for v in SAATY_SCALE[1:])


def nearest_judgement(ratio: float) -> float:
    """The judgement on Saaty's scale nearest to ``ratio`` (in log terms; beyond 9 or 1/9 it is 9 or 1/9)."""
    ratio = min(max(float(ratio), 1e-12), 1e12)
    return min(JUDGEMENTS, key=lambda v: abs(np.log(v) - np.log(ratio)))


def judgements_from_weights(weights: np.ndarray) -> np.ndarray:
    """The pairwise matrix of Saaty-scale judgements nearest to the weights' ratios w_i / w_j (reciprocal).

    A criterion of weight 0 counts as 9 times less important than any weighted one; two zero weights are equal.
    """
    w = np.asarray(weights, dtype=float)
    n = w.size
    matrix = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            both_zero = w[i] <= 0 and w[j] <= 0
            value = 1.0 if both_zero else nearest_judgement(w[i] / w[j] if w[j] > 0 else np.inf)
            matrix[i, j], matrix[j, i] = value, 1.0 / value
    return matrix


def judgement_words(left: str, right: str, value: float, lang: str = "en") -> str:
    """A judgement as the editor's slider says it: 'age ×9' rather than 0.111 (the nearest slider position)."""
    near = nearest_judgement(value)
    if near == 1.0:
        return t("ahp_equal", lang)
    return f"{left} ×{near:g}" if near > 1 else f"{right} ×{1 / near:g}"


def revisit_text(error: InconsistentJudgementsError, names: list[str], lang: str = "en") -> str:
    """What to change when judgements are too inconsistent, in the slider's own words, in 'en' or 'fa'."""
    names = [embed(n, lang) for n in names]
    hints = [
        t("ahp_revisit_pair", lang).format(
            pair=embed(f"{names[j.row]} ⟷ {names[j.col]}", lang),
            given=embed(judgement_words(names[j.row], names[j.col], j.given, lang), lang),
            implied=embed(judgement_words(names[j.row], names[j.col], j.implied, lang), lang),
        )
        for j in error.judgements
    ]
    cr = error.cr if error.cr is not None else float("nan")
    return t("ahp_revisit", lang).format(cr=f"{cr:.3f}", limit=f"{CR_LIMIT:.2f}", hints="; ".join(hints))


def checked_ahp_weights(matrix: np.ndarray, names: list[str]) -> tuple[dict[str, float], float]:
    """AHP weights by criterion name; refuses CR >= 0.10 naming the judgements to revisit."""
    a = check_pairwise(matrix, names)
    w, cr = ahp_weights(a)
    if cr >= CR_LIMIT:
        worst = most_inconsistent(a, w)
        hints = "; ".join(
            f"{names[j.row]} vs {names[j.col]}: you gave {judgement_words(names[j.row], names[j.col], j.given)}, "
            f"the other judgements imply about {judgement_words(names[j.row], names[j.col], j.implied)}"
            for j in worst
        )
        raise InconsistentJudgementsError(
            f"consistency ratio {cr:.3f} is not below {CR_LIMIT}; revisit: {hints}", cr=cr, judgements=worst
        )
    return dict(zip(names, (float(x) for x in w), strict=True)), cr
