"""Site-suitability report for a committee: HTML, and PDF through WeasyPrint, in English or Persian.

Everything a committee may ask is in it: where each site is, its score, rank and rank stability,
each criterion's contribution, every rule checked with its distance and legal basis, the policy
profile and its hash, the data sources with their status, and a warning when missing constraint
classes make the result optimistic.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import jinja2
import pandas as pd

from layers.catalogue import PROJECT_DIR, Catalogue
from spatial.budget import LandBudget
from spatial.constraints import RuleCheck, check_rules
from spatial.display import caveat_text, persian_names, rule_check_texts
from spatial.errors import NoSuitableLandError
from spatial.i18n import LABELS, class_title, digits, embed, listing, programme_title, t
from spatial.layer_summary import summarise_catalogue
from spatial.model import SuitabilityModel
from spatial.pipeline import Result
from spatial.report_map import FONT_DIR, LEGEND, SCORE_CMAP, site_map_png


@dataclass(frozen=True)
class SiteSection:
    """One site's page."""

    row: pd.Series
    criteria: pd.DataFrame
    rules: list[RuleCheck]
    map_png: bytes


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


TEMPLATE = jinja2.Template(
    """<!DOCTYPE html>
<html lang="{{ lang }}" dir="{{ 'rtl' if lang == 'fa' else 'ltr' }}">
<head><meta charset="utf-8"><title>{{ t('report_title') }}</title>
<style>
@font-face { font-family: Vazirmatn; src: url("{{ font_dir }}/Vazirmatn-Regular.ttf"); }
@font-face { font-family: Vazirmatn; font-weight: bold; src: url("{{ font_dir }}/Vazirmatn-Bold.ttf"); }
@page { size: A4; margin: 16mm 14mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: Vazirmatn, sans-serif; font-size: 9.5pt; line-height: 1.45; color: #111; }
h1 { font-size: 17pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 10pt 0 4pt; page-break-after: avoid; }
.site { page-break-before: always; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 8.5pt; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: start; vertical-align: top; }
th { background: #eee; } td.num { text-align: end; white-space: nowrap; }
.warn { border: 1pt solid #c77c00; background: #fff6e0; padding: 5pt 8pt; margin: 6pt 0; }
.fail { color: #b00020; font-weight: bold; } .pass { color: #176b2c; } .unchecked { color: #8a5a00; }
.meta td { border: none; padding: 1pt 6pt 1pt 0; }
img.map { display: block; margin: 0 auto; max-width: 100%; max-height: 150mm; border: 0.5pt solid #999; }
.swatch { display: inline-block; width: 10pt; height: 8pt; border: 0.5pt solid #555; vertical-align: middle; }
.legend span.item { margin-inline-end: 10pt; white-space: nowrap; }
</style></head>
<body>
<h1>{{ t('report_title') }}</h1>
<table class="meta">
<tr><td>{{ t('profile') }}</td><td>{{ b(profile.name ~ ' ' ~ profile.version ~ ' (sha256 ' ~ profile.digest ~ ')') }}</td></tr>
<tr><td>{{ t('programme') }}</td><td>{{ programme }}: {{ profile.purpose(lang) }}</td></tr>
<tr><td>{{ t('group') }}</td><td>{{ t('group_' + group) }}</td></tr>
<tr><td>{{ t('resolution') }}</td><td>{{ b(t('metres').format(m=n(cell_m))) }} · {{ t('method') }}: {{ t('method_' + method) }}</td></tr>
<tr><td>{{ t('report_date') }}</td><td>{{ b(n(date)) }}</td></tr>
</table>
<div class="warn"><b>{{ t('report_optimistic') }}</b>
<ul>{% for w in warnings %}<li>{{ w }}</li>{% endfor %}</ul></div>
<h2>{{ t('report_overview') }}</h2>
<img class="map" src="{{ overview }}">
<div class="legend">{% for item in legend %}<span class="item"><span class="swatch" style="{{ item.style }}"></span> {{ item.label }}</span> {% endfor %}</div>
<table><tr><th>{{ t('site_rank') }}</th><th>{{ t('site_area_ha') }}</th><th>{{ t('site_site_score') }}</th>
<th>{{ t('site_tied_with') }}</th><th>{{ t('site_county') }}</th><th>{{ t('site_p_top_k').format(k=n(top_k)) }}</th><th>{{ t('site_rank_range') }}</th><th>{{ t('col_lat_lon') }}</th></tr>
{% for s in sites %}<tr><td class="num">{{ n(s.row['rank']) }}</td><td class="num">{{ n('%.0f' % s.row.area_ha) }}</td>
<td class="num">{{ n('%.3f' % s.row.site_score) }}</td><td class="num">{{ n(s.row.tied_with) if s.row.tied_with else '–' }}</td><td>{{ place(s.row.county) }}</td><td class="num">{{ n('%.2f' % s.row.p_top_k) }}</td>
<td class="num">{{ b(n(s.row.rank_p05) ~ '–' ~ n(s.row.rank_p95)) }}</td><td class="num">{{ b(n('%.4f, %.4f' % (s.row.lat, s.row.lon))) }}</td></tr>{% endfor %}
</table>
{% if ties %}<p>{{ t('ties_note').format(decimals=n(tie_decimals)) }}</p>{% endif %}
{% for s in sites %}
<div class="site">
<h2>{{ t('report_site') }} {{ b(n(s.row['rank'])) }} · {{ place(s.row.county) }}</h2>
<img class="map" src="{{ s.map }}">
<table>
<tr><th>{{ t('report_location') }}</th><td class="num">{{ n('%.5f' % s.row.lat) }} {{ t('lat_n') }}, {{ n('%.5f' % s.row.lon) }} {{ t('lon_e') }}</td>
<th>{{ t('site_area_ha') }}</th><td class="num">{{ n('%.1f' % s.row.area_ha) }}</td></tr>
<tr><th>{{ t('site_site_score') }}</th><td class="num">{{ n('%.3f' % s.row.site_score) }}</td>
<th>{{ t('report_rank_stability') }}</th><td>{{ t('report_stability_short').format(p=n('%.2f' % s.row.p_top_k), k=n(s.row.top_k), low=n(s.row.rank_p05), high=n(s.row.rank_p95)) }}</td></tr>
{% if s.row.screening_forest %}<tr><th>{{ t('site_screening_forest') }}</th><td colspan="3">{{ t('screening_' + s.row.screening_forest.replace(' ', '_')) }}</td></tr>{% endif %}
<tr><th>{{ t('site_rural_share') }}</th><td class="num">{{ n('%.0f' % (100 * s.row.rural_share)) }}</td>
<th>{{ t('report_deprived_share') }}</th><td class="num">{{ n('%.0f' % (100 * s.row.deprived_share)) }}{% if not deprived_set %} ({{ t('not_set') }}){% endif %}</td></tr>
</table>
<h2>{{ t('report_criteria') }}</h2>
<table><tr><th>{{ t('col_criterion') }}</th><th>{{ t('col_raw') }}</th><th>{{ t('col_standardised') }}</th><th>{{ t('col_weight') }}</th><th>{{ t('col_contribution') }}</th><th>{{ t('col_basis') }}</th></tr>
{% for c in s.criteria.itertuples() %}<tr><td>{{ c.title_fa if lang == 'fa' else c.title_en }}</td><td class="num">{{ n('%.1f' % c.raw_mean) }}</td>
<td class="num">{{ n('%.3f' % c.standardised) }}</td><td class="num">{{ n('%.3f' % c.weight) }}</td><td class="num">{{ n('%.3f' % c.contribution) }}</td><td>{{ c.basis_fa if lang == 'fa' and c.basis_fa else c.basis }}</td></tr>{% endfor %}
</table>
<h2>{{ t('report_rules') }}</h2>
<table><tr><th>{{ t('col_rule') }}</th><th>{{ t('col_limit') }}</th><th>{{ t('col_distance') }}</th><th>{{ t('col_nearest') }}</th><th>{{ t('col_state') }}</th><th>{{ t('col_basis') }}</th></tr>
{% for r in s.rules %}{% set texts = check_texts(r) %}<tr><td>{{ r.rule.title(lang) }}</td><td class="num">{{ n(texts[1]) }}</td>
<td class="num">{% if r.applied %}{{ n(texts[0]) }}{% else %}–{% endif %}</td><td>{{ b(r.nearest_in(lang)) if r.applied and r.nearest else '–' }}</td>
<td class="{{ 'fail' if r.excludes else ('pass' if r.applied else 'unchecked') }}">{{ t('state_failed' if r.excludes else ('state_passed' if r.applied else 'state_unchecked')) }}</td>
<td>{{ r.rule.basis_in(lang) }}</td></tr>{% endfor %}
</table>
</div>
{% endfor %}
{% if budget is not none %}
<div class="site">
<h2>{{ t('page_budget') }} ({{ t('report_ha') }})</h2>
<div class="warn">{{ t('budget_overstated').format(rules=missing_rules) }}</div>
{% if 'land_ha_measured' in budget.table %}<p>{{ t('budget_measured_note') }}</p>{% endif %}
<table><tr><th>{{ t('site_county') }}</th><th>{{ t('budget_land') }}</th>{% if 'land_ha_measured' in budget.table %}<th>{{ t('budget_land_measured') }}</th>{% endif %}<th>{{ t('budget_excluded') }}</th><th>{{ t('budget_developable') }}</th><th>{{ t('budget_demand_ha') }}</th><th>{{ t('budget_existing') }}</th><th>{{ t('inventory_idle') }}</th></tr>
{% for county, r in budget.table.iterrows() %}<tr><td>{{ place(county) }}</td><td class="num">{{ n('{:,.0f}'.format(r.land_ha)) }}</td>{% if 'land_ha_measured' in budget.table %}<td class="num">{{ '–' if r.land_ha_measured != r.land_ha_measured else n('{:,.0f}'.format(r.land_ha_measured)) }}</td>{% endif %}<td class="num">{{ n('{:,.0f}'.format(r.excluded_ha)) }}</td><td class="num">{{ n('{:,.0f}'.format(r.developable_ha)) }}</td><td class="num">{{ n('{:,.0f}'.format(r.demand_ha)) }}</td><td class="num">{{ '–' if r.existing_industrial_ha != r.existing_industrial_ha else n('{:,.0f}'.format(r.existing_industrial_ha)) }}</td><td class="num">{{ '–' if r.idle_ha != r.idle_ha else n('{:,.1f}'.format(r.idle_ha)) }}</td></tr>{% endfor %}
</table>
<h2>{{ t('budget_cross_check') }}</h2>
<table><tr><th></th><th>{{ t('report_public_figure') }}</th><th>{{ t('report_mapped') }}</th><th>{{ t('report_missing_from_maps') }}</th><th>{{ t('report_screening') }}</th></tr>
{% for r in budget.cross_check.itertuples() %}<tr><td>{{ item(r.item) }}</td><td class="num">{{ n('{:,.0f}'.format(r.public_figure_ha)) }}</td><td class="num">{{ n('{:,.0f}'.format(r.mapped_ha)) }}</td><td class="num">{{ n('{:,.0f}'.format(r.missing_from_maps_ha)) }}</td><td class="num">{{ '–' if r.screening_ha != r.screening_ha else n('{:,.0f}'.format(r.screening_ha)) }}</td></tr>{% endfor %}
</table>
</div>
{% endif %}
<div class="site">
<h2>{{ t('report_sources') }}</h2>
<table><tr><th>{{ t('col_layer') }}</th><th>{{ t('col_status') }}</th><th>{{ t('col_source') }}</th><th>{{ t('col_licence') }}</th><th>{{ t('col_accuracy') }}</th></tr>
{% for r in sources %}<tr><td>{{ r.title_fa if lang == 'fa' else r.title_en }}</td><td class="{{ 'unchecked' if r.status not in ('approximate', "planner's own") else '' }}">{{ status(r.status) }}</td><td>{{ r.source }}</td><td>{{ r.licence }}</td><td>{{ r.accuracy_in(lang) }}</td></tr>{% endfor %}
</table>
</div>
</body></html>
""",
    autoescape=True,
)


def _legend(lang: str) -> list[dict[str, str]]:
    items = []
    for key, kind, colour in LEGEND:
        if kind == "ramp":
            stops = ", ".join(
                f"rgb({r * 255:.0f},{g * 255:.0f},{b * 255:.0f})" for r, g, b, _ in SCORE_CMAP(range(0, 256, 64))
            )
            style = f"width: 30pt; background: linear-gradient(to right, {stops})"
        elif kind == "outline":
            style = f"background: none; border: 1.5pt solid {colour}"
        elif kind == "point":
            style = f"background: {colour}; border-radius: 50%; width: 7pt; height: 7pt"
        elif kind == "line":
            style = f"background: none; border: none; border-top: 1.5pt solid {colour}; height: 0"
        else:
            style = f"background: {colour}"
        items.append({"label": t(key, lang), "style": style})
    return items


def report_html(
    model: SuitabilityModel,
    result: Result,
    layers: dict[str, gpd.GeoDataFrame],
    catalogue: Catalogue,
    *,
    lang: str = "en",
    top: int = 5,
    site: int | None = None,
    today: dt.date | None = None,
    budget: LandBudget | None = None,
    supplied: Mapping[str, str] | None = None,
) -> str:
    """The report on the ``top`` sites, or on the one ranked ``site``, of one run, as self-contained HTML.

    ``supplied`` maps the ids of the planner's own layers to their files: the sources table says
    which layers came from the planner and which are bundled.
    """
    if result.table is None or result.explained is None:
        raise NoSuitableLandError(result.problem or "the run found no site")
    table = result.table[result.table["rank"] == site] if site is not None else result.table.head(top)
    if table.empty:
        raise NoSuitableLandError(f"there is no site ranked {site}; the run found {len(result.table)} sites")
    explained, score, method = result.explained, result.score, result.scenario.method
    sections = []
    for _, row in table.iterrows():
        sections.append(
            {
                "row": row,
                "criteria": explained[explained["rank"] == row["rank"]],
                "rules": check_rules(
                    row.geometry, layers, model.profile.constraints, group=model.group, slope=model.slope_on_grid
                ),
                "map": _data_url(site_map_png(model, score, layers, focus=row.geometry, sites=table, lang=lang)),
            }
        )
    province = layers["province"].geometry.union_all()
    overview = _data_url(site_map_png(model, score, layers, focus=province, sites=table, margin_m=2_000, lang=lang))
    gaps = catalogue.constraint_gaps(frozenset(supplied or ()))
    layer_titles = {spec.id: (spec.title_en, spec.title_fa) for spec in catalogue}
    warnings = [
        t("report_missing_classes", lang).format(
            classes=listing((class_title(g.constraint_class, lang) for g in gaps if g.state == "missing"), lang)
        ),
        *(caveat_text(w, model.profile, layer_titles, lang) for w in result.caveats),
    ]
    names = persian_names(layers.get("counties"), layers.get("province")) if lang == "fa" else {}
    rule_titles = {r.id: r.title(lang) for r in model.profile.constraints}

    def label(key: str, value: str) -> str:
        return t(key, lang) if key in LABELS else value

    return TEMPLATE.render(
        b=lambda text: embed(text, lang),
        place=lambda name: names.get(name, name),
        check_texts=lambda check: rule_check_texts(check, lang),
        item=lambda value: label(f"value_item_{value.replace(' ', '_').replace('(', '').replace(')', '')}", value),
        status=lambda value: listing((label(f"value_status_{v}", v) for v in value.split(", ")), lang),
        programme=programme_title(model.profile.programme, lang),
        missing_rules=listing((embed(rule_titles.get(r, r), lang) for r in budget.missing_rules), lang)
        if budget is not None
        else "",
        lang=lang,
        t=lambda key: t(key, lang),
        n=lambda value: digits(value, lang),
        font_dir=FONT_DIR.as_uri(),
        profile=model.profile,
        group=model.group,
        cell_m=f"{model.grid.cell_m:g}",
        method=method,
        date=(today or dt.date.today()).isoformat(),
        warnings=warnings,
        overview=overview,
        legend=_legend(lang),
        sites=sections,
        deprived_set=model.deprived_flags_set,
        sources=summarise_catalogue(catalogue, layers, supplied),
        budget=budget,
        ties=bool(table["tied_with"].astype(bool).any()),
        tie_decimals=model.profile.sites.tie_decimals,
        top_k=int(table["top_k"].iloc[0]),
    )


def report_pdf(html: str) -> bytes:
    """The HTML report rendered to PDF by WeasyPrint (Pango shapes the Persian text; fonts embedded)."""
    import weasyprint  # imported here: it loads Pango, which only reports need

    return weasyprint.HTML(string=html, base_url=str(PROJECT_DIR)).write_pdf()
