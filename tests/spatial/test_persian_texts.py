"""Persian parity: every text of the policy profiles and the layer catalogue a planner reads exists in Persian."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import fields
from html import unescape
from typing import Any

import pytest

from layers.catalogue import load_catalogue
from layers.io import POLICY_DIR, load_all_bundled, read_policy_document, read_policy_file
from spatial.errors import PolicyError
from spatial.layer_summary import summarise_catalogue
from spatial.model import build_model
from spatial.pipeline import resolve_scenario, run_scenario
from spatial.policy import load_profile, parse_profile
from spatial.report import report_html

BUNDLED = sorted(p.stem for p in POLICY_DIR.glob("*.toml"))
TWINS = {"basis": "basis_fa", "title_en": "title_fa", "purpose_en": "purpose_fa"}  # English text -> Persian twin
PERSIAN_LETTER = re.compile(
    "[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]"
)  # Arabic script letters + پ چ ژ ک گ ی
DOC = read_policy_document("gilan-industrial")


def _tables(doc: dict[str, Any], where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every table of a profile document with its dotted name; [[constraint]] entries named by their id."""
    for key, value in doc.items():
        if isinstance(value, dict):
            name = f"{where}{key}"
            yield name, value
            yield from _tables(value, f"{name}.")
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for i, entry in enumerate(value):
                yield from _tables({f"{key}.{entry.get('id', i)}": entry}, where)


def _missing_persian(doc: dict[str, Any], profile: str) -> list[str]:
    """'profile: table.field' for each English text whose Persian twin is absent or not written in Persian."""
    gaps = []
    for table_name, table in _tables(doc):
        for english, persian in TWINS.items():
            if english not in table or not isinstance(table[english], str):
                continue
            text = table.get(persian)
            if not isinstance(text, str) or not PERSIAN_LETTER.search(text):
                gaps.append(f"{profile}: [{table_name}] {persian} (for {english} = {table[english][:40]!r}...)")
    return gaps


@pytest.mark.parametrize("name", BUNDLED)
def test_every_text_of_every_bundled_profile_has_persian_text(name: str) -> None:
    gaps = _missing_persian(read_policy_document(name), name)
    assert not gaps, "no Persian text for:\n" + "\n".join(gaps)


@pytest.mark.parametrize("name", BUNDLED)
def test_a_profile_that_rewrites_an_english_text_also_rewrites_its_persian_one(name: str) -> None:
    # A table laid over its base keeps the base's basis_fa: an English basis rewritten alone would be shown
    # in Persian as the base profile's text, which says something else.
    gaps = _missing_persian(read_policy_file(POLICY_DIR / f"{name}.toml"), name)
    assert not gaps, "English text rewritten without its Persian twin:\n" + "\n".join(gaps)


def _bilingual(profile: Any) -> Iterator[tuple[str, Any]]:
    """The profile and every typed part of it that carries a basis."""
    yield "profile", profile
    for field in fields(profile):
        value = getattr(profile, field.name)
        for i, item in enumerate(value if isinstance(value, tuple) else (value,)):
            if hasattr(item, "basis_in"):
                yield f"{field.name}.{getattr(item, 'id', i)}", item


@pytest.mark.parametrize("name", BUNDLED)
def test_every_typed_basis_of_every_bundled_profile_reads_in_persian(name: str) -> None:
    profile = load_profile(name)
    english_only = []
    for part, item in _bilingual(profile):
        if not PERSIAN_LETTER.search(item.basis_in("fa")):
            english_only.append(f"{part} basis")
        if hasattr(item, "title") and not PERSIAN_LETTER.search(item.title("fa")):
            english_only.append(f"{part} title")
    if not PERSIAN_LETTER.search(profile.purpose("fa")):
        english_only.append("profile purpose")
    assert not english_only, f"{name}: shown in English on a Persian page: {english_only}"
    assert {part.split(".")[0] for part, _ in _bilingual(profile)} >= {
        "profile",
        "constraints",
        "criteria",
        "aggregation",
        "sites",
        "rural",
        "budget",
        "inventory",
        "analysis_basis",
    }


SECTIONS = [
    ("sites", lambda p: p.sites),
    ("aggregation", lambda p: p.aggregation),
    ("budget", lambda p: p.budget),
    ("inventory", lambda p: p.inventory),
    ("relocation", lambda p: p.relocation),
    ("solar", lambda p: p.solar),
    ("amayesh.rural", lambda p: p.rural),
    ("analysis", lambda p: p.analysis_basis),
]


def _section(doc: dict[str, Any], dotted: str) -> dict[str, Any]:
    table = doc
    for part in dotted.split("."):
        table = table[part]
    return table


@pytest.mark.parametrize(("section", "typed"), SECTIONS, ids=[s for s, _ in SECTIONS])
def test_a_section_keeps_its_persian_basis_and_falls_back_to_english_without_one(section: str, typed) -> None:
    doc = copy.deepcopy(DOC)
    table = _section(doc, section)
    table["basis"], table["basis_fa"] = "Planner's setting (test)", "تنظیم برنامه‌ریز (آزمایشی)"
    part = typed(parse_profile(doc, name="test"))
    assert part.basis_in("fa") == "تنظیم برنامه‌ریز (آزمایشی)"
    assert part.basis_in("en") == "Planner's setting (test)"
    del table["basis_fa"]
    assert typed(parse_profile(doc, name="test")).basis_in("fa") == "Planner's setting (test)"


@pytest.mark.parametrize(("section", "typed"), SECTIONS, ids=[s for s, _ in SECTIONS])
def test_a_section_still_refuses_an_unknown_key_next_to_its_persian_basis(section: str, typed) -> None:
    doc = copy.deepcopy(DOC)
    _section(doc, section)["basis_farsi"] = "متن"
    with pytest.raises(PolicyError) as caught:
        parse_profile(doc, name="test")
    assert caught.value.key == f"{section}.basis_farsi"
    assert "unknown key" in str(caught.value) and "basis_fa" in str(caught.value)  # the fix names the right key


def test_a_persian_basis_must_be_text() -> None:
    doc = copy.deepcopy(DOC)
    doc["sites"]["basis_fa"] = 3
    with pytest.raises(PolicyError) as caught:
        parse_profile(doc, name="test")
    assert caught.value.key == "sites.basis_fa" and "must be str" in str(caught.value)


def test_the_layer_table_of_persian_pages_and_reports_reads_in_persian() -> None:
    rows = summarise_catalogue(load_catalogue(), {}, {"towns": "my_towns.gpkg"})
    english_only = [
        f"{r.id} {what}"
        for r in rows
        for what, text in (("accuracy", r.accuracy_in("fa")), ("scale", r.scale_in("fa")))
        if text != "-" and not PERSIAN_LETTER.search(text)
    ]
    assert not english_only, f"shown in English on a Persian page: {english_only}"
    own = next(r for r in rows if r.id == "towns")
    assert own.accuracy_in("en") == "as supplied by the planner; validated on loading"
    assert "بررسی" in own.accuracy_in("fa")  # the planner's file, not the bundled towns' accuracy


def test_the_persian_report_gives_each_layers_accuracy_in_persian() -> None:
    catalogue = load_catalogue()
    layers = load_all_bundled(catalogue)
    profile = load_profile("gilan-industrial")
    model = build_model(layers, profile, group="d")
    result = run_scenario(model, resolve_scenario(profile, group="d"))
    persian = unescape(report_html(model, result, layers, catalogue, lang="fa", top=1))
    english = unescape(report_html(model, result, layers, catalogue, lang="en", top=1))
    for spec in catalogue:
        assert spec.accuracy_fa in persian and spec.accuracy not in persian, spec.id
        assert spec.accuracy in english, spec.id
