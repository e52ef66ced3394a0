"""What every page shares: language, the session's workspace, cached data and the cached model."""

from __future__ import annotations

import contextlib
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import geopandas as gpd
import streamlit as st

from spatial.budget import PROVINCE as PROVINCE_NAME
from spatial.data import (
    BUNDLED,
    DEPRIVED_TABLE,
    GEOPACKAGE,
    MAX_UPLOAD_BYTES,
    Catalogue,
    LayerSpec,
    RasterLayer,
    create_project,
    load_all_bundled,
    load_catalogue,
    owner_folder,
    project_folder,
    project_names,
    read_profile_document,
    saved_profiles,
    workspace_layers,
    workspace_version,
)
from spatial.display import caveat_text, persian_names, web_mercator
from spatial.errors import GilanInputError
from spatial.i18n import LANGS, digits, t
from spatial.model import Caveat, SuitabilityModel, build_model
from spatial.pipeline import Result, Scenario, resolve_scenario, run_scenario
from spatial.policy import DEFAULT_PROFILE, Profile, parse_profile
from ui.maps import mask_png, rule_colour

RTL_CSS = """<style>
.stMainBlockContainer, section[data-testid="stSidebar"] {direction: rtl; text-align: right;
  font-family: Vazirmatn, Tahoma, "DejaVu Sans", sans-serif;}
[data-testid="stHeading"] {text-align: right;}  /* Streamlit sets headings' containers left-aligned */
[data-testid="stVegaLiteChart"] {direction: ltr;}  /* charts lay out their own labels: a right-to-left box cuts them */
</style>"""
# Streamlit's file uploader speaks English only: on Persian pages its button and its size line are replaced
# (the accepted formats are in each uploader's Persian label or caption).
UPLOADER_FA_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button p {font-size: 0;}
[data-testid="stFileUploaderDropzone"] button p::after {content: "%(button)s"; font-size: 0.875rem;}
[data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0;}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {content: "%(limit)s"; font-size: 0.75rem;}
</style>"""
# A headline figure is never cut ("…1,433,831"): smaller digits that wrap instead of an ellipsis.
METRIC_CSS = """<style>
[data-testid="stMetricValue"] {font-size: 1.9rem;}
[data-testid="stMetricValue"] > div {overflow: visible; text-overflow: clip; white-space: normal;}
</style>"""


def language() -> str:
    """The session's language ('en' or 'fa'), chosen in the sidebar; Persian switches to right-to-left."""
    if "lang" not in st.session_state and st.query_params.get("lang") in LANGS:
        st.session_state["lang"] = st.query_params["lang"]  # a reload or a shared link keeps the language
    lang = st.session_state.get("lang", "en")
    st.sidebar.radio(
        t("language", lang), LANGS, key="lang", format_func=lambda code: {"en": "English", "fa": "فارسی"}[code]
    )
    lang = st.session_state["lang"]
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    st.markdown(METRIC_CSS, unsafe_allow_html=True)
    if lang == "fa":
        limit = t("upload_limit", lang).format(limit=digits(f"{MAX_UPLOAD_BYTES // 1024**2}", lang))
        uploader = UPLOADER_FA_CSS % {"button": t("upload_button", lang), "limit": limit}
        st.markdown(RTL_CSS + uploader, unsafe_allow_html=True)
    return lang


def current_language() -> str:
    """The language picked in the sidebar (pages call this; app.py draws the switch)."""
    return str(st.session_state.get("lang", "en"))


WORKSPACE_PARAM = "workspace"  # the URL keeps the owner key, so a reload or a bookmark finds the projects again
NEW_PROJECT = "my-project"


def owner() -> Path:
    """This planner's own folder of projects.

    Its key is a random 128-bit id kept in the page's URL (``?workspace=...``): reloading the page or
    opening the bookmarked link finds the same projects; another browser without the link never sees them.
    """
    if "session_id" not in st.session_state:
        given = st.query_params.get(WORKSPACE_PARAM, "")
        st.session_state["session_id"] = given if re.fullmatch(r"[0-9a-f]{32}", given) else uuid.uuid4().hex
    if st.query_params.get(WORKSPACE_PARAM) != st.session_state["session_id"]:
        st.query_params[WORKSPACE_PARAM] = st.session_state["session_id"]  # page changes clear the URL's query
    return owner_folder(st.session_state["session_id"])


def owner_key() -> str:
    """The owner key (the command line's --owner)."""
    owner()
    return str(st.session_state["session_id"])


def project_name() -> str:
    """The active project ('bundled' for the bundled data), from the analysis state; a vanished one falls back."""
    name = str(analysis_state().get("project", BUNDLED))
    if name != BUNDLED and name not in project_names(owner()):
        remember_analysis(project=BUNDLED)
        return BUNDLED
    return name


def workspace() -> Path | None:
    """The active project's folder (None for the read-only bundled data)."""
    return project_folder(owner(), project_name())


def writable_project() -> Path:
    """The active project, or a new one (my-project, my-project-2, ...) made active when the bundled data is."""
    folder = workspace()
    if folder is not None:
        return folder
    taken = set(project_names(owner()))
    name = next(n for n in (NEW_PROJECT, *(f"{NEW_PROJECT}-{i}" for i in range(2, 1000))) if n not in taken)
    folder = create_project(owner(), name)
    remember_analysis(project=name)
    st.session_state["project_created"] = name
    return folder


def project_picker(lang: str) -> None:
    """The sidebar's project switch: the bundled data or one of the planner's projects."""
    names = [BUNDLED, *project_names(owner())]
    current = project_name()
    chosen = st.sidebar.selectbox(
        t("project", lang),
        names,
        index=names.index(current),
        format_func=lambda n: t("project_bundled", lang) if n == BUNDLED else n,
    )
    if chosen != current:
        remember_analysis(project=chosen)
        st.rerun()


# Layers are shared, not copied, between reruns and sessions (st.cache_data would unpickle every layer on each
# call, several times a rerun); nothing changes a layer in place, and callers get their own dict.
@st.cache_resource(show_spinner=False, max_entries=2)
def _bundled(version: tuple[float, float]) -> tuple[dict[str, gpd.GeoDataFrame], Catalogue]:
    catalogue = load_catalogue()
    return load_all_bundled(catalogue), catalogue


def bundled_layers() -> tuple[dict[str, gpd.GeoDataFrame], Catalogue]:
    """Bundled layers and the catalogue; the cache key follows the data files' versions."""
    version = (GEOPACKAGE.stat().st_mtime, DEPRIVED_TABLE.stat().st_mtime)
    layers, catalogue = _bundled(version)
    return dict(layers), catalogue


@st.cache_resource(show_spinner=False, max_entries=16)
def _own_layers(folder: str, version: tuple[object, ...]) -> tuple[dict[str, gpd.GeoDataFrame], RasterLayer | None]:
    return workspace_layers(Path(folder))


def analysis_layers() -> tuple[dict[str, gpd.GeoDataFrame], RasterLayer | None, frozenset[str]]:
    """Bundled layers overridden by the active project's layers, its DEM, and the ids it supplied itself."""
    bundled, _ = bundled_layers()
    folder = workspace()
    if folder is None:
        return bundled, None, frozenset()
    own, dem = _own_layers(str(folder), workspace_version(folder / "layers"))
    layers = bundled | own
    return layers, dem, frozenset(own) | ({"dem"} if dem is not None else set())


BACKGROUND_LAYERS = ("provinces", "caspian_sea", "counties", "province")  # drawn by every result map already


def own_layer_specs(layers: dict[str, gpd.GeoDataFrame], supplied: frozenset[str]) -> list[LayerSpec]:
    """Catalogue entries of the planner's own layers with geometry (as their data), in catalogue order, for maps."""
    _, catalogue = bundled_layers()
    return [
        spec
        for spec in catalogue.with_supplied(supplied)
        if spec.id in supplied
        and spec.id not in BACKGROUND_LAYERS
        and isinstance(layers.get(spec.id), gpd.GeoDataFrame)
        and not layers[spec.id].empty
    ]


def active_profile(name: str) -> tuple[Profile, dict[str, object]]:
    """A bundled or saved profile, parsed (errors name the key), with its document."""
    doc = read_profile_document(name, workspace())
    return parse_profile(doc, name=name), doc


MODELS_KEPT = 2  # a 30 m model holds about 2 GB: keep few
RESULTS_KEPT = 2  # per session: a 30 m result holds a 170 MB score raster (see spatial.model.SPARE_GRIDS)


def result_for(model: SuitabilityModel, key: tuple[object, ...], scenario: Scenario) -> Result:
    """``run_scenario(model, scenario)``, remembered for the session's last few scenarios: going to another
    page and back, or a rerun that changes nothing the result depends on, shows it without running it again."""
    store: OrderedDict[tuple[object, ...], Result] = st.session_state.setdefault("_results", OrderedDict())
    wanted = (key, _scenario_key(scenario))
    result = store.get(wanted)
    if result is None:
        result = run_scenario(model, scenario)
        store[wanted] = result
        while len(store) > RESULTS_KEPT:
            store.popitem(last=False)
    store.move_to_end(wanted)
    return result


def _scenario_key(scenario: Scenario) -> tuple[object, ...]:
    """A scenario as a dictionary key: its profile by digest, its weights as sorted pairs."""
    values: dict[str, object] = {f.name: getattr(scenario, f.name) for f in fields(scenario)}
    values["profile"] = scenario.profile.digest
    values["weights"] = tuple(sorted(scenario.weights.items()))
    return tuple(values.items())


@st.cache_resource(show_spinner=False)
def _model_store() -> tuple[OrderedDict[tuple[object, ...], SuitabilityModel], threading.Lock]:
    """One store of built models shared by all sessions (an app-wide cache resource)."""
    return OrderedDict(), threading.Lock()


def _model_key(profile: Profile, group: str, resolution: float, coverage_only: bool) -> tuple[object, ...]:
    folder = workspace()
    version = workspace_version(folder / "layers") if folder is not None else ()
    data_key = (GEOPACKAGE.stat().st_mtime, DEPRIVED_TABLE.stat().st_mtime, version)
    holder = str(folder) if version else ""
    return (profile.name, profile.digest, group, resolution, coverage_only, data_key, holder)


def page_model(
    profile: Profile, group: str, resolution: float, lang: str, *, coverage_only: bool = False
) -> tuple[SuitabilityModel, tuple[object, ...]]:
    """``model_for`` on a page: a model still to be built shows its steps in a status box as they run; a built
    one is used at once (Streamlit's status box alone holds every run of the page for 0.05 s)."""
    store, lock = _model_store()
    with lock:
        built = _model_key(profile, group, resolution, coverage_only) in store
    if built:
        return model_for(profile, group, resolution, coverage_only=coverage_only)
    with st.status(t("building", lang), expanded=False) as status:
        found = model_for(profile, group, resolution, progress=status.write, coverage_only=coverage_only)
        status.update(label=t("model_ready", lang), state="complete")
    return found


def model_for(
    profile: Profile,
    group: str,
    resolution: float,
    progress: Callable[[str], None] | None = None,
    coverage_only: bool = False,
) -> tuple[SuitabilityModel, tuple[object, ...]]:
    """The model for these settings and this session's data, and its key; built once, with named progress steps.

    Models live in an app-wide cache resource keyed by the profile digest, group, resolution and the
    versions of the bundled data and of this session's uploads: sessions without uploads share one.
    """
    key = _model_key(profile, group, resolution, coverage_only)
    store, lock = _model_store()
    with lock:
        if key in store:
            store.move_to_end(key)
            return store[key], key
    layers, dem, supplied = analysis_layers()
    _, catalogue = bundled_layers()
    illustrative = catalogue.illustrative - supplied
    model = build_model(
        layers,
        profile,
        group=group,
        resolution_m=resolution,
        dem=dem,
        illustrative=illustrative,
        progress=progress,
        coverage_only=coverage_only,
    )
    model.reserve_score_grids()  # the first weight moves then write into memory touched already
    with lock:
        store[key] = model
        while len(store) > MODELS_KEPT:
            store.popitem(last=False)
    return model, key


@st.cache_resource(max_entries=2, show_spinner=False)
def rule_overlays(_model: SuitabilityModel, key: tuple[object, ...]) -> list[tuple[str, str, list[list[float]]]]:
    """Per applied rule: its id, a PNG data URL of the cells it excludes, and the image bounds (cached per model)."""
    out = []
    for rule in _model.mask.rules:
        image, bounds = web_mercator(_model.mask.excluded_by(rule.id).astype("float32"), _model.grid, max_px=1000)
        colour = rule_colour(rule)
        out.append((rule.id, mask_png(image == 1, colour), bounds))
    return out


def analysis_state() -> dict[str, object]:
    """The one analysis state of the session (profile, group, cell size, method, threshold, weights).

    Every page reads it and the Suitability and Land budget pages set it; it is mirrored in the page's
    URL, so a reload or a shared link opens the same analysis.
    """
    if "analysis" not in st.session_state:
        query = st.query_params
        state: dict[str, object] = {}
        for name, parse in (
            ("profile", str),
            ("group", str),
            ("method", str),
            ("resolution", float),
            ("project", str),
        ):
            with contextlib.suppress(KeyError, ValueError):
                state[name] = parse(query[name])
        for name, number in (
            ("min_score", float),
            ("max_sites", int),
            ("min_spacing_m", float),
            ("min_area_ha", float),
        ):
            with contextlib.suppress(KeyError, ValueError):
                state[name] = number(query[name])
        state["coverage_only"] = query.get("coverage_only") == "yes"
        with contextlib.suppress(KeyError, ValueError):
            pairs = (item.split(":", 1) for item in query["weights"].split(","))
            st.session_state["weights"] = {k: float(v) for k, v in pairs}
        st.session_state["analysis"] = state
    return dict(st.session_state["analysis"])


def remember_analysis(**settings: object) -> None:
    """Update the session's analysis state and the URL that carries it."""
    state = {**analysis_state(), **settings}
    st.session_state["analysis"] = state
    shown = {k: ("yes" if v else None) if isinstance(v, bool) else v for k, v in state.items()}
    url = {k: (f"{v:g}" if isinstance(v, float) else str(v)) for k, v in shown.items() if v is not None}
    weights = st.session_state.get("weights")
    if weights:
        url["weights"] = ",".join(f"{k}:{v:.4g}" for k, v in weights.items())
    for name, value in url.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    for name in [k for k, v in shown.items() if v is None and k in st.query_params]:
        del st.query_params[name]  # a switch turned off leaves the URL


SITE_SETTINGS = ("min_score", "max_sites", "min_spacing_m", "min_area_ha")  # a scenario's site controls


def site_setting(name: str, default: float) -> float:
    """A site control of the analysis state (``SITE_SETTINGS``), else the profile's default."""
    value = analysis_state().get(name)
    return default if value is None else float(value)  # type: ignore[arg-type]


def _pick(widget: str, options: list[object] | tuple[object, ...], wanted: object, fallback: object) -> int:
    """The index a picker opens at: the state's choice when it is an option, else the fallback."""
    chosen = st.session_state.get(widget, wanted)
    return options.index(chosen) if chosen in options else options.index(fallback)


def settings_bar(lang: str) -> tuple[Profile, dict[str, object], str, float, str]:
    """Profile, pollution group, cell size and method pickers, opened at the session's analysis state."""
    state = analysis_state()
    cols = st.columns(4)
    names = saved_profiles(workspace())
    name = cols[0].selectbox(
        t("profile", lang), names, index=_pick("profile", names, state.get("profile"), DEFAULT_PROFILE), key="profile"
    )
    profile, doc = active_profile(name)
    group = cols[1].radio(
        t("group", lang),
        profile.groups,
        index=_pick(widget_key("group", lang), profile.groups, state.get("group"), profile.groups[0]),
        horizontal=True,
        key=widget_key("group", lang),
        format_func=lambda g: t(f"group_{g}", lang),
    )
    sizes = profile.cell_sizes_m
    resolution = cols[2].selectbox(
        t("resolution", lang),
        sizes,
        index=_pick(widget_key("resolution", lang), sizes, state.get("resolution"), profile.resolution_m),
        key=widget_key("resolution", lang),
        format_func=lambda r: t("metres", lang).format(m=f"{r:g}"),
    )
    methods = ("wlc", "owa", "topsis")
    method = cols[3].selectbox(
        t("method", lang),
        methods,
        index=_pick(widget_key("method", lang), methods, state.get("method"), profile.aggregation.method),
        key=widget_key("method", lang),
        format_func=lambda m: t(f"method_{m}", lang),
    )
    if name != state.get("profile") and "profile" in state:
        st.session_state.pop("weights", None)  # another profile: its own weights, threshold and site controls
        for setting in SITE_SETTINGS:
            st.session_state.pop(setting, None)
        remember_analysis(**dict.fromkeys(SITE_SETTINGS))
    remember_analysis(profile=name, group=group, resolution=float(resolution), method=method)
    return profile, doc, group, float(resolution), method


def coverage_only() -> bool:
    """Whether the planner restricted the study area to the coverage of their partial layers."""
    return bool(analysis_state().get("coverage_only", False))


def coverage_switch(model: SuitabilityModel, lang: str) -> None:
    """Offer, when a loaded layer covers only part of the province, to restrict the study area to it."""
    if not model.unknown and not coverage_only():
        return
    chosen = st.checkbox(t("coverage_only", lang), value=coverage_only(), help=t("coverage_only_help", lang))
    if chosen != coverage_only():
        remember_analysis(coverage_only=chosen)
        st.rerun()


def caveat_line(caveat: Caveat, profile: Profile, lang: str) -> str:
    """One caveat in the page's language, with Persian names of rules, criteria and layers on a Persian page."""
    _, catalogue = bundled_layers()
    return caveat_text(caveat, profile, {s.id: (s.title_en, s.title_fa) for s in catalogue}, lang)


def caveats(model: SuitabilityModel, lang: str) -> None:
    """Every warning of the model (missing rules, illustrative layers, placeholders) in one visible box."""
    if model.warnings:
        lines = "\n".join(f"- {caveat_line(w, model.profile, lang)}" for w in model.warnings)
        st.warning(t("caveats", lang) + "\n\n" + lines)


def place_names(lang: str) -> dict[str, str]:
    """English -> Persian names of the active data's counties, province and estates (empty on English pages)."""
    if lang != "fa":
        return {}
    layers, _, _ = analysis_layers()
    names = persian_names(layers.get("counties"), layers.get("province"), layers.get("estates"))
    return names | {PROVINCE_NAME: names.get(PROVINCE_NAME, "گیلان")}


def widget_key(name: str, lang: str) -> str:
    """A widget's key on a page in ``lang``: a Persian page has its own, so a language switch never leaves a
    radio or a picker showing an option of the other language (or none)."""
    return name if lang == "en" else f"{name}_{lang}"


def session_model(lang: str) -> tuple[SuitabilityModel, tuple[object, ...], Scenario]:
    """The model and scenario the session chose on the Suitability page (the profile's defaults if none)."""
    settings = analysis_state()
    try:
        profile, _ = active_profile(str(settings.get("profile", DEFAULT_PROFILE)))
        scenario = resolve_scenario(
            profile,
            group=settings.get("group"),  # type: ignore[arg-type]
            resolution_m=settings.get("resolution"),  # type: ignore[arg-type]
            method=settings.get("method"),  # type: ignore[arg-type]
            weights=st.session_state.get("weights"),
            min_score=settings.get("min_score"),  # type: ignore[arg-type]
            max_sites=settings.get("max_sites"),  # type: ignore[arg-type]
            min_spacing_m=settings.get("min_spacing_m"),  # type: ignore[arg-type]
            min_area_ha=settings.get("min_area_ha"),  # type: ignore[arg-type]
            coverage_only=bool(settings.get("coverage_only", False)),
        )
        with st.spinner(t("building", lang)):
            model, key = model_for(profile, scenario.group, scenario.resolution_m, coverage_only=scenario.coverage_only)
    except GilanInputError as err:
        st.error(str(err))
        st.stop()
    remember_analysis()  # keep the analysis in this page's URL too
    return model, key, scenario
