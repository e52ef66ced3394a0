"""The catalogue: every layer tells where it came from and how far to trust it."""

from __future__ import annotations

import re
import tomllib

import pyogrio
import pytest

from layers.catalogue import CATALOGUE_FILE, GEOPACKAGE, load_catalogue, parse_catalogue
from layers.errors import CatalogueError

CATALOGUE = load_catalogue()


def test_every_layer_states_source_licence_scale_accuracy_and_status() -> None:
    for spec in CATALOGUE:
        assert spec.title_en and spec.title_fa, spec.id
        assert spec.accuracy, spec.id
        if spec.status != "missing":
            assert spec.source and spec.licence and spec.scale, spec.id
        else:
            assert spec.purpose and spec.supply, f"missing layer {spec.id} must say what it is for and how to supply it"


PERSIAN_LETTER = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")  # Arabic script + پ چ ژ ک گ ی


def test_every_layer_states_its_scale_and_accuracy_in_persian_too() -> None:
    gaps = []
    for spec in CATALOGUE:
        for field, english, persian in (
            ("accuracy_fa", spec.accuracy, spec.accuracy_fa),
            ("scale_fa", spec.scale, spec.scale_fa),
        ):
            if english and not PERSIAN_LETTER.search(persian):
                gaps.append(f"layer {spec.id}: {field} (for {english[:40]!r}...)")
    assert not gaps, "no Persian text for:\n" + "\n".join(gaps)


def test_persian_scale_and_accuracy_are_read_and_english_is_the_fallback() -> None:
    towns = CATALOGUE["towns"]
    assert towns.accuracy_in("fa") == towns.accuracy_fa and towns.accuracy_in("en") == towns.accuracy
    assert towns.scale_in("fa") == "نقطه‌ای" and towns.scale_in("en") == "points"
    doc = _doc()
    del doc["layer"][0]["accuracy_fa"], doc["layer"][0]["scale_fa"]
    province = parse_catalogue(doc)["province"]
    assert province.accuracy_in("fa") == province.accuracy and province.scale_in("fa") == province.scale


def test_a_planners_own_layer_does_not_keep_the_bundled_layers_persian_accuracy() -> None:
    own = CATALOGUE.with_supplied(frozenset({"towns"}))["towns"]
    assert own.accuracy_in("en") == "as supplied by the planner"
    assert own.accuracy_in("fa") == "همان‌گونه که برنامه‌ریز داده است"


def test_bundled_geopackage_holds_exactly_the_bundled_layers() -> None:
    stored = {str(name) for name in pyogrio.list_layers(GEOPACKAGE)[:, 0]}
    assert stored == {s.id for s in CATALOGUE if s.bundled}


def test_the_layers_the_issue_names_as_unavailable_are_catalogued_as_missing() -> None:
    for layer_id in ("roads", "dem", "forest", "farmland", "villages"):
        assert CATALOGUE[layer_id].status == "missing"


def test_constraint_gaps_list_missing_classes_first_and_drop_supplied_ones() -> None:
    gaps = CATALOGUE.constraint_gaps()
    states = {g.constraint_class: g.state for g in gaps}
    assert states["forest"] == "missing"
    assert states["farmland"] == "missing"
    assert states["settlements"] == "partial"  # towns bundled, villages missing
    assert [g.state for g in gaps] == sorted((g.state for g in gaps), key=lambda s: s != "missing")
    supplied = {g.constraint_class for g in CATALOGUE.constraint_gaps(frozenset({"forest", "villages"}))}
    assert "forest" not in supplied and "settlements" not in supplied
    assert "farmland" in supplied


def _doc() -> dict:
    with CATALOGUE_FILE.open("rb") as f:
        return tomllib.load(f)


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda d: d["layer"][0].update(colour="red"), ["province", "unknown catalogue key(s) ['colour']"]),
        (lambda d: d["layer"][0].pop("licence"), ["province", "lacks ['licence']"]),
        (lambda d: d["layer"][0].update(status="guessed"), ["status 'guessed' is not allowed"]),
        (lambda d: d["layer"][1].update(id="province"), ["duplicate layer id(s) ['province']"]),
        (lambda d: d["layer"][0]["columns"].update(name_en="text"), ["column types {'name_en': 'text'}"]),
        (lambda d: d.update(extra=1), ["unknown key(s) ['extra']"]),
        (
            lambda d: d["layer"][0].update(accuracy_farsi="دقت"),
            ["province", "unknown catalogue key(s) ['accuracy_farsi']"],
        ),
    ],
)
def test_malformed_catalogue_names_the_layer_and_key(mutate, words: list[str]) -> None:
    doc = _doc()
    mutate(doc)
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(doc)
    for word in words:
        assert word in str(caught.value)


def test_unknown_layer_id_lists_the_known_ones() -> None:
    with pytest.raises(CatalogueError, match="use one of: province, provinces"):
        CATALOGUE["roadz"]
