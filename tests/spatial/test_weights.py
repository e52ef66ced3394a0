"""Weights: Saaty's AHP on published examples, rank order centroid by hand, inconsistency reporting."""

from __future__ import annotations

import numpy as np
import pytest

from spatial.errors import InconsistentJudgementsError
from spatial.weights import (
    ahp_weights,
    checked_ahp_weights,
    judgement_words,
    judgements_from_weights,
    nearest_judgement,
    rank_order_centroid,
)

# Wikipedia, "Analytic hierarchy process - leader example": Experience, Education, Charisma, Age.
LEADER = np.array([[1, 4, 3, 7], [1 / 4, 1, 1 / 3, 3], [1 / 3, 3, 1, 5], [1 / 7, 1 / 3, 1 / 5, 1]])


def test_leader_example_weights_and_consistency() -> None:
    w, cr = ahp_weights(LEADER)
    np.testing.assert_allclose(w, [0.547, 0.127, 0.270, 0.056], atol=0.001)
    assert cr == pytest.approx(0.044, abs=0.001)


def test_a_perfectly_consistent_matrix_returns_its_weights_and_cr_zero() -> None:
    truth = np.array([0.5, 0.3, 0.15, 0.05])
    w, cr = ahp_weights(truth[:, None] / truth[None, :])
    np.testing.assert_allclose(w, truth, atol=1e-12)
    assert cr == pytest.approx(0.0, abs=1e-12)


def test_inconsistent_matrix_is_refused_and_the_bad_judgement_named() -> None:
    truth = np.array([0.5, 0.3, 0.15, 0.05])
    matrix = truth[:, None] / truth[None, :]
    matrix[0, 3], matrix[3, 0] = 1 / 9, 9  # "age matters 9 times more than experience"
    names = ["experience", "education", "charisma", "age"]
    with pytest.raises(InconsistentJudgementsError) as caught:
        checked_ahp_weights(matrix, names)
    assert caught.value.cr is not None and caught.value.cr >= 0.10
    worst = caught.value.judgements[0]
    assert (worst.row, worst.col) == (0, 3)
    assert "revisit: experience vs age: you gave age ×9, the other judgements imply about" in str(caught.value)


@pytest.mark.parametrize(
    ("matrix", "words"),
    [
        (np.array([[1, 2], [2, 1]]), "not reciprocal"),
        (np.array([[1, 0], [0, 1]]), "positive"),
        (np.array([[2, 1], [1, 2]]), "diagonal"),
        (np.ones((3, 3)), "not 2 x 2"),
    ],
)
def test_malformed_matrices_are_refused(matrix: np.ndarray, words: str) -> None:
    with pytest.raises(InconsistentJudgementsError, match=words):
        checked_ahp_weights(matrix, ["a", "b"])


def test_accepted_matrix_gives_named_weights() -> None:
    weights, cr = checked_ahp_weights(LEADER, ["experience", "education", "charisma", "age"])
    assert max(weights, key=weights.__getitem__) == "experience"
    assert sum(weights.values()) == pytest.approx(1.0)
    assert cr < 0.10


def test_rank_order_centroid_by_hand() -> None:
    # n = 3: (1 + 1/2 + 1/3)/3, (1/2 + 1/3)/3, (1/3)/3
    np.testing.assert_allclose(rank_order_centroid([1, 2, 3]), [11 / 18, 5 / 18, 2 / 18])
    np.testing.assert_allclose(rank_order_centroid([3, 1, 2]), [2 / 18, 11 / 18, 5 / 18])
    tied = rank_order_centroid([1, 1, 3])
    assert tied[0] == tied[1] and tied.sum() == pytest.approx(1.0)


def test_random_index_follows_saatys_extended_table_and_refuses_beyond_it() -> None:
    from spatial.weights import RANDOM_INDEX

    assert [RANDOM_INDEX[n] for n in range(3, 16)] == [
        0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59
    ]  # fmt: skip
    truth = np.linspace(1, 2, 12)
    matrix = truth[:, None] / truth[None, :]
    matrix[0, 1], matrix[1, 0] = matrix[0, 1] * 3, matrix[1, 0] / 3  # one judgement off by 3x
    _, cr = ahp_weights(matrix)
    ci = (np.linalg.eigvals(matrix).real.max() - 12) / 11
    assert cr == pytest.approx(ci / 1.48)  # n = 12 divides by 1.48, not by the n = 10 value 1.49
    with pytest.raises(InconsistentJudgementsError, match="up to 15"):
        ahp_weights(np.ones((16, 16)))


def test_judgements_from_weights_are_the_nearest_saaty_ratios() -> None:
    # 0.6 : 0.3 : 0.1 is 2, 6 and 3 on Saaty's scale: the matrix gives the weights back, CR 0.
    matrix = judgements_from_weights(np.array([0.6, 0.3, 0.1]))
    np.testing.assert_allclose(matrix, [[1, 2, 6], [1 / 2, 1, 3], [1 / 6, 1 / 3, 1]])
    w, cr = ahp_weights(matrix)
    np.testing.assert_allclose(w, [0.6, 0.3, 0.1], atol=1e-9)
    assert cr == pytest.approx(0.0, abs=1e-9)
    # 0.25 / 0.2 = 1.25 is nearest to equal; 0.25 / 0.15 = 1.67 nearest to 2; a zero weight is 9 times less.
    assert judgements_from_weights(np.array([0.25, 0.2, 0.15, 0.0]))[0].tolist() == [1, 1, 2, 9]


def test_judgements_are_named_as_the_slider_shows_them() -> None:
    assert judgement_words("age", "charisma", 1 / 9) == "charisma ×9"
    assert judgement_words("age", "charisma", 2.3) == "age ×2"  # an implied ratio: the nearest slider position
    assert judgement_words("age", "charisma", 1.1) == "equal"
    assert judgement_words("سن", "جذبه", 1.1, "fa") == "برابر"
    assert nearest_judgement(20.0) == 9.0 and nearest_judgement(1 / 20) == pytest.approx(1 / 9)
