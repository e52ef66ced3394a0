"""Typed policy profiles: every disputable number with its basis, checked key by key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from layers.io import read_policy_document
from spatial.errors import PolicyError


@dataclass(frozen=True)
class RuralRule:
    """How 'rural' land is derived from the towns layer."""

    urban_radius_m: float
    min_town_population: int
    basis: str


@dataclass(frozen=True)
class Profile:
    """A policy profile (data/policy/NAME.toml)."""

    name: str
    version: str
    title_en: str
    title_fa: str
    basis: str
    rural: RuralRule


def _table(doc: dict[str, Any], key: str, profile: str, fields: dict[str, type]) -> dict[str, Any]:
    """A sub-table with exactly ``fields`` (name: type); raises PolicyError naming the key."""
    table: dict[str, Any] = doc
    for part in key.split("."):
        if not isinstance(table.get(part), dict):
            raise PolicyError(profile, key, "table is missing", f"add a [{key}] table")
        table = table[part]
    unknown = sorted(set(table) - set(fields))
    if unknown:
        raise PolicyError(profile, f"{key}.{unknown[0]}", "unknown key", f"remove it or use one of {sorted(fields)}")
    out: dict[str, Any] = {}
    for name, kind in fields.items():
        if name not in table:
            raise PolicyError(profile, f"{key}.{name}", "missing", f"add {name} to [{key}]")
        value: Any = table[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        negative = isinstance(value, int | float) and value < 0
        if not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool):
            raise PolicyError(profile, f"{key}.{name}", f"must be {kind.__name__}, not {value!r}", "correct the value")
        if negative:
            raise PolicyError(profile, f"{key}.{name}", f"must not be negative ({value})", "use a value >= 0")
        out[name] = value
    return out


def parse_profile(doc: dict[str, Any], *, name: str) -> Profile:
    """Check a parsed profile document and return it typed."""
    unknown = sorted(set(doc) - {"profile", "amayesh"})
    if unknown:
        raise PolicyError(name, unknown[0], "unknown top-level key", "remove it or fix the spelling")
    head = _table(doc, "profile", name, {"name": str, "version": str, "title_en": str, "title_fa": str, "basis": str})
    amayesh = doc.get("amayesh", {})
    extra = sorted(set(amayesh) - {"rural"}) if isinstance(amayesh, dict) else []
    if extra:
        raise PolicyError(name, f"amayesh.{extra[0]}", "unknown key", "remove it or fix the spelling")
    rural = _table(doc, "amayesh.rural", name, {"urban_radius_m": float, "min_town_population": int, "basis": str})
    return Profile(**head, rural=RuralRule(**rural))


def load_profile(name: str) -> Profile:
    """Read and check the bundled or saved profile ``name``."""
    return parse_profile(read_policy_document(name), name=name)
