"""The one translation table: every label the app or a report shows, in English and Persian."""

from __future__ import annotations

LANGS = ("en", "fa")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

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
    "field_note": ("Note", "یادداشت"),
    "field_source": ("Source", "منبع"),
    "field_data_status": ("Data status", "وضعیت داده"),
}


def t(key: str, lang: str = "en") -> str:
    """The label ``key`` in ``lang`` ('en' or 'fa'); unknown keys fail loudly in tests."""
    en, fa = LABELS[key]
    return fa if lang == "fa" else en


def digits(text: object, lang: str, *, persian_digits: bool = True) -> str:
    """``text`` as a string, with Persian digits when the language is Persian and the planner wants them."""
    out = str(text)
    return out.translate(PERSIAN_DIGITS) if lang == "fa" and persian_digits else out
