"""The Policy page's editing widgets: a criterion's transformation with its live curve, and the forms that add
a slope limit, a distance rule or a distance criterion. They only collect what the planner typed; the tables
are built and checked in spatial.policy when the copy is saved."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import pandas as pd
import streamlit as st

from spatial.criteria import standardisation_curve
from spatial.data import Catalogue
from spatial.errors import PolicyError
from spatial.i18n import embed, listing, other_language, t
from spatial.policy import (
    DIRECTIONS,
    FUNCTIONS,
    Criterion,
    Profile,
    distance_layers,
    format_control_points,
    typed_standardise,
)

Transformation = tuple[str, str, str]  # function, direction, control points as typed
# Control points read 'a, b' left to right on a Persian page too, as the curve's axis does.
CONTROL_POINTS_LTR = """<style>
div[class*="st-key-"][class*="-control"] input {direction: ltr; text-align: left;}
</style>"""


def _unit(measure: str, lang: str) -> str:
    return t(f"unit_{measure}", lang)


def _function_and_direction(key: str, lang: str, *, function: str, direction: str) -> tuple[str, str]:
    left, right = st.columns(2)
    chosen_function = left.selectbox(
        t("pe_function", lang),
        FUNCTIONS,
        index=FUNCTIONS.index(function),
        format_func=lambda f: t(f"fn_{f}", lang),
        key=f"{key}-function",
    )
    chosen_direction = right.selectbox(
        t("pe_direction", lang),
        DIRECTIONS,
        index=DIRECTIONS.index(direction),
        format_func=lambda d: t(f"fn_{d}", lang),
        key=f"{key}-direction",
    )
    return str(chosen_function), str(chosen_direction)


def curve(transformation: Transformation, *, measure: str, field: str, profile: str, lang: str) -> None:
    """The curve of the transformation as edited (not as saved), or why it cannot be drawn."""
    try:
        spec = typed_standardise(*transformation, key=field, profile=profile)
    except PolicyError as err:
        st.warning(t("pe_no_curve", lang).format(error=embed(err.problem, lang)))
        return
    raw, value = standardisation_curve(spec, measure=measure)
    x_label = t("pe_raw_value", lang).format(unit=_unit(measure, lang))
    y_label = t("col_standardised", lang)
    st.line_chart(pd.DataFrame({y_label: value}, index=raw), height=200, x_label=x_label, y_label=y_label)


def transformation_editor(criterion: Criterion, *, key: str, profile: str, lang: str) -> Transformation:
    """Function, direction and control points of one criterion, with the curve of the edited values."""
    spec = criterion.standardise
    with st.expander(f"{criterion.title(lang)} ({embed(criterion.id, lang)})"):
        inputs, plot = st.columns([1, 1.2])
        with inputs:
            function, direction = _function_and_direction(key, lang, function=spec.function, direction=spec.direction)
            control = st.text_input(
                t("pe_control", lang).format(unit=_unit(criterion.measure, lang)),
                value=format_control_points(spec.control),
                help=t("pe_control_help", lang),
                key=f"{key}-control",
            )
        with plot:
            field = f"criterion.{criterion.id}.standardise"
            curve((function, direction, control), measure=criterion.measure, field=field, profile=profile, lang=lang)
    return function, direction, control


def _title_and_basis(
    key: str, lang: str, *, title: tuple[str, str] = ("", ""), placeholder: tuple[str, str] = ("", "")
) -> dict[str, str]:
    """Title and basis typed in the page's language, and optionally in the other one (``title`` and
    ``placeholder``: in the page's language, then in the other)."""
    typed = st.text_input(
        t("pe_title", lang),
        value=title[0],
        placeholder=placeholder[0],
        help=t("pe_title_help", lang),
        key=f"{key}-title",
    )
    basis = st.text_area(t("pe_basis", lang), help=t("pe_basis_help", lang), height=80, key=f"{key}-basis")
    other = other_language(lang)
    with st.expander(t(f"pe_in_{other}", lang)):
        typed_other = st.text_input(
            t("pe_title", lang), value=title[1], placeholder=placeholder[1], key=f"{key}-title-{other}"
        )
        basis_other = st.text_area(t("pe_basis_other", lang), height=80, key=f"{key}-basis-{other}")
    return {
        "title": typed.strip() or placeholder[0],
        "basis": basis,
        "title_other": typed_other.strip() or placeholder[1],
        "basis_other": basis_other,
    }


def _in_both(text: Callable[[str], str], lang: str) -> tuple[str, str]:
    """``text(language)`` in the page's language and in the other one."""
    return text(lang), text(other_language(lang))


def slope_rule_form(profile: Profile, *, has_dem: bool, key: str, lang: str) -> dict[str, Any] | None:
    """The inputs of a new slope limit (title, limit in %, basis), or None when none is added."""
    if not has_dem:
        st.caption(t("pe_slope_needs_dem", lang))
        return None
    limits = [f"{r.slope_above_percent:g} %" for r in profile.constraints if r.slope_above_percent is not None]
    if limits:
        st.caption(t("pe_slope_existing", lang).format(limits=embed(listing(limits, lang), lang)))
    if not st.checkbox(t("pe_add_slope", lang), key=f"{key}-add"):
        return None
    limit = st.number_input(t("pe_slope_limit", lang), min_value=0.0, value=15.0, step=1.0, key=f"{key}-limit")
    return {
        "limit_percent": float(limit),
        **_title_and_basis(key, lang, title=_in_both(lambda code: t("pe_slope_title", code), lang)),
    }


def layer_label(catalogue: Catalogue, own: Collection[str], lang: str) -> Callable[[str], str]:
    """How a layer is named in the pickers: its title, and whether it is the planner's own or missing."""

    def label(layer_id: str) -> str:
        spec = catalogue[layer_id]
        status = "status_supplied" if layer_id in own else ("status_missing" if spec.status == "missing" else "")
        return f"{spec.title(lang)} ({embed(layer_id, lang)})" + (f" · {t(status, lang)}" if status else "")

    return label


def distance_rule_form(
    profile: Profile, catalogue: Catalogue, own: Collection[str], *, key: str, lang: str
) -> dict[str, Any] | None:
    """The inputs of a new distance rule (layers, a distance per pollution group, title, basis), or None."""
    if not st.checkbox(t("pe_add_rule", lang), key=f"{key}-add"):
        return None
    label = layer_label(catalogue, own, lang)
    layers = st.multiselect(
        t("pe_rule_layers", lang),
        distance_layers(catalogue),
        format_func=label,
        placeholder=t("pe_choose_layers", lang),
        key=f"{key}-layers",
    )
    columns = st.columns(len(profile.groups))
    buffers = {
        group: float(
            column.number_input(
                t("pe_buffer", lang).format(group=t(f"group_{group}", lang)),
                min_value=0.0,
                value=0.0,
                step=50.0,
                key=f"{key}-buffer-{group}",
            )
        )
        for group, column in zip(profile.groups, columns, strict=True)
    }
    placeholder = _in_both(
        lambda code: t("pe_rule_title", code).format(layers=listing([catalogue[i].title(code) for i in layers], code)),
        lang,
    )
    texts = _title_and_basis(key, lang, placeholder=placeholder if layers else ("", ""))
    return {"layers": layers, "buffer_m": buffers, **texts}


def distance_criterion_form(
    catalogue: Catalogue, own: Collection[str], *, key: str, profile: str, lang: str
) -> dict[str, Any] | None:
    """The inputs of a new distance criterion (layer, transformation, weight, title, basis), or None."""
    if not st.checkbox(t("pe_add_criterion", lang), key=f"{key}-add"):
        return None
    choices = distance_layers(catalogue)
    layer = str(
        st.selectbox(
            t("pe_criterion_layer", lang),
            choices,
            index=choices.index("roads") if "roads" in choices else 0,
            format_func=layer_label(catalogue, own, lang),
            key=f"{key}-layer",
        )
    )
    inputs, plot = st.columns([1, 1.2])
    with inputs:
        function, direction = _function_and_direction(key, lang, function="linear", direction="decreasing")
        control = st.text_input(
            t("pe_control", lang).format(unit=_unit("distance", lang)),
            value="250, 10000",
            help=t("pe_control_help", lang),
            key=f"{key}-control",
        )
        weight = st.number_input(
            t("col_weight", lang), min_value=0.0, max_value=1.0, value=0.1, step=0.05, key=f"{key}-weight"
        )
        rescale = st.checkbox(t("pe_rescale", lang), value=True, key=f"{key}-rescale")
    with plot:
        field = "criterion.new.standardise"
        curve((function, direction, control), measure="distance", field=field, profile=profile, lang=lang)
    placeholder = _in_both(lambda code: t("pe_criterion_title", code).format(layer=catalogue[layer].title(code)), lang)
    texts = _title_and_basis(key, lang, placeholder=placeholder)
    return {
        **texts,
        "layer": layer,
        "function": function,
        "direction": direction,
        "control": control,
        "weight": float(weight),
        "rescale_others": rescale,
    }
