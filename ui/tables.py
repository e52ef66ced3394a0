"""Tables as a planner reads them: translated headers and values, '-' in empty cells, right to left in Persian."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from spatial.i18n import LABELS, t
from spatial.policy import ConstraintRule

EMPTY = "-"


def column_label(name: str, lang: str, rules: tuple[ConstraintRule, ...] = ()) -> str:
    """The header of a raw column (``land_ha`` -> 'Land (ha)'), with per-rule columns named by their rule."""
    for prefix in ("col_", "field_"):
        if f"{prefix}{name}" in LABELS:
            return t(f"{prefix}{name}", lang)
    for rule in rules:
        for pattern, key in (
            (f"excluded_by_{rule.id}_ha", "col_excluded_by_rule"),
            (f"only_{rule.id}_ha", "col_only_rule"),
        ):
            if name == pattern:
                return t(key, lang).format(rule=rule.title(lang))
    return name


def labelled(frame: pd.DataFrame, lang: str, rules: tuple[ConstraintRule, ...] = ()) -> pd.DataFrame:
    """``frame`` with its raw column names as headers in words (see column_label)."""
    return frame.rename(columns=lambda c: column_label(str(c), lang, rules))


def value_label(value: object, lang: str, kind: str) -> object:
    """A known text value in the page's language (``kind`` names the table of values: 'item', 'type', ...)."""
    key = f"value_{kind}_{str(value).replace(' ', '_').replace('(', '').replace(')', '')}"
    return t(key, lang) if isinstance(value, str) and key in LABELS else value


def county_label(name: object, lang: str, persian: Mapping[str, str]) -> object:
    """A county's name in Persian on a Persian page (from the counties layer's name_fa), else as given."""
    if lang == "fa" and isinstance(name, str):
        return persian.get(name) or name
    return name


def _decimals(values: pd.Series) -> int:
    """How many decimals (0 to 3) the column's values need."""
    finite = [float(v) for v in values if v is not None and not pd.isna(v) and math.isfinite(float(v))]
    for places in range(4):
        if all(abs(v - round(v, places)) < 1e-9 for v in finite):
            return places
    return 3


def readable(frame: pd.DataFrame, lang: str, *, thousands: bool = True) -> Styler:
    """``frame`` with '-' for every empty cell (never 'None' or 'nan') and numbers with their own decimals."""
    shown = frame.copy()
    formats: dict[Any, Any] = {}
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_bool_dtype(values):
            shown[column] = values.map(lambda v: EMPTY if pd.isna(v) else t("yes" if v else "no", lang))
        elif pd.api.types.is_numeric_dtype(values):
            pattern = ("{:,.%df}" if thousands else "{:.%df}") % _decimals(values)
            if values.isna().any():  # the grid shows an empty number as 'None' whatever the styler says: text
                shown[column] = values.map(lambda v, p=pattern: EMPTY if pd.isna(v) else p.format(v))
            else:
                formats[column] = pattern
        else:
            shown[column] = values.map(
                lambda v: EMPTY if v is None or (not isinstance(v, str) and pd.isna(v)) or v == "" else v
            )
    return shown.style.format(formats, na_rep=EMPTY)


def table(frame: pd.DataFrame, lang: str, *, thousands: bool = True, **options: Any) -> Any:
    """``st.dataframe`` of a readable ``frame`` (see ``readable``), without the index unless asked."""
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    return st.dataframe(readable(frame, lang, thousands=thousands), **options)
