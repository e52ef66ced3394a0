"""The weights editor: sliders, ranks (rank order centroid) or an AHP pairwise editor with live CR."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st

from spatial.errors import InconsistentJudgementsError
from spatial.i18n import embed, listing, t
from spatial.policy import Criterion
from spatial.weights import (
    JUDGEMENTS,
    ahp_weights,
    checked_ahp_weights,
    judgement_words,
    judgements_from_weights,
    rank_order_centroid,
    revisit_text,
)
from ui.common import widget_key

MODES = ("sliders", "ranks", "ahp")


def weights_editor(
    criteria: tuple[Criterion, ...], *, key: str, lang: str, start: dict[str, float] | None = None
) -> dict[str, float]:
    """The weights in use for ``criteria``, as the planner sets them, opened at ``start`` (else the profile's).

    While the weights cannot be used (AHP judgements too inconsistent, every weight 0) the last usable ones
    stay in use, and the editor says so and shows them.
    """
    start = start or {}
    criteria = tuple(replace(c, weight=float(start.get(c.id, c.weight))) for c in criteria)
    ids = [c.id for c in criteria]
    titles = [c.title(lang) for c in criteria]
    in_use_key = f"_{key}_in_use"
    last = st.session_state.get(in_use_key)
    fallback = last if last is not None and list(last) == ids else {c.id: c.weight for c in criteria}
    mode = st.radio(
        t("weights_mode", lang),
        MODES,
        horizontal=True,
        key=widget_key(f"{key}_mode", lang),
        format_func=lambda m: t(f"mode_{m}", lang),
    )
    if mode != "ahp":
        st.session_state.pop(f"_{key}_ahp_start", None)
    weights: list[float] | None
    if mode == "sliders":
        raw = [
            st.slider(title, 0, 100, round(c.weight * 100), key=f"{key}_w_{c.id}")
            for c, title in zip(criteria, titles, strict=True)
        ]
        total = sum(raw)
        weights = [r / total for r in raw] if total else None
        if not total:
            st.error(t("weights_all_zero", lang))
    elif mode == "ranks":
        order = sorted(range(len(criteria)), key=lambda i: -criteria[i].weight)
        default_rank = {i: r + 1 for r, i in enumerate(order)}
        ranks = [
            int(st.number_input(title, 1, len(criteria), default_rank[i], key=f"{key}_r_{criteria[i].id}"))
            for i, title in enumerate(titles)
        ]
        weights = list(rank_order_centroid(ranks))
    else:
        weights = _ahp_editor(criteria, titles, key=key, lang=lang)
    if weights is None:
        st.info(t("weights_kept", lang))
        used = dict(fallback)
    else:
        used = dict(zip(ids, (float(w) for w in weights), strict=True))
        st.session_state[in_use_key] = used
    shown = listing((f"{embed(n, lang)} {used[i]:.2f}" for i, n in zip(ids, titles, strict=True)), lang)
    st.caption(f"{t('weights_used', lang)}: {shown}")
    return used


def _ahp_editor(criteria: tuple[Criterion, ...], titles: list[str], *, key: str, lang: str) -> list[float] | None:
    """Pairwise judgements opened at the Saaty-scale ratios nearest to the weights; their weights, or None."""
    n = len(criteria)
    ids = [c.id for c in criteria]
    start_key = f"_{key}_ahp_start"
    if st.session_state.get(start_key, (None,))[0] != ids:
        current = np.array([c.weight for c in criteria])
        st.session_state[start_key] = (ids, judgements_from_weights(current), list(current / current.sum()))
    _, opening, opening_weights = st.session_state[start_key]
    matrix = np.ones((n, n))
    st.caption(t("ahp_help", lang))
    for i in range(n):
        for j in range(i + 1, n):
            value = st.select_slider(
                f"{titles[i]}  ⟷  {titles[j]}",
                options=list(JUDGEMENTS),
                value=float(opening[i, j]),
                format_func=lambda v, a=titles[i], b=titles[j]: embed(
                    judgement_words(embed(a, lang), embed(b, lang), v, lang), lang
                ),
                key=widget_key(f"{key}_ahp_{criteria[i].id}_{criteria[j].id}", lang),
            )
            matrix[i, j], matrix[j, i] = value, 1 / value
    _, cr = ahp_weights(matrix)
    st.metric(t("ahp_cr", lang), f"{cr:.3f}", help=t("ahp_cr_help", lang))
    if np.allclose(matrix, opening):
        st.caption(t("ahp_start", lang))
        return [float(w) for w in opening_weights]  # untouched: switching to AHP does not change the ranking
    try:
        weights, _ = checked_ahp_weights(matrix, titles)
    except InconsistentJudgementsError as err:
        st.error(f"{t('ahp_inconsistent', lang)} {revisit_text(err, titles, lang)}")
        return None
    return list(weights.values())
