"""Persian parity: every text of the policy profiles and the layer catalogue a planner reads exists in Persian."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import fields
from html import unescape
from typing import Any

import pytest

from layers.catalogue import Catalogue, load_catalogue, parse_catalogue
from layers.io import POLICY_DIR, load_all_bundled, read_policy_document, read_policy_file
from spatial.errors import PolicyError
from spatial.i18n import FSI, PDI
from spatial.layer_summary import how_to_supply, summarise_catalogue
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


LAYER_TWINS = {"purpose": "purpose_fa", "supply": "supply_fa"}  # catalogue English text -> Persian twin


def _catalogue_gaps(catalogue: Catalogue) -> list[str]:
    """'layer id: field' for each purpose or supply text whose Persian twin is absent or not written in Persian."""
    return [
        f"layer {spec.id}: {persian} (for {english} = {getattr(spec, english)[:40]!r}...)"
        for spec in catalogue
        for english, persian in LAYER_TWINS.items()
        if getattr(spec, english) and not PERSIAN_LETTER.search(getattr(spec, persian))
    ]


def test_every_layers_purpose_and_supply_text_has_persian_text() -> None:
    gaps = _catalogue_gaps(load_catalogue())
    assert not gaps, "no Persian text for:\n" + "\n".join(gaps)


def _tiny_catalogue(**texts: str) -> dict[str, Any]:
    layer = {
        "id": "wells",
        "title_en": "Deep wells",
        "title_fa": "چاه‌های عمیق",
        "kind": "constraint",
        "geometry": "Point",
        "source": "none bundled",
        "licence": "",
        "scale": "",
        "accuracy": "Not available offline.",
        "status": "missing",
        "purpose": "DOE setback from deep wells (100 m).",
        "supply": "Upload deep-well points from the regional water company.",
        **texts,
    }
    return {"layer": [layer]}


def test_a_layer_without_persian_purpose_or_supply_is_named_with_its_field() -> None:
    gaps = _catalogue_gaps(parse_catalogue(_tiny_catalogue(purpose_fa="حریم سازمان حفاظت محیط زیست از چاه عمیق")))
    assert len(gaps) == 1 and gaps[0].startswith("layer wells: supply_fa")
    english_twin = parse_catalogue(_tiny_catalogue(purpose_fa="DOE setback", supply_fa="Upload points"))
    named = [g.split(" (")[0] for g in _catalogue_gaps(english_twin)]
    assert named == ["layer wells: purpose_fa", "layer wells: supply_fa"]


def test_persian_purpose_and_supply_are_read_and_english_is_the_fallback() -> None:
    wells = parse_catalogue(_tiny_catalogue())["wells"]
    assert wells.supply_in("fa") == wells.supply_in("en") == "Upload deep-well points from the regional water company."
    assert wells.purpose_in("fa") == wells.purpose_in("en") == "DOE setback from deep wells (100 m)."
    persian = parse_catalogue(_tiny_catalogue(supply_fa="نقطه‌های چاه را بارگذاری کنید.", purpose_fa="حریم ۱۰۰ متری"))
    assert persian["wells"].supply_in("fa") == "نقطه‌های چاه را بارگذاری کنید."
    assert persian["wells"].purpose_in("fa") == "حریم ۱۰۰ متری"
    assert persian["wells"].supply_in("en") == "Upload deep-well points from the regional water company."


def test_the_how_to_supply_column_reads_in_persian_with_its_latin_isolated() -> None:
    catalogue = load_catalogue()
    for gap in catalogue.constraint_gaps():
        persian, english = how_to_supply(gap, "fa"), how_to_supply(gap, "en")
        assert english == " ".join(s.supply for s in gap.layers if s.supply), gap.constraint_class
        if english:
            assert persian.startswith(FSI) and persian.endswith(PDI), gap.constraint_class
            assert PERSIAN_LETTER.search(persian) and not any(s.supply in persian for s in gap.layers if s.supply)
        else:
            assert persian == ""
    roads = next(g for g in catalogue.constraint_gaps() if g.constraint_class == "roads")
    assert "road_class" in how_to_supply(roads, "fa") and "highway، transit" in how_to_supply(roads, "fa")


def test_every_constraint_class_of_the_catalogue_has_a_persian_name() -> None:
    from spatial.data import load_catalogue
    from spatial.i18n import LABELS, class_title

    classes = {spec.constraint_class for spec in load_catalogue() if spec.constraint_class}
    missing = sorted(c for c in classes if class_title(c, "fa") == c)
    assert not missing, f"constraint classes with no Persian name (add class_... to spatial/i18n.py): {missing}"
    assert class_title("rivers and qanats", "fa") == "رودخانه‌ها و قنات‌ها"
    assert class_title("rivers and qanats", "en") == "rivers and qanats"
    assert class_title("a class of the planner's", "fa") == "a class of the planner's"
    assert "class_rivers_and_qanats" in LABELS
