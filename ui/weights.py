"""The weights editor: sliders, ranks (rank order centroid) or an AHP pairwise editor with live CR."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st

from spatial.errors import InconsistentJudgementsError
from spatial.i18n import t
from spatial.policy import Criterion
from spatial.weights import ahp_weights, checked_ahp_weights, rank_order_centroid

SAATY = (9, 7, 5, 3, 1)
MODES = ("sliders", "ranks", "ahp")


def _saaty_options() -> list[float]:
    """Judgement values from 'left 9x more important' to 'right 9x more important'."""
    return [float(v) for v in SAATY] + [1 / v for v in reversed(SAATY[:-1])]


def _nearest_judgement(ratio: float) -> float:
    options = _saaty_options()
    return min(options, key=lambda v: abs(np.log(v) - np.log(ratio)))


def weights_editor(
    criteria: tuple[Criterion, ...], *, key: str, lang: str, start: dict[str, float] | None = None
) -> dict[str, float] | None:
    """Weights for ``criteria`` as the planner sets them, opened at ``start`` (else the profile's weights);
    None while an AHP matrix is too inconsistent."""
    start = start or {}
    criteria = tuple(replace(c, weight=float(start.get(c.id, c.weight))) for c in criteria)
    mode = st.radio(
        t("weights_mode", lang), MODES, horizontal=True, key=f"{key}_mode", format_func=lambda m: t(f"mode_{m}", lang)
    )
    ids = [c.id for c in criteria]
    titles = [c.title(lang) for c in criteria]
    if mode == "sliders":
        raw = [
            st.slider(title, 0, 100, round(c.weight * 100), key=f"{key}_w_{c.id}")
            for c, title in zip(criteria, titles, strict=True)
        ]
        total = sum(raw)
        if total == 0:
            st.error(t("weights_all_zero", lang))
            return None
        weights = [r / total for r in raw]
    elif mode == "ranks":
        order = sorted(range(len(criteria)), key=lambda i: -criteria[i].weight)
        default_rank = {i: r + 1 for r, i in enumerate(order)}
        ranks = [
            int(st.number_input(title, 1, len(criteria), default_rank[i], key=f"{key}_r_{criteria[i].id}"))
            for i, title in enumerate(titles)
        ]
        weights = list(rank_order_centroid(ranks))
    else:
        weights_or_none = _ahp_editor(criteria, titles, key=key, lang=lang)
        if weights_or_none is None:
            return None
        weights = weights_or_none
    st.caption(t("weights_used", lang) + ": " + ", ".join(f"{n} {w:.2f}" for n, w in zip(titles, weights, strict=True)))
    return dict(zip(ids, (float(w) for w in weights), strict=True))


def _ahp_editor(criteria: tuple[Criterion, ...], titles: list[str], *, key: str, lang: str) -> list[float] | None:
    n = len(criteria)
    matrix = np.ones((n, n))
    options = _saaty_options()
    st.caption(t("ahp_help", lang))
    for i in range(n):
        for j in range(i + 1, n):
            prior = max(criteria[i].weight, 1e-3) / max(criteria[j].weight, 1e-3)
            value = st.select_slider(
                f"{titles[i]}  ⟷  {titles[j]}",
                options=options,
                value=_nearest_judgement(prior),
                format_func=lambda v, a=titles[i], b=titles[j]: (
                    f"{a} ×{v:g}" if v > 1 else (f"{b} ×{1 / v:g}" if v < 1 else t("ahp_equal", lang))
                ),
                key=f"{key}_ahp_{criteria[i].id}_{criteria[j].id}",
            )
            matrix[i, j], matrix[j, i] = value, 1 / value
    _, cr = ahp_weights(matrix)
    st.metric(t("ahp_cr", lang), f"{cr:.3f}", help=t("ahp_cr_help", lang))
    try:
        weights, _ = checked_ahp_weights(matrix, titles)
    except InconsistentJudgementsError as err:
        st.error(f"{t('ahp_inconsistent', lang)} {err}")
        return None
    return list(weights.values())
