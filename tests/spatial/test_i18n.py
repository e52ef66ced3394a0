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


def test_every_profile_text_a_planner_reads_has_its_persian_twin() -> None:
    from spatial.data import saved_profiles
    from spatial.policy import load_profile

    for name in saved_profiles(None):  # every bundled profile, after its 'extends' is resolved
        profile = load_profile(name)
        texts = {
            "profile.title_fa": profile.title_fa,
            "profile.basis_fa": profile.basis_fa,
            "profile.purpose_fa": profile.purpose_fa,
        }
        for item in (*profile.constraints, *profile.criteria):
            texts[f"{item.id}.title_fa"] = item.title_fa
            texts[f"{item.id}.basis_fa"] = item.basis_fa
        for key, text in texts.items():
            assert PERSIAN_LETTERS.search(text or ""), f"{name}: {key} is missing (write the Persian text)"
        assert f"programme_{profile.programme.replace(' ', '_')}" in LABELS, f"{name}: programme has no Persian"
