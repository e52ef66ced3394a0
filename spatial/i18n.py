"""The one translation table: every label the app or a report shows, in English and Persian."""

from __future__ import annotations

import re
from collections.abc import Iterable

LANGS = ("en", "fa")
PERSIAN_DIGITS = str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫")  # with the Persian decimal separator

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("Gilan industrial site selection", "مکان‌یابی زمین صنعتی گیلان"),
    "language": ("Language", "زبان"),
    "page_map": ("Map explorer", "نقشه لایه‌ها"),
    "map_intro": (
        "Every bundled planning layer of Gilan. Use the layer switcher (top right of the map) to show or hide "
        "layers and click a feature for its attributes. Nothing here is loaded from the internet.",
        "همه لایه‌های برنامه‌ریزی استان گیلان. با کلید لایه‌ها (بالا سمت راست نقشه) لایه‌ها را روشن و خاموش کنید "
        "و برای دیدن ویژگی‌ها روی هر عارضه کلیک کنید. هیچ داده‌ای از اینترنت بارگیری نمی‌شود.",
    ),
    "osm_background": ("OpenStreetMap background (needs internet)", "زمینه اپن‌استریت‌مپ (نیاز به اینترنت)"),
    "legend": ("Legend", "راهنما"),
    "no_tiles": ("No web tiles: drawn from bundled data", "بدون کاشی وب: ترسیم از داده‌های همراه"),
    "status_approximate": ("approximate", "تقریبی"),
    "status_illustrative": ("illustrative", "نمایشی"),
    "status_missing": ("missing", "موجود نیست"),
    "status_screening": ("screening", "غربالگری"),
    "status_supplied": ("your data", "داده شما"),
    "completeness": ("Data completeness", "کامل بودن داده‌ها"),
    "completeness_warning": (
        "These constraint classes are missing or only partly mapped. Any land figure computed without them "
        "OVERSTATES the land available for industry. Upload the planner's own layers to fill them.",
        "این دسته‌های محدودیت موجود نیستند یا ناقص‌اند. هر رقم زمینی که بدون آن‌ها محاسبه شود، زمین در دسترس "
        "برای صنعت را بیش از واقع نشان می‌دهد. لایه‌های خود را بارگذاری کنید.",
    ),
    "gap_missing": ("missing", "موجود نیست"),
    "gap_partial": ("partial", "ناقص"),
    "provenance": ("Provenance of each layer", "منشأ هر لایه"),
    "col_layer": ("Layer", "لایه"),
    "col_kind": ("Kind", "نوع"),
    "col_features": ("Features", "تعداد عوارض"),
    "col_status": ("Status", "وضعیت"),
    "col_source": ("Source", "منبع"),
    "col_licence": ("Licence", "مجوز"),
    "col_scale": ("Scale", "مقیاس"),
    "col_accuracy": ("Accuracy", "دقت"),
    "col_class": ("Constraint class", "دسته محدودیت"),
    "col_how": ("How to supply it", "نحوه تأمین"),
    "unknown": ("unknown", "نامعلوم"),
    "deprived_placeholder": (
        "The deprived-county flags are a placeholder: none is set. Fill data/gilan/deprived_counties.csv "
        "from the cabinet decree 1388/02/20 (No. 76254/T36095H).",
        "پرچم شهرستان‌های محروم جایگزین موقت است و هیچ‌کدام تعیین نشده است. فایل deprived_counties.csv را "
        "از روی مصوبه هیئت وزیران ۱۳۸۸/۰۲/۲۰ تکمیل کنید.",
    ),
    "load_error": ("The bundled data could not be loaded", "داده‌های همراه بارگیری نشد"),
    "field_name_en": ("Name", "نام (انگلیسی)"),
    "field_name_fa": ("Persian name", "نام"),
    "field_type": ("Type", "نوع"),
    "field_county": ("County", "شهرستان"),
    "field_area_ha": ("Area (ha)", "مساحت (هکتار)"),
    "field_area_km2": ("Area (km²)", "مساحت (کیلومتر مربع)"),
    "field_units": ("Production units", "واحدهای تولیدی"),
    "field_jobs": ("Jobs", "اشتغال"),
    "field_idle_units": ("Idle units", "واحدهای راکد"),
    "field_plots_allocated": ("Plots allocated", "قطعات واگذارشده"),
    "field_plots_free": ("Plots free", "قطعات آزاد"),
    "field_seat_en": ("County seat", "مرکز شهرستان"),
    "field_pop_2016": ("Population 2016", "جمعیت ۱۳۹۵"),
    "field_deprived": ("Deprived", "محروم"),
    "field_population": ("Population (GeoNames)", "جمعیت (ژئونیمز)"),
    "field_feature_code": ("GeoNames class", "رده ژئونیمز"),
    "field_river_class": ("River class", "رده رودخانه"),
    "field_location_basis": ("Location basis", "مبنای موقعیت"),
    "field_rule": ("Rule", "قاعده"),
    "field_rule_fa": ("Rule (Persian)", "قاعده"),
    "field_basis": ("Basis", "مبنا"),
    "field_basis_fa": ("Basis (Persian)", "مبنا"),
    "field_zone": ("Zone", "پهنه"),
    "field_zone_fa": ("Zone (Persian)", "پهنه"),
    "field_note": ("Note", "یادداشت"),
    "field_source": ("Source", "منبع"),
    "field_data_status": ("Data status", "وضعیت داده"),
    "page_suitability": ("Suitability", "تناسب اراضی"),
    "page_inspector": ("Site inspector", "بازرسی محل"),
    "page_compare": ("Compare", "مقایسه"),
    "page_my_data": ("My data", "داده‌های من"),
    "page_policy": ("Policy", "سیاست"),
    "page_programmes": ("Programmes", "برنامه‌ها"),
    "col_id": ("Id", "شناسه"),
    "col_name": ("Name", "نام"),
    "col_trade": ("Trade", "صنف"),
    "col_group": ("Group", "گروه"),
    "col_origin": ("Where it is now", "جای کنونی"),
    "col_destination": ("Destination", "مقصد"),
    "col_distance_km": ("Distance (km)", "فاصله (کیلومتر)"),
    "col_daily_km": ("Daily travel (person-km)", "رفت\u200cوآمد روزانه (نفر-کیلومتر)"),
    "col_max_group": ("Cleared up to group", "مجاز تا گروه"),
    "col_used_ha": ("Used (ha)", "به\u200cکاررفته (هکتار)"),
    "col_left_ha": ("Left (ha)", "باقی\u200cمانده (هکتار)"),
    "col_businesses": ("Businesses", "کسب\u200cوکارها"),
    "col_opened": ("Opened", "گشوده"),
    "col_reason": ("Reason", "دلیل"),
    "col_roof_basis": ("Roofs from", "بام\u200cها از"),
    "col_roof_m2": ("Usable roof (m²)", "بام قابل استفاده (متر مربع)"),
    "col_rooftop_mwh": ("Roofs (MWh a year)", "بام\u200cها (مگاوات\u200cساعت در سال)"),
    "col_free_land_mwh": ("Free land (MWh a year)", "زمین خالی (مگاوات\u200cساعت در سال)"),
    "col_total_mwh": ("Total (MWh a year)", "جمع (مگاوات\u200cساعت در سال)"),
    "col_demand_mwh": ("Demand (MWh a year)", "تقاضا (مگاوات\u200cساعت در سال)"),
    "col_share_of_demand": ("Share of demand", "سهم از تقاضا"),
    "col_programme": ("Programme", "برنامه"),
    "criterion_layers": (
        "Criterion layers: each criterion standardised to 0..1, and its transformation",
        "لایه‌های معیار: هر معیار استانداردشده به ۰ تا ۱، و تبدیل آن",
    ),
    "criterion_layer_note": (
        "0 (red) to 1 (green); blank where the criterion is unknown or the land is outside the province",
        "۰ (قرمز) تا ۱ (سبز)؛ سفید جایی که معیار نامعلوم است یا بیرون از استان",
    ),
    "criterion_curve_note": (
        "Raw value ({measure}) across, standardised value up; edit the function and control points in a copy "
        "of the profile on the Policy page",
        "محور افقی: مقدار خام ({measure})، محور عمودی: مقدار استانداردشده؛ تابع و نقاط کنترل را در رونوشتی از "
        "نیم‌رخ در صفحه سیاست ویرایش کنید",
    ),
    "programmes_profiles": ("Profiles and the programmes they serve", "نیم‌رخ‌ها و برنامه‌هایی که به آن‌ها خدمت می‌کنند"),
    "programme": ("Programme", "برنامه"),
    "purpose": ("Purpose", "هدف"),
    "relocation": ("Relocating nuisance trades", "انتقال صنوف مزاحم"),
    "relocation_help": (
        "A CSV with one row per business: id, trade, group (a-e or الف-ه), land_ha or land_m2, workers, "
        "daily_visits, and lon and lat, or town, or county. Each business goes whole to an estate with free land "
        "(from your plot table) or a new site of the chosen profile cleared for its group; the solver (HiGHS) "
        "places as many as fit, then keeps the daily travel of workers and customers least.",
        "یک CSV با یک ردیف برای هر کسب‌وکار: id، trade، group (a تا e یا الف تا ه)، land_ha یا land_m2، workers، "
        "daily_visits، و lon و lat یا town یا county. هر کسب‌وکار یکجا به شهرکی با زمین خالی (از جدول قطعات شما) یا "
        "محل تازه‌ای از نیم‌رخ برگزیده که برای گروهش مجاز است می‌رود؛ حل‌کننده (HiGHS) هر چند تا که جا شوند را جای "
        "می‌دهد و سپس رفت‌وآمد روزانه کارکنان و مشتریان را کمینه می‌کند.",
    ),
    "relocation_file": ("Businesses to relocate (CSV)", "کسب‌وکارهای جابه‌جاشونده (CSV)"),
    "relocation_new_sites": ("At most this many new sites (0: no limit)", "حداکثر این تعداد محل تازه (۰: بدون حد)"),
    "relocation_run": ("Check and plan", "بررسی و برنامه‌ریزی"),
    "relocation_done": (
        "{file}, {profile}: {placed} placed, {unplaced} not; {km:,.1f} person-km of travel a day",
        "{file}، {profile}: {placed} جای‌گرفته، {unplaced} بی‌جا؛ {km:,.1f} نفر-کیلومتر رفت‌وآمد در روز",
    ),
    "relocation_no_plots": (
        "No plot table in this project: the existing estates' free land is unknown, so only new sites are offered",
        "جدول قطعات در این پروژه نیست: زمین خالی شهرک‌های موجود نامعلوم است، پس فقط محل‌های تازه پیشنهاد می‌شوند",
    ),
    "relocation_legend": (
        "<br>orange: a move (straight line); purple: where a business is; green: its destination",
        "<br>نارنجی: یک جابه‌جایی (خط راست)؛ بنفش: جای کنونی کسب‌وکار؛ سبز: مقصد آن",
    ),
    "relocation_unplaced": ("Not placed, with the reason", "جای‌نگرفته‌ها، با دلیل"),
    "relocation_download": ("Download the moves (GeoPackage)", "دریافت جابه‌جایی‌ها (ژئوپکیج)"),
    "solar": ("Solar power on estates", "برق خورشیدی در شهرک‌ها"),
    "solar_clear_sky": ("Clear sky (pvlib), a year", "آسمان صاف (pvlib)، در سال"),
    "solar_real": ("Real irradiation, a year", "تابش واقعی، در سال"),
    "solar_total": ("Estates and zones, MWh a year", "شهرک‌ها و نواحی، مگاوات‌ساعت در سال"),
    "solar_source": (
        "Real irradiation: {source}. On the tilted panels: {poa:,.0f} kWh/m² a year. Settings: {basis}",
        "تابش واقعی: {source}. روی پنل‌های شیب‌دار: {poa:,.0f} کیلووات‌ساعت بر متر مربع در سال. تنظیمات: {basis}",
    ),
    "solar_counted": (
        "The total counts {counted} estates and zones with a known area; {unknown} without one are left out, and "
        "special zones (the Anzali free zone) are listed but not counted. All 1,858 ha of estate land would give "
        "about {whole:,.0f} MWh a year on roofs.",
        "جمع {counted} شهرک و ناحیه با مساحت معلوم را می‌شمارد؛ {unknown} بدون مساحت کنار گذاشته شده‌اند و مناطق ویژه "
        "(منطقه آزاد انزلی) فهرست شده ولی شمرده نشده‌اند. همه ۱۸۵۸ هکتار زمین شهرک‌ها حدود {whole:,.0f} مگاوات‌ساعت "
        "در سال روی بام‌ها می‌دهد.",
    ),
    "building": (
        "Preparing the model (distances are computed once, then cached)",
        "آماده‌سازی مدل (فاصله‌ها یک بار محاسبه می‌شوند)",
    ),
    "model_ready": ("Model ready", "مدل آماده است"),
    "rules_and_criteria": ("Rules and criteria, with their legal basis", "قواعد و معیارها با مبنای قانونی"),
    "col_rule": ("Rule", "قاعده"),
    "col_distance": ("Distance", "فاصله"),
    "col_applied": ("Applied", "اعمال شده"),
    "col_basis": ("Legal basis / source", "مبنای قانونی / منبع"),
    "col_criterion": ("Criterion", "معیار"),
    "col_measure": ("Measure (layer)", "سنجه (لایه)"),
    "col_function": ("Standardisation", "استانداردسازی"),
    "col_weight": ("Weight", "وزن"),
    "col_raw": ("Raw value", "مقدار خام"),
    "col_standardised": ("Standardised", "استاندارد شده"),
    "col_contribution": ("Contribution", "سهم در امتیاز"),
    "col_state": ("Result", "نتیجه"),
    "col_nearest": ("Nearest feature", "نزدیک‌ترین عارضه"),
    "col_limit": ("Limit", "حد"),
    "yes": ("yes", "بله"),
    "no": ("no", "خیر"),
    "not_set": ("not set", "تعیین نشده"),
    "missing_layer": ("no: layer missing", "خیر: لایه موجود نیست"),
    "weights": ("Weights", "وزن‌ها"),
    "weights_kept": (
        "The previous weights stay in use until the judgements are consistent.",
        "تا سازگار شدن قضاوت‌ها، وزن‌های قبلی به کار می‌روند.",
    ),
    "weights_mode": ("Set weights by", "روش تعیین وزن"),
    "mode_sliders": ("sliders", "لغزنده"),
    "mode_ranks": ("rank", "رتبه"),
    "mode_ahp": ("AHP pairwise", "مقایسه زوجی AHP"),
    "weights_all_zero": (
        "Every weight is zero: give at least one criterion a weight.",
        "همه وزن‌ها صفر است: دست‌کم به یک معیار وزن دهید.",
    ),
    "weights_used": ("Weights used", "وزن‌های به کار رفته"),
    "ahp_help": (
        "For each pair, how much more important is one criterion than the other (Saaty's 1-9 scale)?",
        "در هر جفت، اهمیت یک معیار نسبت به دیگری چند برابر است (مقیاس ۱ تا ۹ ساعتی)؟",
    ),
    "ahp_equal": ("equal", "برابر"),
    "ahp_cr": ("Consistency ratio (must be below 0.10)", "نسبت سازگاری (باید کمتر از ۰٫۱۰ باشد)"),
    "ahp_cr_help": (
        "Saaty's CR = CI / RI; above 0.10 the judgements contradict each other.",
        "نسبت سازگاری ساعتی؛ بالاتر از ۰٫۱۰ یعنی قضاوت‌ها با هم تناقض دارند.",
    ),
    "ahp_inconsistent": ("The judgements are too inconsistent:", "قضاوت‌ها بیش از حد ناسازگارند:"),
    "ahp_revisit": (
        "consistency ratio {cr} is not below {limit}; revisit: {hints}",
        "نسبت سازگاری {cr} کمتر از {limit} نیست؛ این قضاوت‌ها را بازبینی کنید: {hints}",
    ),
    "ahp_revisit_pair": (
        "{pair}: you gave {given}, the other judgements imply about {implied}",
        "{pair}: شما {given} دادید، قضاوت‌های دیگر حدود {implied} را نشان می‌دهند",
    ),
    "ahp_start": (
        "The judgements start at the Saaty-scale ratios nearest to the weights in use; those weights stay in use "
        "until you move a judgement.",
        "قضاوت‌ها از نزدیک‌ترین نسبت‌های مقیاس ساعتی به وزن‌های در حال استفاده آغاز می‌شوند؛ تا قضاوتی را جابه‌جا "
        "نکنید همان وزن‌ها به کار می‌روند.",
    ),
    "profile": ("Policy profile", "نیم‌رخ سیاستی"),
    "group": ("Pollution group", "گروه آلایندگی"),
    "group_d": ("group د (D)", "گروه د"),
    "group_e": ("group ه (E)", "گروه ه"),
    "resolution": ("Cell size", "اندازه سلول"),
    "method": ("Aggregation", "روش ترکیب"),
    "method_wlc": ("WLC (weighted sum)", "ترکیب خطی وزنی"),
    "method_owa": ("OWA (risk attitude)", "میانگین وزنی مرتب"),
    "method_topsis": ("TOPSIS (rank sites)", "تاپسیس (رتبه‌بندی محل‌ها)"),
    "score": ("Suitability score", "امتیاز تناسب"),
    "excluded_by": ("Excluded by", "حذف شده به دلیل"),
    "sites": ("Candidate sites", "محل‌های پیشنهادی"),
    "top_sites": ("Top sites", "بهترین محل‌ها"),
    "no_sites": ("No site found.", "محلی یافت نشد."),
    "legend_not_all_rules": (
        "Some rules are not applied (layers missing): see the caveats below the map.",
        "برخی قواعد اعمال نشده‌اند (لایه موجود نیست): هشدارهای زیر نقشه را ببینید.",
    ),
    "caveats": ("Data caveats: read before using these results", "هشدارهای داده: پیش از استفاده از نتایج بخوانید"),
    "layer_provinces": ("Provinces", "استان‌ها"),
    "layer_sea": ("Caspian Sea", "دریای خزر"),
    "layer_counties": ("Counties (approximate)", "شهرستان‌ها (تقریبی)"),
    "layer_province": ("Gilan", "گیلان"),
    "site_rank": ("Rank", "رتبه"),
    "site_area_ha": ("Area (ha)", "مساحت (هکتار)"),
    "site_site_score": ("Score", "امتیاز"),
    "site_county": ("County", "شهرستان"),
    "site_rural_share": ("Rural (%)", "روستایی (درصد)"),
    "site_p_top_k": ("P(stays in top {k})", "احتمال ماندن در {k} رتبهٔ نخست"),
    "site_rank_range": ("Rank range (5-95 %)", "بازه رتبه (۵ تا ۹۵ درصد)"),
    "open_inspector": (
        "Open the Site inspector page to see why this site ranks where it does.",
        "برای دیدن دلیل رتبه این محل، صفحه بازرسی محل را باز کنید.",
    ),
    "download_sites_gpkg": ("Sites (GeoPackage)", "محل‌ها (ژئوپکیج)"),
    "download_sites_csv": ("Sites (CSV)", "محل‌ها (CSV)"),
    "download_score": ("Score raster (GeoTIFF)", "رستر امتیاز (GeoTIFF)"),
    "download_profile": ("Profile (TOML)", "نیم‌رخ (TOML)"),
    "inspector_settings": (
        "Profile {profile}, {group}, {cell} m cells, {method}, with the weights set on the Suitability page.",
        "نیم‌رخ {profile}، {group}، سلول {cell} متری، {method}، با وزن‌های صفحه تناسب اراضی.",
    ),
    "pick_site": ("Site", "محل"),
    "click_map": ("Click the map to inspect any place.", "برای بازرسی هر نقطه روی نقشه کلیک کنید."),
    "clicked_point": ("Clicked point {lat:.4f} N, {lon:.4f} E", "نقطه انتخاب‌شده {lat:.4f} شمالی، {lon:.4f} شرقی"),
    "site_centre": ("Centre of site {rank}", "مرکز محل {rank}"),
    "rural": ("Rural zone", "منطقه روستایی"),
    "deprived": ("Deprived county", "شهرستان محروم"),
    "rules_here": ("Every rule checked here", "همه قواعد بررسی‌شده در این نقطه"),
    "criteria_here": ("Every criterion here", "همه معیارها در این نقطه"),
    "criteria_site": (
        "Every criterion over the whole site (mean of its cells: the site's score is made of these)",
        "همه معیارها در کل محل (میانگین یاخته‌های آن: امتیاز محل از همین‌ها ساخته می‌شود)",
    ),
    "state_excluded": ("EXCLUDED", "حذف شده"),
    "state_passes": ("passes", "مجاز"),
    "state_unchecked": ("not checked: layer missing", "بررسی نشد: لایه موجود نیست"),
    "stability": ("Rank stability", "پایداری رتبه"),
    "stability_text": (
        "In {draws} random weightings around yours, this site stays in the top {k} with probability {p:.2f}; "
        "its rank lies between {low} and {high} (5-95 %).",
        "در {draws} وزن‌دهی تصادفی پیرامون وزن‌های شما، این محل با احتمال {p:.2f} در {k} رتبه نخست می‌ماند؛ "
        "رتبه آن بین {low} و {high} است (۵ تا ۹۵ درصد).",
    ),
    "compare_help": (
        "Scenario A is the analysis of the Suitability page; set scenario B here: another pollution group (د against "
        "ه), another profile or other weights. With another profile, B uses that profile's threshold and site rules.",
        "سناریوی الف همان تحلیل صفحه تناسب اراضی است؛ سناریوی ب را اینجا تعیین کنید: "
        "گروه آلایندگی دیگر (د در برابر ه)، "
        "نیم‌رخ دیگر یا وزن‌های دیگر. با نیم‌رخ دیگر، سناریوی ب آستانه و قواعد محل آن نیم‌رخ را به کار می‌برد.",
    ),
    "scenario_b_weights": ("Weights of scenario B", "وزن‌های سناریوی ب"),
    "scenario_b_settings": ("Scenario B: profile, group and weights", "سناریوی ب: نیم‌رخ، گروه و وزن‌ها"),
    "scenario_A": ("A", "الف"),
    "scenario_B": ("B", "ب"),
    "scenario_settings": (
        "{profile}, {group}, {cell} m cells, {method}",
        "{profile}، {group}، سلول {cell} متری، {method}",
    ),
    "only_in": ("Sites only in scenario {name} ({count})", "محل‌هایی که فقط در سناریوی {name} هستند ({count})"),
    "only_in_none": (
        "None: every site overlaps a site of the other scenario.",
        "هیچ: هر محل با محلی از سناریوی دیگر هم‌پوشانی دارد.",
    ),
    "scenario": ("Scenario {name}", "سناریوی {name}"),
    "rank_changes": ("How the sites of A rank under B", "رتبه محل‌های سناریوی الف در سناریوی ب"),
    "rank_in_a": ("Rank in A", "رتبه در الف"),
    "rank_in_b": ("Rank in B", "رتبه در ب"),
    "rank_change": ("Change", "تغییر"),
    "not_a_site": ("not a site", "محل نیست"),
    "my_data_help": (
        "Upload a GeoPackage, GeoJSON, zipped Shapefile or GeoTIFF (up to {limit} MB) and say which layer it is. "
        "It is checked first; only a valid file is kept, in the active project (one is made for you while the "
        "bundled data is active).",
        "یک فایل ژئوپکیج، ژئوجیسون، شیپ‌فایل فشرده یا GeoTIFF (تا {limit} مگابایت) بارگذاری کنید و نقش آن را بگویید. "
        "ابتدا بررسی می‌شود و تنها فایل معتبر در پروژه فعال نگه داشته می‌شود (اگر داده‌های همراه فعال باشد، پروژه‌ای "
        "برایتان ساخته می‌شود).",
    ),
    "upload_file": ("Add a layer file", "افزودن پرونده لایه"),
    "upload_role": ("This file is the layer", "این فایل لایه است"),
    "upload_crs": ("CRS if the file has none (e.g. EPSG:4326)", "سامانه مختصات اگر فایل ندارد (مثلاً EPSG:4326)"),
    "upload_repair": ("Repair invalid geometry (make_valid)", "اصلاح هندسه نامعتبر"),
    "upload_check_save": ("Check and save", "بررسی و ذخیره"),
    "upload_none": ("Choose a file first.", "ابتدا یک فایل انتخاب کنید."),
    "upload_refused": ("Not saved:", "ذخیره نشد:"),
    "upload_saved": (
        "Saved {name} as {role} ({size}). It is used in the analysis from now on.",
        "{name} به عنوان {role} ذخیره شد ({size}). از این پس در تحلیل به کار می‌رود.",
    ),
    "upload_fills": ("This fills the constraint class: {cls}.", "این فایل دسته محدودیت «{cls}» را پر می‌کند."),
    "my_layers": ("Your layers", "لایه‌های شما"),
    "my_layers_none": (
        "None yet: the analysis uses the bundled data only.",
        "هنوز هیچ: تحلیل فقط از داده‌های همراه استفاده می‌کند.",
    ),
    "remove": ("Remove", "حذف"),
    "policy_edit": ("Edit a copy", "ویرایش یک نسخه"),
    "policy_edit_help": (
        "Change distances, weights, transformations or the minimum area, add rules and criteria, and save the "
        "copy under a new name; the original stays as it is.",
        "فاصله‌ها، وزن‌ها، تبدیل‌ها یا حداقل مساحت را تغییر دهید، قاعده و معیار بیفزایید و نسخه را با نام تازه "
        "ذخیره کنید؛ نسخه اصلی دست نمی‌خورد.",
    ),
    "min_area": ("Minimum site area (ha)", "حداقل مساحت محل (هکتار)"),
    "policy_new_name": ("Name of the copy", "نام نسخه"),
    "policy_save": ("Save the copy", "ذخیره نسخه"),
    "policy_saved": (
        "Saved {name}; {original} is unchanged. Pick it on the Suitability page.",
        "{name} ذخیره شد؛ {original} تغییری نکرد. آن را در صفحه تناسب اراضی انتخاب کنید.",
    ),
    "policy_not_saved": ("Not saved:", "ذخیره نشد:"),
    # Policy editor
    "pe_transform": ("Transformation of each criterion", "تبدیل (استانداردسازی) هر معیار"),
    "pe_transform_help": (
        "The function, its direction and the control points, in the measure's unit, turn a raw value into a "
        "score from 0 to 1. Each curve shows the values as edited here, before they are saved.",
        "تابع، جهت آن و نقاط کنترل، به یکای سنجه، مقدار خام را به امتیازی از ۰ تا ۱ تبدیل می‌کنند. "
        "هر نمودار مقادیر ویرایش‌شده در همین صفحه را، پیش از ذخیره، نشان می‌دهد.",
    ),
    "pe_function": ("Function", "تابع"),
    "pe_direction": ("Direction", "جهت"),
    "pe_control": ("Control points ({unit})", "نقاط کنترل ({unit})"),
    "pe_control_help": (
        "Two increasing numbers a, b (four, a, b, c, d, when symmetric), separated by commas, e.g. 250, 10000. "
        "Increasing: 0 at a, 1 at b; decreasing: 1 at a, 0 at b; symmetric: rising from a to b, falling from c "
        "to d. A J-shaped curve is 0.5 at its outer point and never quite 0.",
        "دو عدد صعودی a و b (برای تابع متقارن چهار عدد a، b، c و d)، جداشده با ویرگول؛ مثلاً 250, 10000. "
        "افزایشی: ۰ در a و ۱ در b؛ کاهشی: ۱ در a و ۰ در b؛ متقارن: افزایش از a تا b و کاهش از c تا d. "
        "منحنی جی‌شکل در نقطه بیرونی خود ۰٫۵ است و هرگز به ۰ نمی‌رسد.",
    ),
    "pe_raw_value": ("Raw value ({unit})", "مقدار خام ({unit})"),
    "pe_no_curve": ("No curve for these values: {error}", "برای این مقادیر منحنی رسم نمی‌شود: {error}"),
    "unit_distance": ("m", "متر"),
    "unit_zone": ("1 inside, 0 outside", "۱ درون، ۰ بیرون"),
    "unit_attribute": ("the column's value", "مقدار ستون"),
    "unit_slope_percent": ("%", "درصد"),
    "unit_slope_degrees": ("degrees", "درجه"),
    "pe_add": ("Add a rule or a criterion", "افزودن قاعده یا معیار"),
    "pe_add_help": (
        "What is added here is saved with the copy. Every addition needs its legal basis or source: "
        "without it nothing is saved.",
        "آنچه در اینجا افزوده شود با نسخه ذخیره می‌شود. هر افزوده به مبنای قانونی یا منبع خود نیاز دارد و "
        "بدون آن چیزی ذخیره نمی‌شود.",
    ),
    "pe_add_slope": ("Add a slope limit", "افزودن حد شیب"),
    "pe_slope_needs_dem": (
        "A slope limit needs a DEM in the project: load one on the My data page.",
        "حد شیب به مدل رقومی ارتفاع در پروژه نیاز دارد: آن را در صفحه «داده‌های من» بارگذاری کنید.",
    ),
    "pe_slope_existing": (
        "This profile already excludes land steeper than {limits}; a new limit applies as well.",
        "این نیم‌رخ هم‌اکنون زمین با شیب بیش از {limits} را مستثنا می‌کند؛ حد تازه نیز افزون بر آن اعمال می‌شود.",
    ),
    "pe_slope_limit": ("Exclude land steeper than (%)", "مستثنا کردن زمین با شیب بیش از (درصد)"),
    "pe_slope_title": ("Steep land", "زمین پرشیب"),
    "pe_title": ("Title", "عنوان"),
    "pe_title_help": (
        "In this page's language; give it in Persian too below, or it stands for both languages until the profile "
        "file is translated.",
        "به زبان همین صفحه؛ آن را در پایین به انگلیسی هم بنویسید، وگرنه تا ترجمه فایل نیم‌رخ برای هر دو زبان به "
        "کار می‌رود.",
    ),
    "class_active_faults": ("active faults", "گسل‌های فعال"),
    "class_caspian_shore": ("caspian shore", "کرانه دریای خزر"),
    "class_farmland": ("farmland", "اراضی زراعی و باغ‌ها"),
    "class_forest": ("forest", "جنگل"),
    "class_health_and_education_centres": ("health and education centres", "مراکز بهداشتی، درمانی و آموزشی"),
    "class_protected_areas_national_parks_wetlands": (
        "protected areas, national parks, wetlands",
        "مناطق حفاظت‌شده، پارک‌های ملی و تالاب‌ها",
    ),
    "class_river_beds": ("river beds", "بستر رودخانه‌ها"),
    "class_rivers_and_qanats": ("rivers and qanats", "رودخانه‌ها و قنات‌ها"),
    "class_roads": ("roads", "راه‌ها"),
    "class_settlements": ("settlements", "سکونتگاه‌ها"),
    "class_wells": ("wells", "چاه‌ها"),
    "policy_settings": ("Settings and what they rest on", "تنظیمات و مبنای آن‌ها"),
    "col_setting": ("Setting", "تنظیم"),
    "col_values": ("Values (as in the profile file)", "مقادیر (مانند فایل نیم‌رخ)"),
    "section_analysis": ("Cell size", "اندازه یاخته"),
    "section_aggregation": ("Aggregation", "تلفیق معیارها"),
    "section_sites": ("Site rules", "ضوابط پهنه‌ها"),
    "section_amayesh.rural": ("Rural zones", "پهنه‌های روستایی"),
    "section_budget": ("Land budget", "بودجه زمین"),
    "section_inventory": ("Estates inventory", "موجودی شهرک‌ها"),
    "section_relocation": ("Relocation of trades", "جابه‌جایی صنوف"),
    "section_solar": ("Solar figures", "ارقام خورشیدی"),
    "pe_in_fa": ("In Persian too (optional)", "به فارسی هم (اختیاری)"),
    "pe_in_en": ("In English too (optional)", "به انگلیسی هم (اختیاری)"),
    "pe_basis_other": ("Legal basis or source, in the other language", "مبنای قانونی یا منبع، به زبان دیگر"),
    "pe_basis": ("Legal basis or source (required)", "مبنای قانونی یا منبع (الزامی)"),
    "pe_basis_help": (
        "The law, decree, standard or design choice that sets this number; it is shown in the app and in the reports.",
        "قانون، مصوبه، استاندارد یا انتخاب طراحی که این عدد را تعیین می‌کند؛ در برنامه و در گزارش‌ها نمایش داده می‌شود.",
    ),
    "pe_add_rule": ("Add a distance rule", "افزودن قاعده فاصله"),
    "pe_rule_layers": ("Keep the distance from the features of", "رعایت فاصله از عوارض لایه‌های"),
    "pe_choose_layers": ("Choose one or more layers", "یک یا چند لایه را برگزینید"),
    "pe_rule_title": ("Distance from {layers}", "فاصله از {layers}"),
    "pe_buffer": ("Distance, {group} (m)", "فاصله، {group} (متر)"),
    "pe_add_criterion": ("Add a distance criterion", "افزودن معیار فاصله"),
    "pe_criterion_layer": ("Distance to the features of", "فاصله تا عوارض لایه"),
    "pe_criterion_title": ("Distance to {layer}", "فاصله تا {layer}"),
    "pe_rescale": (
        "Scale the other weights down so that all weights add up to 1",
        "کاهش وزن‌های دیگر به یک نسبت، تا جمع همه وزن‌ها ۱ شود",
    ),
    "report_title": ("Site-suitability report: industrial land in Gilan", "گزارش تناسب محل: زمین صنعتی استان گیلان"),
    "report_date": ("Date", "تاریخ"),
    "report_optimistic": (
        "Read first: these results are optimistic and partly illustrative.",
        "نخست بخوانید: این نتایج خوش‌بینانه و تا حدی نمایشی‌اند.",
    ),
    "report_missing_classes": (
        "Constraint classes with no data ({classes}) were not applied: "
        "land they would exclude is counted as available.",
        "دسته‌های محدودیت بدون داده ({classes}) اعمال نشده‌اند: زمینی که حذف می‌کردند، در دسترس شمرده شده است.",
    ),
    "report_overview": ("Overview of the ranked sites", "نمای کلی محل‌های رتبه‌بندی‌شده"),
    "report_site": ("Site", "محل"),
    "page_budget": ("Land budget", "بودجه زمین"),
    "page_inventory": ("Estates inventory", "سیاهه شهرک‌ها"),
    "budget_demand": ("Demand scenario (set by the planner)", "سناریوی تقاضا (تعیین برنامه‌ریز)"),
    "budget_units": ("New production units", "واحدهای تولیدی جدید"),
    "budget_ha_unit": ("Net plot land per unit (ha)", "زمین خالص هر واحد (هکتار)"),
    "budget_green": ("Green space share", "سهم فضای سبز"),
    "budget_utilities": ("Utilities and public space share", "سهم تأسیسات و فضای عمومی"),
    "budget_gross": ("Gross estate land needed", "زمین ناخالص مورد نیاز"),
    "budget_overstated": (
        "Developable land is OVERSTATED: these rules could not be applied for lack of data: {rules}.",
        "زمین قابل توسعه بیش از واقع است: این قواعد به علت نبود داده اعمال نشدند: {rules}.",
    ),
    "budget_land": ("Land", "خشکی"),
    "budget_excluded": ("Excluded by constraints", "حذف شده با محدودیت‌ها"),
    "budget_developable": ("Developable (overstated)", "قابل توسعه (بیش از واقع)"),
    "budget_demand_ha": ("Land needed", "زمین مورد نیاز"),
    "budget_only": ("only", "فقط"),
    "budget_several": ("several rules", "چند قاعده"),
    "budget_excluded_by_county": (
        "Land excluded by county (ha), each part counted once",
        "زمین حذف‌شده به تفکیک شهرستان (هکتار)",
    ),
    "budget_by_rule": ("Every rule: excluded by it, and only by it", "هر قاعده: حذف‌شده با آن، و فقط با آن"),
    "budget_cross_check": (
        "Cross-check with public statistics: what the maps miss",
        "مقایسه با آمار رسمی: آنچه نقشه‌ها ندارند",
    ),
    "download_budget": ("Land budget (CSV)", "بودجه زمین (CSV)"),
    "inventory_no_plots": (
        "No plot table yet: figures are the public ones. "
        "Upload your plot table on the My data page (role: estate plots).",
        "هنوز جدول قطعات بارگذاری نشده است: ارقام، ارقام منتشرشده‌اند. جدول قطعات را در صفحه داده‌های من بارگذاری کنید.",
    ),
    "inventory_rule": (
        "Idle plots become revocation candidates after {years:g} years ({basis}).",
        "قطعات راکد پس از {years:g} سال نامزد خلع ید می‌شوند ({basis}).",
    ),
    "inventory_area": ("Stated estate area", "مساحت اعلام‌شده شهرک‌ها"),
    "inventory_idle": ("Idle land", "زمین راکد"),
    "inventory_revocable": ("Revocation candidates", "نامزد خلع ید"),
    "download_inventory": ("Inventory (CSV)", "سیاهه (CSV)"),
    "budget_existing": ("Existing industrial land", "زمین صنعتی موجود"),
    "report_public_figure": ("Public figure", "رقم رسمی"),
    "report_mapped": ("Mapped", "نقشه‌شده"),
    "report_missing_from_maps": ("Missing from the maps", "غایب از نقشه‌ها"),
    "report_screening": ("Screening (MODIS 5 km cells)", "غربالگری (یاخته‌های ۵ کیلومتری مودیس)"),
    "download_report": ("Report (PDF)", "گزارش (PDF)"),
    "caveat_rule_missing": (
        "constraint '{rule}' not applied: layer(s) {layers} missing; the land found is overstated",
        "قاعده «{rule}» اعمال نشد: لایه {layers} موجود نیست؛ زمین یافته‌شده بیش از واقع است",
    ),
    "caveat_criterion_missing": (
        "criterion '{criterion}' left out: layer '{layer}' missing",
        "معیار «{criterion}» کنار گذاشته شد: لایه {layer} موجود نیست",
    ),
    "caveat_criterion_weighted": (
        "criterion '{criterion}' left out: layer '{layer}' missing; its weight {weight} is shared among the others",
        "معیار «{criterion}» کنار گذاشته شد: لایه {layer} موجود نیست؛ وزن {weight} آن میان معیارهای دیگر تقسیم شد",
    ),
    "caveat_illustrative": (
        "'{item}' uses illustrative layer(s) {layers}: locations are not real, results near them are not",
        "«{item}» از لایه نمایشی {layers} استفاده می‌کند: موقعیت‌ها واقعی نیستند و نتایج نزدیک آن‌ها هم واقعی نیست",
    ),
    "caveat_deprived_unset": (
        "no county has a deprived flag set (placeholder table): fill data/gilan/deprived_counties.csv from the "
        "cabinet decree 1388/02/20 before any criterion uses it",
        "پرچم محرومیت هیچ شهرستانی تعیین نشده است (جدول موقت): پیش از استفاده، جدول را از مصوبه هیئت وزیران "
        "۱۳۸۸/۰۲/۲۰ پر کنید",
    ),
    "parcels_scored": (
        "Your candidate parcels, scored (exact zonal statistics)",
        "قطعات پیشنهادی شما (آمار ناحیه‌ای دقیق)",
    ),
    "parcel_mean": ("Mean score", "میانگین امتیاز"),
    "parcel_min": ("Lowest score", "کمترین امتیاز"),
    "parcel_excluded": ("Excluded by a rule (%)", "حذف‌شده با قاعده (درصد)"),
    "owa_readings": (
        "OWA order weights of the profile: ORness {orness:.2f} (1 = risk taking, 0 = risk averse), "
        "trade-off {tradeoff:.2f}.",
        "وزن‌های ترتیبی نیم‌رخ: OR بودن {orness:.2f} (۱ = ریسک‌پذیر، ۰ = ریسک‌گریز)، جبران‌پذیری {tradeoff:.2f}.",
    ),
    "owa_no_order": (
        "The profile sets no OWA order weights, so OWA equals WLC here; "
        "set aggregation.owa_order_weights in a saved copy.",
        "نیم‌رخ وزن ترتیبی ندارد و OWA اینجا همان ترکیب خطی وزنی است؛ وزن‌های ترتیبی را در یک نسخه ذخیره‌شده تعیین کنید.",
    ),
    "lat_n": ("N", "شمالی"),
    "lon_e": ("E", "شرقی"),
    "report_location": ("Location", "موقعیت"),
    "report_rank_stability": ("Rank stability", "پایداری رتبه"),
    "report_stability_short": (
        "top {k} with probability {p}; rank {low}–{high} (5–95 %)",
        "در {k} رتبه نخست با احتمال {p}؛ رتبه {low} تا {high} (۵ تا ۹۵ درصد)",
    ),
    "report_deprived_share": ("Deprived (%)", "محروم (درصد)"),
    "report_criteria": ("Criteria: value, weight and contribution", "معیارها: مقدار، وزن و سهم"),
    "report_rules": ("Constraint rules checked for the whole site", "قواعد محدودیت بررسی‌شده برای کل محل"),
    "report_sources": ("Data sources and their status", "منابع داده و وضعیت آن‌ها"),
    "site_tied_with": ("Tied with", "هم‌امتیاز با"),
    "site_screening_forest": ("Screening forest (MODIS 5 km)", "جنگل غربالگری (مودیس ۵ کیلومتری)"),
    "screening_inside": ("inside: check on the ground", "درون آن: در محل بررسی شود"),
    "screening_within_one_cell": ("within one cell: check", "در فاصله یک یاخته: بررسی شود"),
    "min_score": ("Minimum score of a suitable cell", "کمترین امتیاز یاخته مناسب"),
    "min_score_help": (
        "Cells scoring at least this are suitable; sites are contiguous suitable land of the minimum area. "
        "The profile's value is {default}.",
        "یاخته‌هایی با امتیاز دست‌کم این مقدار مناسب‌اند؛ محل‌ها زمین مناسب پیوسته با کمترین مساحت‌اند. "
        "مقدار نیم‌رخ {default} است.",
    ),
    "site_controls": ("Sites", "محل‌ها"),
    "max_sites": ("Number of sites", "شمار محل‌ها"),
    "max_sites_help": (
        "How many sites are ranked at most. The profile's value is {default}.",
        "بیشترین شمار محل‌های رتبه‌بندی‌شده. مقدار نیم‌رخ {default} است.",
    ),
    "min_spacing_m": ("Minimum spacing between sites (m)", "کمترین فاصله میان محل‌ها (متر)"),
    "min_spacing_help": (
        "Sites cut from one large suitable area keep at least this distance apart. The profile's value is {default} m.",
        "محل‌هایی که از یک پهنه بزرگ مناسب بریده می‌شوند دست‌کم این فاصله را از هم دارند. مقدار نیم‌رخ {default} متر است.",
    ),
    "min_area_ha": ("Minimum area of a site (ha)", "کمترین مساحت محل (هکتار)"),
    "min_area_help": (
        "A site is contiguous suitable land of at least this area, at most {largest} ha. The profile's value is "
        "{default} ha.",
        "محل زمین مناسب پیوسته با دست‌کم این مساحت است، حداکثر {largest} هکتار. مقدار نیم‌رخ {default} هکتار است.",
    ),
    "budget_land_measured": ("Land of the real county (measured)", "زمین شهرستان واقعی (اندازه‌گیری‌شده)"),
    "budget_measured_note": (
        "Land (ha) is a county's area on the map (Voronoi cells, illustrative); Land of the real county is the land "
        "of the real county (OpenStreetMap polygons clipped to the shoreline). Where they differ, the county's other "
        "figures are off by as much: upload the official counties to fix them.",
        "«خشکی (هکتار)» مساحت شهرستان روی نقشه است (سلول‌های ورونوی، نمایشی)؛ «خشکی شهرستان واقعی» زمین شهرستان "
        "واقعی است (چندضلعی‌های اپن‌استریت‌مپ بریده با خط ساحل). هر جا این دو فرق دارند، ارقام دیگر شهرستان هم به "
        "همان اندازه خطا دارند: شهرستان‌های رسمی را بارگذاری کنید.",
    ),
    "upload_drop_other": (
        "Drop other geometry types (keep only the role's: an OpenStreetMap export's polygons without its label points)",
        "حذف انواع دیگر هندسه (فقط نوع این نقش بماند، مثلاً چندضلعی‌های خروجی اپن‌استریت‌مپ بدون نقاط برچسب)",
    ),
    "site_incomplete": ("Criteria not known everywhere", "معیارهای ناقص"),
    "ties_note": (
        "Sites whose scores are equal to {decimals} decimals are tied: they share the probability of staying "
        "in the top k, and are listed larger first.",
        "محل‌هایی که امتیازشان تا {decimals} رقم اعشار برابر است هم‌امتیازند: احتمال ماندن در رتبه‌های نخست را "
        "به تساوی دارند و بزرگ‌ترها اول آمده‌اند.",
    ),
    "criteria_excluded_cell": (
        "The cell is excluded, so these values give it no score; they show what the land would offer.",
        "یاخته حذف شده است و این مقادیر امتیازی به آن نمی‌دهند؛ فقط نشان می‌دهند زمین چه دارد.",
    ),
    "verdict_suitable": (
        "Suitable cell: no applied rule excludes it; score (WLC) {score}.",
        "یاخته مناسب: هیچ قاعده اعمال‌شده‌ای آن را حذف نمی‌کند؛ امتیاز (ترکیب خطی وزنی) {score}.",
    ),
    "verdict_reason": (
        "{rule} (nearest part {distance} m from {nearest}, limit {limit} m)",
        "{rule} (نزدیک‌ترین بخش {distance} متر از {nearest}، حد {limit} متر)",
    ),
    "verdict_reason_slope": (
        "{rule} (slope {slope} %, limit {limit} %)",
        "{rule} (شیب {slope} درصد، حد {limit} درصد)",
    ),
    "verdict_excluded": (
        "Excluded: the point and its {cell} m cell lie within {reasons}; no score.",
        "حذف شده: نقطه و یاخته {cell} متری آن در محدوده {reasons} است؛ بدون امتیاز.",
    ),
    "verdict_cell_excluded": (
        "Excluded cell: the point itself passes every rule, but part of its {cell} m cell lies within {reasons}, "
        "and the analysis excludes the whole cell (it rounds the way the law would); no score.",
        "یاخته حذف شده: خود نقطه همه قواعد را رعایت می‌کند، اما بخشی از یاخته {cell} متری آن در محدوده {reasons} "
        "است و تحلیل کل یاخته را حذف می‌کند (گرد کردن به سود قانون)؛ بدون امتیاز.",
    ),
    "caveat_rule_unmatched": (
        "constraint '{rule}' not applied: no feature of {layers} where {where} (values there: {values}); "
        "fix the layer's classes or the rule's filter, the land found is overstated",
        "قاعده «{rule}» اعمال نشد: هیچ عارضه‌ای از {layers} با شرط {where} نیست (مقادیر موجود: {values})؛ "
        "رده‌های لایه یا شرط قاعده را اصلاح کنید، زمین یافته‌شده بیش از واقع است",
    ),
    "caveat_criterion_placeholder": (
        "criterion '{criterion}' left out: column '{column}' of layer '{layer}' is missing or set for no feature "
        "(a placeholder); its weight {weight} is shared among the others",
        "معیار «{criterion}» کنار گذاشته شد: ستون {column} لایه {layer} وجود ندارد یا برای هیچ عارضه‌ای تعیین نشده "
        "است (جدول موقت)؛ وزن {weight} آن میان معیارهای دیگر تقسیم شد",
    ),
    "caveat_score_undefined": (
        "the score is undefined in {cells} cells of the province (no weighted criterion is known there, or every "
        "OWA weight falls on a zero order weight): they get no score and hold no site",
        "امتیاز در {cells} یاخته استان تعریف‌نشده است (هیچ معیار وزن‌داری آنجا معلوم نیست یا همه وزن‌ها روی وزن "
        "ترتیبی صفر می‌افتد): این یاخته‌ها امتیاز و محلی ندارند",
    ),
    "caveat_partial_coverage": (
        "criterion '{criterion}': layer '{layer}' covers only {km2} km² ({share} %) of the province; outside it the "
        "criterion is unknown and the other weights are re-normalised there (the site table lists the sites that "
        "rest on incomplete criteria)",
        "معیار «{criterion}»: لایه {layer} فقط {km2} کیلومتر مربع ({share} درصد) از استان را می‌پوشاند؛ بیرون از آن "
        "معیار نامعلوم است و وزن‌های دیگر آنجا دوباره بهنجار می‌شوند (جدول محل‌ها محل‌های دارای معیار ناقص را نشان می‌دهد)",
    ),
    "caveat_coverage_only": (
        "study area restricted, as asked, to the {km2} km² ({share} %) of the province that {layers} cover: land "
        "outside it is not assessed, and no figure here speaks for it",
        "محدوده مطالعه بنا به درخواست به {km2} کیلومتر مربع ({share} درصد) از استان که {layers} می‌پوشاند محدود شد: "
        "زمین بیرون از آن ارزیابی نشده و هیچ رقمی در اینجا درباره آن نیست",
    ),
    "caveat_coverage_full": (
        "restricting the study area to the criteria's coverage changed nothing: every loaded criterion covers the "
        "whole province",
        "محدود کردن محدوده مطالعه به پوشش معیارها چیزی را تغییر نداد: همه معیارهای بارشده کل استان را می‌پوشانند",
    ),
    "coverage_only": (
        "Restrict the study area to the land every loaded criterion covers",
        "محدوده مطالعه را به زمینی که همه معیارهای بارشده می‌پوشانند محدود کن",
    ),
    "coverage_only_help": (
        "Off: outside a partial layer (a DEM of half the province, say) its criterion is unknown and the other "
        "weights are re-normalised there. On: only the covered land is assessed, and every figure says so.",
        "خاموش: بیرون از یک لایه ناقص (مثلاً مدل ارتفاعی نیمی از استان) معیار آن نامعلوم است و وزن‌های دیگر آنجا "
        "دوباره بهنجار می‌شوند. روشن: فقط زمین پوشش‌داده ارزیابی می‌شود و هر رقم این را می‌گوید.",
    ),
    "project": ("Project", "پروژه"),
    "project_bundled": ("Bundled Gilan data (read-only)", "داده‌های همراه (فقط خواندنی)"),
    "upload_button": ("Upload", "بارگذاری"),
    "upload_limit": ("{limit} MB per file", "حداکثر {limit} مگابایت برای هر پرونده"),
    "project_help": (
        "Your projects are kept on this server under your key {key} (it is in this page's address: bookmark it). "
        "Nobody without the key sees them.{cli}",
        "پروژه‌های شما روی این کارساز زیر کلید {key} نگه داشته می‌شوند (در نشانی همین صفحه است: نشانک بگذارید). "
        "کسی بدون این کلید آن‌ها را نمی‌بیند.{cli}",
    ),
    "project_cli": (" From the command line: {command}", " از خط فرمان: {command}"),
    "project_new_name": ("New project (a-z, 0-9, -)", "پروژه تازه (a-z، 0-9، -)"),
    "project_create": ("Create and open", "بساز و باز کن"),
    "project_created": ("Project {name} created and opened", "پروژه {name} ساخته و باز شد"),
    "project_created_for_you": (
        "The bundled data is read-only, so this was saved in a new project of yours, {name} (sidebar: Project)",
        "داده‌های همراه فقط خواندنی است، پس این در پروژه تازه شما، {name}، ذخیره شد (نوار کناری: پروژه)",
    ),
    "project_import": ("A colleague's project file (.gpkg)", "پرونده پروژه یک همکار (.gpkg)"),
    "project_import_button": ("Check and import", "بررسی و وارد کن"),
    "project_imported": ("Imported {file} as project {name}", "{file} به‌صورت پروژه {name} وارد شد"),
    "project_export": ("Export the project (.gpkg)", "برون‌بری پروژه (.gpkg)"),
    "project_rename_delete": ("Rename or delete", "تغییر نام یا حذف"),
    "project_rename_to": ("New name", "نام تازه"),
    "project_rename": ("Rename", "تغییر نام"),
    "project_delete_sure": ("Yes, delete {name} and its layers", "بله، {name} و لایه‌هایش حذف شود"),
    "project_delete": ("Delete the project", "حذف پروژه"),
    "project_notes": ("Project notes", "یادداشت‌های پروژه"),
    "project_notes_save": ("Save the notes", "ذخیره یادداشت‌ها"),
    "project_notes_saved": ("Notes saved", "یادداشت‌ها ذخیره شد"),
    "state_failed": ("FAILED", "رد"),
    "state_passed": ("passed", "قبول"),
    "map_excluded": ("Excluded by a rule", "حذف شده با یک قاعده"),
    "map_site": ("This site", "این محل"),
    "map_other_sites": ("Other ranked sites", "محل‌های دیگر"),
    "map_rivers": ("Rivers and shoreline", "رودخانه‌ها و خط ساحلی"),
    "map_protected": ("Protected areas (illustrative)", "مناطق حفاظت‌شده (نمایشی)"),
    "map_towns": ("Towns", "شهرها"),
    "map_town_areas": ("Town areas (illustrative discs)", "محدوده شهرها (دایره‌های نمایشی)"),
    "map_estates": ("Industrial estates (illustrative, at county seats)", "شهرک‌های صنعتی (نمایشی، در مرکز شهرستان)"),
    "metres": ("{m} m", "{m} متر"),
    "map_km": ("{km} km", "{km} کیلومتر"),
    "col_lon_lat": ("lon, lat", "طول، عرض جغرافیایی"),
    "col_rule_id": ("Rule (id in the profile)", "قاعده (شناسه در نیم‌رخ)"),
    "col_criterion_id": ("Criterion (id in the profile)", "معیار (شناسه در نیم‌رخ)"),
    "col_lat_lon": ("lat, lon", "عرض، طول جغرافیایی"),
    "report_ha": ("ha", "هکتار"),
    "programme_industrial_estates": ("industrial estates", "شهرک‌های صنعتی"),
    "programme_industrial_land": ("industrial land", "زمین صنعتی"),
    "programme_solar_power_for_estates": ("solar power for estates", "برق خورشیدی برای شهرک‌ها"),
    "programme_relocation_of_nuisance_trades": ("relocation of nuisance trades", "جابه‌جایی صنوف مزاحم"),
    "programme_small_workshop_complexes": ("small workshop complexes", "مجتمع‌های کارگاهی کوچک"),
    "slope_limit_text": ("slope {limit} %", "شیب {limit} درصد"),
    "slope_measured_text": ("steepest cell {slope} %", "تندترین یاخته {slope} درصد"),
    "measure_distance": ("distance", "فاصله"),
    "measure_zone": ("inside a zone", "درون پهنه"),
    "measure_attribute": ("attribute", "ویژگی"),
    "measure_slope_percent": ("slope (%)", "شیب (درصد)"),
    "measure_slope_degrees": ("slope (degrees)", "شیب (درجه)"),
    "fn_linear": ("linear", "خطی"),
    "fn_sigmoid": ("sigmoid", "سیگموئید"),
    "fn_j_shaped": ("J-shaped", "جی‌شکل"),
    "fn_increasing": ("increasing", "افزایشی"),
    "fn_decreasing": ("decreasing", "کاهشی"),
    "fn_symmetric": ("symmetric", "متقارن"),
    "hectares": ("{ha} ha", "{ha} هکتار"),
    # Table headers: raw column names as a planner reads them (ui/tables.column_label).
    "col_county": ("County", "شهرستان"),
    "col_land_ha": ("Land (ha)", "خشکی (هکتار)"),
    "col_land_ha_measured": ("Land of the real county, measured (ha)", "خشکی شهرستان واقعی، اندازه‌گیری‌شده (هکتار)"),
    "col_excluded_ha": ("Excluded (ha)", "حذف‌شده (هکتار)"),
    "col_excluded_by_several_ha": ("Excluded by several rules (ha)", "حذف‌شده با چند قاعده (هکتار)"),
    "col_excluded_by_rule": ("Excluded by {rule} (ha)", "حذف‌شده با {rule} (هکتار)"),
    "col_only_rule": ("Only by {rule} (ha)", "فقط با {rule} (هکتار)"),
    "col_developable_ha": ("Developable (ha)", "قابل توسعه (هکتار)"),
    "col_screening_forest_ha": ("Screening forest (ha)", "جنگل غربالگری (هکتار)"),
    "col_screening_cropland_ha": ("Screening cropland (ha)", "زمین کشاورزی غربالگری (هکتار)"),
    "col_developable_after_screening_ha": (
        "Developable after screening (ha)",
        "قابل توسعه پس از غربالگری (هکتار)",
    ),
    "col_demand_ha": ("Land needed (ha)", "زمین مورد نیاز (هکتار)"),
    "col_existing_industrial_ha": ("Existing industrial land (ha)", "زمین صنعتی موجود (هکتار)"),
    "col_idle_ha": ("Idle land (ha)", "زمین راکد (هکتار)"),
    "col_balance_ha": ("Developable minus needed (ha)", "قابل توسعه منهای مورد نیاز (هکتار)"),
    "col_idle_share_of_demand": ("Idle land / land needed", "زمین راکد / زمین مورد نیاز"),
    "col_item": ("Item", "مورد"),
    "col_public_figure_ha": ("Public figure (ha)", "رقم رسمی (هکتار)"),
    "col_mapped_ha": ("On the maps (ha)", "روی نقشه‌ها (هکتار)"),
    "col_missing_from_maps_ha": ("Missing from the maps (ha)", "کسری نقشه‌ها (هکتار)"),
    "col_screening_ha": ("Screening land cover (ha)", "پوشش زمین غربالگری (هکتار)"),
    "col_plots": ("Plots", "قطعات"),
    "col_allocated_ha": ("Allocated (ha)", "واگذارشده (هکتار)"),
    "col_free_ha": ("Free (ha)", "آزاد (هکتار)"),
    "col_land_need_ha": ("Land needed (ha)", "زمین لازم (هکتار)"),
    "col_revoked_ha": ("Revoked (ha)", "خلع ید شده (هکتار)"),
    "col_knowledge_based_plots": ("Plots of knowledge-based firms", "قطعات شرکت‌های دانش‌بنیان"),
    "col_revocation_candidates": ("Revocation candidates (plots)", "نامزدهای خلع ید (قطعه)"),
    "col_revocable_ha": ("Revocation candidates (ha)", "نامزدهای خلع ید (هکتار)"),
    "col_suggested_reuse": ("Suggested reuse", "کاربری پیشنهادی"),
    "value_item_land_area": ("land area", "مساحت خشکی"),
    "value_item_forest": ("forest", "جنگل"),
    "value_item_paddy_farmland": ("paddy (farmland)", "شالیزار (زمین کشاورزی)"),
    "value_item_industrial_land_in_estates": ("industrial land in estates", "زمین صنعتی در شهرک‌ها"),
    "value_roof_basis_plot_table_allocated_plots": ("plot table (allocated plots)", "جدول قطعات (قطعات واگذارشده)"),
    "value_roof_basis_share_of_the_estate's_area": ("share of the estate's area", "سهمی از مساحت شهرک"),
    "value_river_class_permanent_major_river": ("permanent major river", "رود دائمی اصلی"),
    "value_river_class_additional_major_river": ("additional major river", "رود اصلی دیگر"),
    "value_river_class_additional_river": ("additional river", "رود دیگر"),
    "value_river_class_minor_river": ("minor river", "رود کوچک"),
    "value_group_d": ("d", "د"),
    "value_group_e": ("e", "ه"),
    "relocation_at_lonlat": ("lon/lat", "طول و عرض جغرافیایی"),
    "relocation_at_town": ("town {town} (its centre point)", "شهر {town} (نقطه مرکز آن)"),
    "relocation_at_county": (
        "county {county} (a point inside it: approximate)",
        "شهرستان {county} (نقطه‌ای درون آن: تقریبی)",
    ),
    "relocation_site": ("site {rank}", "محل {rank}"),
    "relocation_no_destination": (
        "no destination is cleared for group {group}",
        "هیچ مقصدی برای گروه {group} مجاز نیست",
    ),
    "relocation_too_large": (
        "needs {need} ha; the largest destination for group {group} has {largest} ha",
        "به {need} هکتار نیاز دارد؛ بزرگ‌ترین مقصد مجاز برای گروه {group} {largest} هکتار دارد",
    ),
    "relocation_full": (
        "the destinations that could take it are full: their land went to businesses whose moves cost less travel",
        "مقصدهایی که می‌توانستند آن را بپذیرند پر شده‌اند: زمینشان به کسب‌وکارهایی رسید که جابه‌جایی‌شان رفت‌وآمد کمتری دارد",
    ),
    "relocation_site_in": ("site {rank} ({county})", "محل {rank} ({county})"),
    "value_destination_new_site": ("new site", "محل تازه"),
    "value_destination_existing_estate": ("existing estate", "شهرک موجود"),
    "value_type_estate": ("estate", "شهرک صنعتی"),
    "value_type_rural_zone": ("rural zone", "ناحیه صنعتی روستایی"),
    "value_type_estate_planned": ("estate (planned)", "شهرک صنعتی (در دست طراحی)"),
    "value_type_special_zone": ("special zone", "منطقه ویژه اقتصادی"),
    "value_type_free_zone": ("free zone", "منطقه آزاد"),
    "value_kind_vector": ("vector", "برداری"),
    "value_kind_raster": ("raster", "رستری"),
    "value_status_approximate": ("approximate", "تقریبی"),
    "value_status_illustrative": ("illustrative", "نمایشی"),
    "value_status_missing": ("missing", "موجود نیست"),
    "value_status_screening": ("screening", "غربالگری"),
    "value_status_derived": ("derived", "مشتق‌شده"),
    "value_status_planner's_own": ("planner's own", "داده برنامه‌ریز"),
    "value_reuse": (
        "knowledge-based firms (small cash payment, long instalments); nuisance trades relocated from cities",
        "شرکت‌های دانش‌بنیان (پیش‌پرداخت اندک، اقساط بلندمدت)؛ صنوف مزاحم منتقل‌شده از شهرها",
    ),
}


def other_language(lang: str) -> str:
    """The other of the two languages."""
    return "en" if lang == "fa" else "fa"


def t(key: str, lang: str = "en") -> str:
    """The label ``key`` in ``lang`` ('en' or 'fa'); unknown keys fail loudly in tests."""
    en, fa = LABELS[key]
    return fa if lang == "fa" else en


def class_title(constraint_class: str, lang: str) -> str:
    """A catalogue constraint class ('rivers and qanats') in ``lang``; an unknown one as the catalogue writes it."""
    key = "class_" + re.sub(r"[^a-z0-9]+", "_", constraint_class.lower()).strip("_")
    return t(key, lang) if key in LABELS else constraint_class


def programme_title(programme: str, lang: str) -> str:
    """A profile's programme in ``lang``; a programme the tool has no translation for, as the profile writes it."""
    key = f"programme_{programme.replace(' ', '_')}"
    return t(key, lang) if key in LABELS else programme


FSI, PDI = "\u2068", "\u2069"  # Unicode first-strong isolate ... pop directional isolate


def isolate(text: object) -> str:
    """``text`` in a bidi isolate, so a Latin name, a number or a group letter keeps its place in the other script."""
    return f"{FSI}{text}{PDI}"


def embed(text: object, lang: str) -> str:
    """``text`` isolated on a Persian page (where Latin names and numbers need it), as it is on an English one."""
    return isolate(text) if lang == "fa" else str(text)


def listing(items: Iterable[str], lang: str) -> str:
    """Items joined by the language's list separator ('، ' in Persian)."""
    return ("، " if lang == "fa" else ", ").join(items)


def digits(text: object, lang: str, *, persian_digits: bool = True) -> str:
    """``text`` as a string, with Persian digits when the language is Persian and the planner wants them."""
    out = str(text)
    return out.translate(PERSIAN_DIGITS) if lang == "fa" and persian_digits else out
