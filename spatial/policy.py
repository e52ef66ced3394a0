"""Typed policy profiles: every disputable number with its basis, checked key by key.

A profile (data/policy/NAME.toml) holds the constraints with their legal basis, the criteria with
their standardisation and weights, the aggregation, the site rules and the amayesh settings.
``parse_profile`` refuses an unknown key, a missing field, a negative distance or weights that do
not sum to 1, naming the key.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any, Literal

from layers.catalogue import LayerSpec, known_layer_ids
from layers.io import read_policy_document
from spatial.errors import PolicyError
from spatial.i18n import other_language

Group = str
Function = Literal["linear", "sigmoid", "j_shaped"]
Direction = Literal["increasing", "decreasing", "symmetric"]
Measure = Literal["distance", "zone", "attribute", "slope_percent", "slope_degrees"]
Method = Literal["wlc", "owa", "topsis"]
FUNCTIONS = ("linear", "sigmoid", "j_shaped")
DIRECTIONS = ("increasing", "decreasing", "symmetric")
MEASURES = ("distance", "zone", "attribute", "slope_percent", "slope_degrees")
METHODS = ("wlc", "owa", "topsis")
DEFAULT_PROFILE = "gilan-industrial"  # the profile every door opens with
# How the province's land demand is shared among counties: by 2016 population, by developable land
# (land left after the constraints) or by land area.
ALLOCATIONS = ("population", "developable_land", "land")


class _Bilingual:
    """The ``basis_in`` of every table that carries a ``basis`` and its Persian twin ``basis_fa``."""

    basis: str
    basis_fa: str

    def basis_in(self, lang: str) -> str:
        """The basis in 'en' or 'fa' (English only when no Persian text is given)."""
        return self.basis_fa if lang == "fa" and self.basis_fa else self.basis


@dataclass(frozen=True)
class Basis(_Bilingual):
    """The basis of a table that keeps no other typed setting (the [analysis] table's cell sizes live on Profile)."""

    basis: str
    basis_fa: str = ""


@dataclass(frozen=True)
class Where:
    """Keep features whose ``column`` contains one of ``any_of`` (text) or is at least ``at_least``."""

    column: str
    any_of: tuple[str, ...] = ()
    at_least: float | None = None

    def describe(self) -> str:
        """The filter in words."""
        if self.at_least is not None:
            return f"{self.column} >= {self.at_least:,.0f}"
        return f"{self.column} contains {' or '.join(self.any_of)}"


@dataclass(frozen=True)
class ConstraintRule(_Bilingual):
    """Land within ``buffer_m[group]`` of the features of ``layers`` is excluded, for ``basis``."""

    id: str
    title_en: str
    title_fa: str
    layers: tuple[str, ...]
    buffer_m: dict[str, float]
    basis: str
    where: Where | None = None
    basis_fa: str = ""
    slope_above_percent: float | None = None  # a slope limit (layer 'dem'): cells steeper than this are excluded
    colour: str = ""  # how maps and charts draw the rule's excluded land (#rrggbb), the same everywhere

    def title(self, lang: str) -> str:
        """The rule's title in 'en' or 'fa'."""
        return self.title_fa if lang == "fa" else self.title_en


@dataclass(frozen=True)
class Standardise:
    """Fuzzy membership: function, direction and control points (2, or 4 when symmetric)."""

    function: Function
    direction: Direction
    control: tuple[float, ...]


@dataclass(frozen=True)
class Criterion(_Bilingual):
    """A factor: a raw measure standardised to 0..1 with a weight."""

    id: str
    title_en: str
    title_fa: str
    measure: Measure
    layer: str
    standardise: Standardise
    weight: float
    basis: str
    column: str | None = None
    where: Where | None = None
    basis_fa: str = ""

    def title(self, lang: str) -> str:
        """The criterion's title in 'en' or 'fa'."""
        return self.title_fa if lang == "fa" else self.title_en


@dataclass(frozen=True)
class Aggregation(_Bilingual):
    """How standardised criteria combine into one score."""

    method: Method
    owa_order_weights: tuple[float, ...]
    basis: str
    basis_fa: str = ""  # the basis in Persian (optional: English is shown when it is empty)


@dataclass(frozen=True)
class SiteRules(_Bilingual):
    """What makes a candidate site, and how its rank stability is tested."""

    min_score: float
    min_area_ha: float
    max_area_ha: float
    max_sites: int
    min_compactness: float
    top_k: int
    draws: int
    concentration: float
    basis: str
    tie_decimals: int = 3  # site scores equal to this many decimals are tied (ordered by area, larger first)
    min_spacing_m: float = 0.0  # sites cut from one large suitable area keep at least this distance apart
    basis_fa: str = ""  # the basis in Persian (optional: English is shown when it is empty)


@dataclass(frozen=True)
class RuralRule(_Bilingual):
    """How 'rural' land is derived from the towns layer."""

    urban_radius_m: float
    min_town_population: int
    basis: str
    basis_fa: str = ""  # the basis in Persian (optional: English is shown when it is empty)


@dataclass(frozen=True)
class BudgetSettings(_Bilingual):
    """The land-demand scenario of the land budget."""

    new_units: int
    ha_per_unit: float
    green_share: float
    utilities_share: float
    allocation: str
    basis: str
    basis_fa: str = ""  # the basis in Persian (optional: English is shown when it is empty)

    @property
    def plots_ha(self) -> float:
        """Net plot land for the new units."""
        return self.new_units * self.ha_per_unit

    @property
    def gross_ha(self) -> float:
        """Gross estate land: plots, green space and utilities are separate shares of it (green is NOT inside
        the utilities share), so plots are 1 - green - utilities of the gross (60 % with 10 % and 30 %)."""
        return self.plots_ha / (1.0 - self.green_share - self.utilities_share)

    def parts_ha(self) -> dict[str, float]:
        """The gross demand split into plots, green space and utilities; the parts add up to gross_ha."""
        gross = self.gross_ha
        return {
            "plots_ha": self.plots_ha,
            "green_ha": gross * self.green_share,
            "utilities_ha": gross * self.utilities_share,
            "gross_ha": gross,
        }


@dataclass(frozen=True)
class RelocationSettings(_Bilingual):
    """How relocation weighs travel, and which DOE groups existing estates take."""

    worker_trips: float  # trips per worker per day counted in the travel to minimise
    visit_trips: float  # trips per daily customer visit
    estate_max_group: str  # the most polluting DOE group an existing estate is taken to accept
    basis: str
    basis_fa: str = ""  # the basis in Persian (optional: English is shown when it is empty)


@dataclass(frozen=True)
class SolarSettings(_Bilingual):
    """Photovoltaics on estates: where the sun is computed, the panels, the shares of land and roof used."""

    latitude: float
    longitude: float
    altitude_m: float
    tilt_deg: float
    azimuth_deg: float
    building_share: float  # roofed share of a built plot
    usable_roof_share: float  # share of a roof that can carry panels
    ground_coverage_ratio: float  # panel area per hectare of free land, as a share
    module_efficiency: float
    performance_ratio: float  # all system losses: temperature, wiring, inverter, soiling, availability
    basis: str
    basis_fa: str = ""  # the basis in Persian (optional: English is shown when it is empty)


@dataclass(frozen=True)
class InventorySettings(_Bilingual):
    """When idle plots become revocation candidates."""

    revoke_after_years: float
    basis: str
    basis_fa: str = ""  # the basis in Persian (optional: English is shown when it is empty)


@dataclass(frozen=True)
class Profile(_Bilingual):
    """A whole policy profile."""

    name: str
    version: str
    title_en: str
    title_fa: str
    basis: str
    groups: tuple[str, ...]
    resolution_m: float
    cell_sizes_m: tuple[float, ...]  # the cell sizes the app offers (the command line takes any that fits)
    constraints: tuple[ConstraintRule, ...]
    criteria: tuple[Criterion, ...]
    aggregation: Aggregation
    sites: SiteRules
    rural: RuralRule
    budget: BudgetSettings
    inventory: InventorySettings
    digest: str = ""
    basis_fa: str = ""
    purpose_en: str = ""  # one line: what this profile is for (listed by the app and the command line)
    purpose_fa: str = ""
    programme: str = "industrial land"  # the programme a run serves, named in the report
    relocation: RelocationSettings | None = None  # [relocation]: needed by relocation planning only
    solar: SolarSettings | None = None  # [solar]: needed by the estates' solar figures only
    analysis_basis: Basis = Basis("")  # why the cell sizes are what they are ([analysis].basis)

    def title(self, lang: str) -> str:
        """The profile's title in 'en' or 'fa'."""
        return self.title_fa if lang == "fa" else self.title_en

    def purpose(self, lang: str) -> str:
        """The one-line purpose in 'en' or 'fa' (the English one if no Persian was written; else the title)."""
        return (self.purpose_fa if lang == "fa" else "") or self.purpose_en or self.title(lang)

    def weights(self) -> dict[str, float]:
        """Criterion weights by id, as the profile sets them."""
        return {c.id: c.weight for c in self.criteria}

    def with_weights(self, weights: dict[str, float]) -> Profile:
        """A copy with new criterion weights (checked to sum to 1)."""
        check_weights(weights, profile=self.name)
        criteria = tuple(replace(c, weight=float(weights.get(c.id, 0.0))) for c in self.criteria)
        return replace(self, criteria=criteria)


def setting_sections(profile: Profile) -> list[tuple[str, dict[str, object], _Bilingual]]:
    """Each settings table of the profile (not the rules and criteria): its TOML name, its values, and the
    table that holds its basis, so the Policy page shows every number with what it rests on."""
    tables: list[tuple[str, object | None]] = [
        ("aggregation", profile.aggregation),
        ("sites", profile.sites),
        ("amayesh.rural", profile.rural),
        ("budget", profile.budget),
        ("inventory", profile.inventory),
        ("relocation", profile.relocation),
        ("solar", profile.solar),
    ]
    out: list[tuple[str, dict[str, object], _Bilingual]] = [
        (
            "analysis",
            {"resolution_m": profile.resolution_m, "cell_sizes_m": list(profile.cell_sizes_m)},
            profile.analysis_basis,
        )
    ]
    for key, table in tables:
        if isinstance(table, _Bilingual) and is_dataclass(table):
            values = {f.name: getattr(table, f.name) for f in fields(table) if f.name not in ("basis", "basis_fa")}
            out.append((key, values, table))
    return out


_NUMBER = (int, float)
DOE_GROUPS = ("d", "e")  # the DOE pollution groups whose distances the tool ships (group د and group ه)


def _fields(table: Any, key: str, profile: str, required: dict[str, Any], optional: dict[str, Any] | None = None):
    """The values of ``table`` checked against ``required``/``optional`` {name: type}; errors name the key."""
    if not isinstance(table, dict):
        raise PolicyError(profile, key, "table is missing", f"add a [{key}] table")
    optional = optional or {}
    unknown = sorted(set(table) - set(required) - set(optional))
    if unknown:
        known = sorted([*required, *optional])
        raise PolicyError(profile, f"{key}.{unknown[0]}", "unknown key", f"remove it or use one of {known}")
    out: dict[str, Any] = {}
    for name, kind in {**required, **optional}.items():
        if name not in table:
            if name in required:
                raise PolicyError(profile, f"{key}.{name}", "missing", f"add {name} to [{key}]")
            continue
        value: Any = table[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is float and isinstance(value, float) and not math.isfinite(value):
            raise PolicyError(profile, f"{key}.{name}", f"must be a finite number, not {value}", "correct the value")
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            kind_name = getattr(kind, "__name__", str(kind))
            raise PolicyError(profile, f"{key}.{name}", f"must be {kind_name}, not {value!r}", "correct the value")
        if isinstance(value, _NUMBER) and not isinstance(value, bool) and value < 0:
            raise PolicyError(profile, f"{key}.{name}", f"must not be negative ({value})", "use a value >= 0")
        if name == "basis":  # every rule, criterion and setting states what it rests on
            value = require_text(value, key=f"{key}.{name}", profile=profile)
        out[name] = value
    return out


def _choice(value: str, allowed: tuple[str, ...], key: str, profile: str) -> Any:
    if value not in allowed:
        raise PolicyError(profile, key, f"'{value}' is not allowed", f"use one of {list(allowed)}")
    return value


def _numbers(values: list[Any], key: str, profile: str) -> tuple[float, ...]:
    if not all(isinstance(v, _NUMBER) and not isinstance(v, bool) for v in values):
        raise PolicyError(profile, key, f"must be a list of numbers, not {values!r}", "correct the list")
    return tuple(float(v) for v in values)


def _colour(value: str, key: str, profile: str) -> str:
    if value and not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise PolicyError(profile, key, f"'{value}' is not a colour", "write it as #rrggbb, e.g. #1f78b4")
    return value.lower()


def _where(table: Any, key: str, profile: str) -> Where | None:
    if table is None:
        return None
    w = _fields(table, key, profile, {"column": str}, {"any_of": list, "at_least": float})
    if ("any_of" in w) == ("at_least" in w):
        raise PolicyError(profile, key, "needs exactly one of any_of or at_least", "keep one of them")
    return Where(w["column"], tuple(str(v).lower() for v in w.get("any_of", [])), w.get("at_least"))


def _standardise(table: Any, key: str, profile: str) -> Standardise:
    s = _fields(table, key, profile, {"function": str, "direction": str, "control": list})
    function = _choice(s["function"], FUNCTIONS, f"{key}.function", profile)
    direction = _choice(s["direction"], DIRECTIONS, f"{key}.direction", profile)
    control = _numbers(s["control"], f"{key}.control", profile)
    needed = 4 if direction == "symmetric" else 2
    if len(control) != needed or list(control) != sorted(control) or len(set(control)) < 2:
        raise PolicyError(
            profile,
            f"{key}.control",
            f"needs {needed} increasing control points for a {direction} function, got {list(control)}",
            f"give [a, b{', c, d' if needed == 4 else ''}] with a < b",
        )
    return Standardise(function, direction, control)


def check_group(profile: Profile, group: str) -> str:
    """A pollution group the profile sets distances for, or a PolicyError naming the choices."""
    if group not in profile.groups:
        raise PolicyError(
            profile.name, "group", f"unknown pollution group '{group}'", f"use one of {list(profile.groups)}"
        )
    return group


def check_method(profile: Profile, method: str) -> str:
    """An aggregation method the tool knows, or a PolicyError naming the choices."""
    if method not in METHODS:
        raise PolicyError(profile.name, "aggregation.method", f"unknown method '{method}'", f"use one of {METHODS}")
    return method


def check_weights(weights: dict[str, float], *, profile: str, key: str = "criterion.weight") -> None:
    """Weights must be non-negative and sum to 1 (within 1e-6)."""
    negative = [k for k, w in weights.items() if w < 0]
    if negative:
        raise PolicyError(profile, key, f"weights of {negative} are negative", "use weights >= 0")
    total = sum(weights.values())
    if abs(total - 1.0) > 1e-6:
        raise PolicyError(profile, key, f"weights sum to {total:.4f}, not 1", "adjust the weights so they sum to 1")


def _check_layer_ids(constraints: list[ConstraintRule], criteria: list[Criterion], profile: str) -> None:
    """Every layer a rule or criterion names must be a catalogue layer: a misspelt id is an error, not a skip."""
    known = known_layer_ids()
    used = [(f"constraint.{r.id}.layers", layer) for r in constraints for layer in r.layers]
    used += [(f"criterion.{c.id}.layer", c.layer) for c in criteria]
    for key, layer in used:
        if layer not in known:
            close = difflib.get_close_matches(layer, sorted(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of {sorted(known)}"
            raise PolicyError(profile, key, f"'{layer}' is not a layer of the catalogue", hint)


def parse_profile(doc: dict[str, Any], *, name: str) -> Profile:
    """Check a parsed profile document and return it typed."""
    allowed = {
        "profile",
        "analysis",
        "constraint",
        "criterion",
        "aggregation",
        "sites",
        "amayesh",
        "budget",
        "inventory",
        "relocation",
        "solar",
        "screening",
    }
    unknown = sorted(set(doc) - allowed)
    if unknown:
        raise PolicyError(name, unknown[0], "unknown top-level key", f"remove it or use one of {sorted(allowed)}")
    head = _fields(
        doc.get("profile"),
        "profile",
        name,
        {"name": str, "version": str, "title_en": str, "title_fa": str, "basis": str, "groups": list},
        {"basis_fa": str, "purpose_en": str, "purpose_fa": str, "programme": str, "extends": str},
    )
    head.pop("extends", None)  # already laid over its base by the reader
    groups = tuple(str(g) for g in head.pop("groups"))
    analysis = _fields(
        doc.get("analysis"),
        "analysis",
        name,
        {"resolution_m": float, "basis": str},
        {"cell_sizes_m": list, "basis_fa": str},
    )
    if analysis["resolution_m"] <= 0:
        raise PolicyError(name, "analysis.resolution_m", "must be positive", "use e.g. 100.0")
    cell_sizes = _numbers(analysis.get("cell_sizes_m", [analysis["resolution_m"]]), "analysis.cell_sizes_m", name)
    if analysis["resolution_m"] not in cell_sizes or min(cell_sizes) <= 0:
        raise PolicyError(
            name, "analysis.cell_sizes_m", "must be positive and include resolution_m", "list e.g. [100.0, 50.0, 30.0]"
        )

    constraints = []
    for i, table in enumerate(doc.get("constraint", [])):
        key = f"constraint[{i}]"
        c = _fields(
            table,
            key,
            name,
            {"id": str, "title_en": str, "title_fa": str, "layers": list, "buffer_m": dict, "basis": str},
            {"where": dict, "basis_fa": str, "slope_above_percent": float, "colour": str},
        )
        other_groups = dict.fromkeys(set(DOE_GROUPS) - set(groups), float)  # a profile of fewer groups may inherit them
        buffers = _fields(
            c["buffer_m"], f"constraint.{c['id']}.buffer_m", name, dict.fromkeys(groups, float), other_groups
        )
        buffers = {g: buffers[g] for g in groups}
        limit = c.get("slope_above_percent")
        if limit is not None and (c["layers"] != ["dem"] or limit <= 0 or buffers != dict.fromkeys(groups, 0.0)):
            raise PolicyError(
                name,
                f"constraint.{c['id']}.slope_above_percent",
                'a slope limit needs layers = ["dem"], a limit above 0 and buffers of 0',
                "set them so, e.g. slope_above_percent = 15.0",
            )
        constraints.append(
            ConstraintRule(
                id=c["id"],
                title_en=c["title_en"],
                title_fa=c["title_fa"],
                layers=tuple(c["layers"]),
                buffer_m=buffers,
                basis=c["basis"],
                where=_where(c.get("where"), f"constraint.{c['id']}.where", name),
                basis_fa=c.get("basis_fa", ""),
                slope_above_percent=limit,
                colour=_colour(c.get("colour", ""), f"constraint.{c['id']}.colour", name),
            )
        )

    criteria = []
    for i, table in enumerate(doc.get("criterion", [])):
        key = f"criterion[{i}]"
        c = _fields(
            table,
            key,
            name,
            {
                "id": str,
                "title_en": str,
                "title_fa": str,
                "measure": str,
                "layer": str,
                "standardise": dict,
                "weight": float,
                "basis": str,
            },
            {"column": str, "where": dict, "basis_fa": str},
        )
        cid = c["id"]
        criteria.append(
            Criterion(
                id=cid,
                title_en=c["title_en"],
                title_fa=c["title_fa"],
                measure=_choice(c["measure"], MEASURES, f"criterion.{cid}.measure", name),
                layer=c["layer"],
                standardise=_standardise(c["standardise"], f"criterion.{cid}.standardise", name),
                weight=c["weight"],
                basis=c["basis"],
                column=c.get("column"),
                where=_where(c.get("where"), f"criterion.{cid}.where", name),
                basis_fa=c.get("basis_fa", ""),
            )
        )
    if not criteria:
        raise PolicyError(name, "criterion", "no criteria", "add at least one [[criterion]]")
    for kind, items in (("constraint", constraints), ("criterion", criteria)):
        ids = [item.id for item in items]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise PolicyError(name, f"{kind}.id", f"duplicate id(s) {dupes}", "give each one its own id")
    check_weights({c.id: c.weight for c in criteria}, profile=name)
    _check_layer_ids(constraints, criteria, name)

    agg = _fields(
        doc.get("aggregation"),
        "aggregation",
        name,
        {"method": str, "basis": str},
        {"owa_order_weights": list, "basis_fa": str},
    )
    order = _numbers(agg.get("owa_order_weights", []), "aggregation.owa_order_weights", name)
    if order:
        check_weights(dict(enumerate(order)), profile=name, key="aggregation.owa_order_weights")  # type: ignore[arg-type]
    aggregation = Aggregation(
        _choice(agg["method"], METHODS, "aggregation.method", name), order, agg["basis"], agg.get("basis_fa", "")
    )

    sites = _fields(
        doc.get("sites"),
        "sites",
        name,
        {
            "min_score": float,
            "min_area_ha": float,
            "max_area_ha": float,
            "max_sites": int,
            "min_compactness": float,
            "top_k": int,
            "draws": int,
            "concentration": float,
            "basis": str,
        },
        {"tie_decimals": int, "min_spacing_m": float, "basis_fa": str},
    )
    if sites.get("tie_decimals", 3) > 9:
        raise PolicyError(name, "sites.tie_decimals", "scores carry at most 9 meaningful decimals", "use 0..9")
    for key in ("max_sites", "top_k", "draws"):
        if sites[key] < 1:
            raise PolicyError(name, f"sites.{key}", "must be at least 1", "use a positive whole number")
    if sites["max_area_ha"] < sites["min_area_ha"]:
        raise PolicyError(name, "sites.max_area_ha", "is below sites.min_area_ha", "raise it")
    if sites["min_score"] > 1 or sites["min_compactness"] > 1:
        raise PolicyError(name, "sites.min_score", "scores and compactness lie in 0..1", "use a value <= 1")
    amayesh = doc.get("amayesh")
    if isinstance(amayesh, dict) and set(amayesh) - {"rural"}:
        raise PolicyError(name, f"amayesh.{sorted(set(amayesh) - {'rural'})[0]}", "unknown key", "remove it")
    rural = _fields(
        (amayesh or {}).get("rural"),
        "amayesh.rural",
        name,
        {"urban_radius_m": float, "min_town_population": int, "basis": str},
        {"basis_fa": str},
    )
    budget = _fields(
        doc.get("budget"),
        "budget",
        name,
        {
            "new_units": int,
            "ha_per_unit": float,
            "green_share": float,
            "utilities_share": float,
            "allocation": str,
            "basis": str,
        },
        {"basis_fa": str},
    )
    if budget["green_share"] + budget["utilities_share"] >= 1:
        raise PolicyError(name, "budget.utilities_share", "green and utility shares leave no plot land", "lower them")
    _choice(budget["allocation"], ALLOCATIONS, "budget.allocation", name)
    inventory = _fields(
        doc.get("inventory"), "inventory", name, {"revoke_after_years": float, "basis": str}, {"basis_fa": str}
    )
    relocation = None
    if "relocation" in doc:
        moving = _fields(
            doc["relocation"],
            "relocation",
            name,
            {"worker_trips": float, "visit_trips": float, "estate_max_group": str, "basis": str},
            {"basis_fa": str},
        )
        _choice(moving["estate_max_group"], ("a", "b", "c", "d", "e"), "relocation.estate_max_group", name)
        relocation = RelocationSettings(**moving)
    solar = None
    if "solar" in doc:
        names = [f.name for f in fields(SolarSettings) if f.name != "basis_fa"]
        panel = _fields(
            doc["solar"], "solar", name, {n: (str if n == "basis" else float) for n in names}, {"basis_fa": str}
        )
        for share in (
            "building_share",
            "usable_roof_share",
            "ground_coverage_ratio",
            "module_efficiency",
            "performance_ratio",
        ):
            if not 0 < panel[share] <= 1:
                raise PolicyError(
                    name, f"solar.{share}", f"must be a share above 0 and at most 1, not {panel[share]}", "e.g. 0.5"
                )
        solar = SolarSettings(**panel)
    if "screening" in doc:
        screening = _fields(
            doc["screening"], "screening", name, {"exclude_forest": bool, "basis": str}, {"basis_fa": str}
        )
        if screening["exclude_forest"]:  # the planner's choice: the coarse forest cells also exclude land
            constraints.append(
                ConstraintRule(
                    id="screening_forest",
                    title_en="Forest (screening, 5 km cells)",
                    title_fa="جنگل (غربالگری، یاخته‌های ۵ کیلومتری)",
                    layers=("landcover_screening",),
                    buffer_m=dict.fromkeys(groups, 0.0),
                    basis=screening["basis"],
                    where=Where("class", ("forest",)),
                    basis_fa=screening.get("basis_fa", ""),
                    colour="#006d2c",
                )
            )
    digest = hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]
    return Profile(
        **head,
        groups=groups,
        resolution_m=analysis["resolution_m"],
        cell_sizes_m=cell_sizes,
        constraints=tuple(constraints),
        criteria=tuple(criteria),
        aggregation=aggregation,
        sites=SiteRules(**sites),
        rural=RuralRule(**rural),
        budget=BudgetSettings(**budget),
        inventory=InventorySettings(**inventory),
        relocation=relocation,
        solar=solar,
        analysis_basis=Basis(analysis["basis"], analysis.get("basis_fa", "")),
        digest=digest,
    )


def load_profile(name: str) -> Profile:
    """Read and check the bundled or saved profile ``name``."""
    return parse_profile(read_policy_document(name), name=name)


# ---------------------------------------------------------------------------------------------
# Editing a profile document (the Policy page): checked inputs, and new rules and criteria as the
# TOML tables parse_profile reads. Each refuses what the planner must fix, naming the key.
# ---------------------------------------------------------------------------------------------

_WESTERN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫", "01234567890123456789.")  # Persian, Arabic-Indic


def require_text(text: str | None, *, key: str, profile: str, what: str = "legal basis or source") -> str:
    """``text`` stripped; a blank one is refused: a rule or a criterion never goes without its basis (or title)."""
    value = (text or "").strip()
    if not value:
        fix = "type the law, decree, standard or design choice that sets it" if "basis" in what else "type one"
        raise PolicyError(profile, key, f"has no {what}", fix)
    return value


def set_basis(table: dict[str, Any], text: str, *, lang: str) -> None:
    """Set the basis of a profile table as typed on a page in ``lang`` ('en' edits ``basis``, 'fa' ``basis_fa``).

    A basis changed in one language leaves no stale text in the other: an edited English basis drops the old
    Persian one (Persian pages then show the English text), an edited Persian one replaces the English one
    (to be translated in the file). An unchanged text changes nothing.
    """
    english, persian = str(table.get("basis", "")), str(table.get("basis_fa", ""))
    if lang == "fa":
        if text != (persian or english):
            table["basis_fa"] = table["basis"] = text
    elif text != english:
        table["basis"] = text
        table.pop("basis_fa", None)


def parse_control_points(text: str, *, key: str, profile: str) -> tuple[float, ...]:
    """Control points typed as 'a, b' or 'a, b, c, d' (Persian digits allowed), as numbers."""
    parts = [p for p in re.split(r"[,،;\s]+", text.translate(_WESTERN_DIGITS)) if p]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if not values or not all(math.isfinite(v) for v in values):
        raise PolicyError(
            profile, key, f"'{text}' is not a list of numbers", "type the numbers separated by commas, e.g. 250, 10000"
        )
    return values


def format_control_points(control: Iterable[float]) -> str:
    """Control points as the editor shows them: '250, 10000' (no trailing .0, no thousands separator)."""
    return ", ".join(f"{v:.10g}" for v in control)


def check_standardise(
    function: str, direction: str, control: Sequence[float], *, key: str, profile: str
) -> Standardise:
    """A transformation checked as parse_profile checks one: a known function and direction, 2 increasing
    control points (4 when symmetric)."""
    return _standardise({"function": function, "direction": direction, "control": list(control)}, key, profile)


def typed_standardise(function: str, direction: str, control: str, *, key: str, profile: str) -> Standardise:
    """A transformation as the editor holds it (control points as typed text), checked; errors name ``key``."""
    points = parse_control_points(control, key=f"{key}.control", profile=profile)
    return check_standardise(function, direction, points, key=key, profile=profile)


def standardise_table(spec: Standardise) -> dict[str, Any]:
    """The profile's ``standardise = { function, direction, control }`` table of a transformation."""
    return {"function": spec.function, "direction": spec.direction, "control": list(spec.control)}


def distance_layers(catalogue: Iterable[LayerSpec]) -> list[str]:
    """Catalogue layers a distance can be measured from: every vector layer but the administrative boundaries."""
    return [spec.id for spec in catalogue if spec.geometry != "Raster" and spec.kind != "boundary"]


def unique_id(stem: str, taken: Iterable[str]) -> str:
    """``stem`` as an id (a-z, 0-9, _), followed by _2, _3, ... when the profile already uses it."""
    base = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_") or "item"
    used = set(taken)
    return next(c for c in (base, *(f"{base}_{i}" for i in range(2, len(used) + 3))) if c not in used)


def _ids(doc: Mapping[str, Any], kind: str) -> list[str]:
    return [str(table.get("id")) for table in doc.get(kind, []) if isinstance(table, dict)]


def _groups(doc: Mapping[str, Any]) -> list[str]:
    head = doc.get("profile")
    return [str(g) for g in head.get("groups", [])] if isinstance(head, dict) else []


def _texts(
    key: str, title: str, basis: str, *, lang: str, profile: str, title_other: str = "", basis_other: str = ""
) -> dict[str, str]:
    """Title and basis fields of a new table, typed in the page's language (required) and optionally in the
    other one; a text given in one language only stands for both (the profile needs both; the planner may
    translate it in the file later)."""
    other = other_language(lang)
    title = require_text(title, key=f"{key}.title_{lang}", profile=profile, what="title")
    basis = require_text(basis, key=f"{key}.basis_fa" if lang == "fa" else f"{key}.basis", profile=profile)
    texts = {f"title_{lang}": title, f"title_{other}": title_other.strip() or title}
    persian, english = (basis, basis_other.strip()) if lang == "fa" else (basis_other.strip(), basis)
    return {**texts, "basis": english or persian, **({"basis_fa": persian} if persian else {})}


def new_distance_rule(
    doc: Mapping[str, Any],
    *,
    title: str,
    layers: Sequence[str],
    buffer_m: Mapping[str, float],
    basis: str,
    lang: str,
    profile: str,
    title_other: str = "",
    basis_other: str = "",
) -> dict[str, Any]:
    """A [[constraint]] table excluding land within ``buffer_m[group]`` of the features of ``layers``."""
    if not layers:
        raise PolicyError(
            profile, "constraint.new.layers", "no layer chosen", "pick the layer(s) to keep the distance from"
        )
    rule_id = unique_id("setback_" + "_".join(layers), _ids(doc, "constraint"))
    key = f"constraint.{rule_id}"
    buffers: dict[str, float] = {}
    for group in _groups(doc):
        value = float(buffer_m.get(group, math.nan))
        if not math.isfinite(value) or value < 0:
            raise PolicyError(profile, f"{key}.buffer_m.{group}", f"'{value}' is not a distance", "type metres >= 0")
        buffers[group] = value
    texts = _texts(key, title, basis, lang=lang, profile=profile, title_other=title_other, basis_other=basis_other)
    return {"id": rule_id, **texts, "layers": list(layers), "buffer_m": buffers}


def new_slope_rule(
    doc: Mapping[str, Any],
    *,
    title: str,
    limit_percent: float,
    basis: str,
    lang: str,
    profile: str,
    title_other: str = "",
    basis_other: str = "",
) -> dict[str, Any]:
    """A [[constraint]] table excluding cells steeper than ``limit_percent`` (it applies when a DEM is loaded)."""
    rule_id = unique_id("slope_limit", _ids(doc, "constraint"))
    key = f"constraint.{rule_id}"
    if not (math.isfinite(limit_percent) and limit_percent > 0):
        raise PolicyError(profile, f"{key}.slope_above_percent", "must be above 0", "type a slope in %, e.g. 15")
    texts = _texts(key, title, basis, lang=lang, profile=profile, title_other=title_other, basis_other=basis_other)
    return {
        "id": rule_id,
        **texts,
        "layers": ["dem"],
        "slope_above_percent": float(limit_percent),
        "buffer_m": dict.fromkeys(_groups(doc), 0.0),
    }


def new_distance_criterion(
    doc: Mapping[str, Any],
    *,
    title: str,
    layer: str,
    function: str,
    direction: str,
    control: str | Sequence[float],
    weight: float,
    basis: str,
    lang: str,
    profile: str,
    title_other: str = "",
    basis_other: str = "",
) -> dict[str, Any]:
    """A [[criterion]] table: the distance to the features of ``layer`` (metres), standardised and weighted;
    ``control`` may be the control points as typed ('250, 10000')."""
    criterion_id = unique_id(f"distance_to_{layer}", _ids(doc, "criterion"))
    key = f"criterion.{criterion_id}"
    if isinstance(control, str):
        control = parse_control_points(control, key=f"{key}.standardise.control", profile=profile)
    spec = check_standardise(function, direction, control, key=f"{key}.standardise", profile=profile)
    if not (math.isfinite(weight) and 0 <= weight <= 1):
        raise PolicyError(profile, f"{key}.weight", f"{weight} is not a weight", "use a weight from 0 to 1")
    texts = _texts(key, title, basis, lang=lang, profile=profile, title_other=title_other, basis_other=basis_other)
    return {
        "id": criterion_id,
        **texts,
        "measure": "distance",
        "layer": layer,
        "standardise": standardise_table(spec),
        "weight": float(weight),
    }


def with_criterion(
    doc: Mapping[str, Any], table: Mapping[str, Any], *, rescale_others: bool, profile: str
) -> dict[str, Any]:
    """A copy of ``doc`` with the criterion ``table`` added; with ``rescale_others`` the other weights are scaled
    by one factor so that all weights sum to 1 again (0.5 and 0.5 with a new 0.2 become 0.4 and 0.4)."""
    new = copy.deepcopy(dict(doc))
    others = new.setdefault("criterion", [])
    if rescale_others:
        total = sum(float(c["weight"]) for c in others)
        room = 1.0 - float(table["weight"])
        if total <= 0 and room > 1e-9:
            raise PolicyError(
                profile,
                "criterion.weight",
                "the other criteria weigh 0, so they cannot be scaled to make room",
                "give the new criterion the weight 1, or weigh the others in the table",
            )
        for c in others:
            c["weight"] = round(float(c["weight"]) * room / total, 9) if total > 0 else 0.0
    others.append(copy.deepcopy(dict(table)))
    return new
