"""The translation table: every label in both languages."""

from __future__ import annotations

import re

from spatial.i18n import LABELS, digits, t

PERSIAN_LETTERS = re.compile("[\u0600-\u06ff]")


def test_every_label_has_english_and_persian_text() -> None:
    for key, (en, fa) in LABELS.items():
        assert en.strip() and fa.strip(), key
        assert PERSIAN_LETTERS.search(fa), f"{key}: Persian label has no Persian letters"


def test_lookup_and_persian_digits() -> None:
    assert t("page_map", "fa") == "نقشه لایه‌ها"
    assert t("page_map", "en") == "Map explorer"
    assert digits(1395, "fa") == "۱۳۹۵"
    assert digits("0.829", "fa") == "۰٫۸۲۹"
    assert digits(1395, "fa", persian_digits=False) == "1395"
    assert digits(1395, "en") == "1395"
