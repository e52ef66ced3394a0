"""The Programmes page: profiles with their purpose, a relocation plan from an uploaded table, solar figures."""

from __future__ import annotations

from tests.ui.conftest import open_page

BUSINESSES = (
    "id,trade,group,land_m2,workers,daily_visits,town,county\n"
    "1,car showroom,d,20000,12,60,Rasht,\n"
    "2,tannery,e,15000,25,5,,Lahijan\n"
)


def test_the_page_lists_every_profile_with_the_programme_it_serves() -> None:
    at = open_page("ui/programmes.py")
    assert not at.exception, at.exception
    profiles = at.dataframe[0].value
    assert set(profiles["Policy profile"]) >= {"gilan-industrial", "gilan-workshops", "gilan-trades", "gilan-solar"}
    assert "relocation of nuisance trades" in profiles["Programme"].tolist()
    assert any(m.label.startswith("Real irradiation") for m in at.metric)  # the solar section


def test_a_relocation_is_planned_from_an_uploaded_table_and_a_bad_table_is_refused() -> None:
    at = open_page("ui/programmes.py")
    at.file_uploader(key="relocation_file").upload("moving.csv", BUSINESSES.encode(), "text/csv")
    at.button(key="relocation_run").click().run()
    assert not at.exception, at.exception
    assert "2 placed, 0 not" in at.success[0].value
    moves = next(df.value for df in at.dataframe if "Destination" in df.value.columns)  # headers in words
    assert moves["Id"].tolist() == ["1", "2"] and moves["Destination"].str.startswith("site ").all()
    assert moves["Land needed (ha)"].tolist() == [2.0, 1.5] and moves["Group"].tolist() == ["d", "e"]
    at.file_uploader(key="relocation_file").upload("moving.csv", b"id,trade\n1,x\n", "text/csv")
    at.button(key="relocation_run").click().run()
    assert not at.exception
    assert "missing column(s)" in at.error[0].value and "Fix:" in at.error[0].value


def test_the_persian_page_names_each_programme_in_persian() -> None:
    at = open_page("ui/programmes.py", lang="fa")
    assert not at.exception, at.exception
    programmes = at.dataframe[0].value.iloc[:, 1].tolist()
    assert "جابه‌جایی صنوف مزاحم" in programmes and "شهرک‌های صنعتی" in programmes
    assert not any("relocation" in p or "estates" in p for p in programmes)
    solar = at.dataframe[-1].value  # estates' solar figures: Persian headers, names, counties and values
    assert list(solar.columns[:3]) == ["نام", "نام (انگلیسی)", "شهرستان"] and not [c for c in solar.columns if "_" in c]
    assert "شهرک صنعتی سفیدرود" in solar["نام"].tolist() and "رشت" in solar["شهرستان"].tolist()
    assert set(solar["بام\u200cها از"]) <= {"سهمی از مساحت شهرک", "جدول قطعات (قطعات واگذارشده)"}


def test_a_relocation_plan_on_the_persian_page_speaks_persian() -> None:
    at = open_page("ui/programmes.py", lang="fa")
    at.file_uploader(key="relocation_file").upload("moving.csv", BUSINESSES.encode(), "text/csv")
    at.button(key="relocation_run").click().run()
    assert not at.exception, at.exception
    moves = next(df.value for df in at.dataframe if "مقصد" in df.value.columns)
    assert moves["گروه"].tolist() == ["د", "ه"] and set(moves["نوع"]) <= {"محل تازه", "شهرک موجود"}
    assert moves["زمین لازم (هکتار)"].tolist() == [2.0, 1.5]  # a business's need, not the 'land' of a county
    assert moves["جای کنونی"].tolist() == ["شهر رشت (نقطه مرکز آن)", "شهرستان لاهیجان (نقطه‌ای درون آن: تقریبی)"]
    assert moves["مقصد"].str.match(r"محل \d+ \(").all() and not moves["مقصد"].str.contains("[A-Za-z]").any()
    assert not [c for c in moves.columns if c.endswith("_fa")]  # each place once
