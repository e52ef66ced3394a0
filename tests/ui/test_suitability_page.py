"""The Suitability page under AppTest: sites, caveats, weights, an inconsistent AHP matrix."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import APP, open_page


def _sites_table(at):
    return next(df.value for df in at.dataframe if "Rank range (5-95 %)" in df.value.columns)


def test_page_ranks_sites_and_states_its_caveats() -> None:
    at = open_page("ui/suitability.py")
    assert not at.exception
    table = _sites_table(at)
    assert 1 <= len(table) <= 10
    assert table["Rank"].tolist() == list(range(1, len(table) + 1))
    assert f"P(stays in top {min(5, len(table))})" in table.columns  # the profile's top_k, named in the header
    caveats = " ".join(w.value for w in at.warning)
    assert "constraint 'forest' not applied" in caveats and "illustrative" in caveats
    assert len(at.get("download_button")) == 5


def test_moving_a_weight_changes_the_ranking() -> None:
    at = open_page("ui/suitability.py")
    before = _sites_table(at)
    at.slider(key="main_w_rural").set_value(0).run()
    at.slider(key="main_w_anti_concentration").set_value(100).run()
    assert not at.exception
    after = _sites_table(at)
    assert not before[["Score", "lon, lat"]].equals(after[["Score", "lon, lat"]])
    assert at.session_state["weights"]["rural"] == 0.0


def test_inconsistent_ahp_judgements_are_refused_with_the_judgement_to_revisit() -> None:
    at = open_page("ui/suitability.py")
    at.radio(key="main_mode").set_value("ahp").run()
    assert not at.exception and not at.error
    # rural >> anti-concentration, anti-concentration >> labour, but labour >> rural: a cycle.
    at.select_slider(key="main_ahp_rural_anti_concentration").set_value(9.0).run()
    at.select_slider(key="main_ahp_anti_concentration_labour_access").set_value(9.0).run()
    at.select_slider(key="main_ahp_rural_labour_access").set_value(1 / 9).run()
    assert not at.exception
    message = at.error[0].value
    assert "consistency ratio" in message and "revisit" in message
    assert "you gave In a rural zone ×9" in message and "0.111" not in message  # the slider's own words
    assert "previous weights stay in use" in at.info[0].value
    assert _sites_table(at) is not None  # the page stays usable
    # The weights in use are still shown: the last consistent ones (here the profile's, as AHP opened).
    assert any(c.value.startswith("Weights used: In a rural zone 0.") for c in at.caption)


def test_switching_to_ahp_keeps_the_weights_and_the_ranking() -> None:
    at = open_page("ui/suitability.py")
    at.slider(key="main_w_rural").set_value(60).run()
    before, weights = _sites_table(at), dict(at.session_state["weights"])
    at.radio(key="main_mode").set_value("ahp").run()
    assert not at.exception and not at.error
    # rural 60 against anti-concentration 25: 2.4, nearest Saaty judgement 2 in favour of rural.
    assert at.select_slider(key="main_ahp_rural_anti_concentration").value == 2.0
    assert at.session_state["weights"] == weights
    assert _sites_table(at).equals(before)
    at.select_slider(key="main_ahp_rural_anti_concentration").set_value(3.0).run()
    assert not at.exception and at.session_state["weights"]["rural"] != weights["rural"]


def test_ahp_speaks_persian_with_isolated_names() -> None:
    at = open_page("ui/suitability.py", lang="fa")
    at.radio(key="main_mode_fa").set_value("ahp").run()
    at.select_slider(key="main_ahp_rural_anti_concentration_fa").set_value(9.0).run()
    at.select_slider(key="main_ahp_anti_concentration_labour_access_fa").set_value(9.0).run()
    at.select_slider(key="main_ahp_rural_labour_access_fa").set_value(1 / 9).run()
    message = at.error[0].value
    assert "نسبت سازگاری" in message and "0.111" not in message
    # The judgement "<criterion> ×9" is isolated whole, so the number stays beside its criterion.
    assert "شما \u2068\u2068فاصله از شهرهای بزرگ\u2069 ×9\u2069 دادید" in message


def test_group_e_and_persian() -> None:
    at = open_page("ui/suitability.py", lang="fa")
    at.radio(key="group_fa").set_value("e").run()
    assert not at.exception
    assert at.title[0].value == "تناسب اراضی"


def test_owa_without_order_weights_says_it_equals_wlc() -> None:
    at = open_page("ui/suitability.py")
    at.selectbox(key="method").set_value("owa").run()
    assert not at.exception
    assert any("OWA equals WLC" in i.value for i in at.info)


def test_one_analysis_state_follows_every_page_and_the_url() -> None:
    at = open_page("ui/suitability.py")
    at.radio(key="group").set_value("e").run()
    at.slider(key="main_w_rural").set_value(0).run()
    at.slider(key="min_score").set_value(0.5).run()
    assert not at.exception
    at.switch_page("ui/inspector.py").run()
    assert "group ه (E)" in at.caption[0].value  # the inspector works on the same analysis
    at.switch_page("ui/budget.py").run()
    assert at.radio(key="group").value == "e"  # the land budget follows it too
    at.switch_page("ui/suitability.py").run()
    assert at.radio(key="group").value == "e"
    assert at.slider(key="main_w_rural").value == 0 and at.slider(key="min_score").value == 0.5
    query = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert query["group"] == "e" and query["min_score"] == "0.5" and "rural:0" in query["weights"]
    reloaded = AppTest.from_file(APP, default_timeout=180)
    for name, value in query.items():
        reloaded.query_params[name] = value  # a reload, or a colleague opening the shared link
    reloaded.run().switch_page("ui/suitability.py").run()
    assert reloaded.radio(key="group").value == "e" and reloaded.slider(key="min_score").value == 0.5
    assert reloaded.slider(key="main_w_rural").value == 0


def test_site_controls_change_the_sites_and_follow_the_url() -> None:
    at = open_page("ui/suitability.py")
    assert at.number_input(key="max_sites").value == 10  # the profile's [sites] values
    assert at.number_input(key="min_spacing_m").value == 2000.0 and at.number_input(key="min_area_ha").value == 20.0
    at.number_input(key="max_sites").set_value(3).run()
    assert not at.exception
    assert len(_sites_table(at)) == 3
    at.number_input(key="min_area_ha").set_value(100.0).run()
    assert (_sites_table(at)["Area (ha)"] >= 100).all()
    at.number_input(key="min_spacing_m").set_value(5000.0).run()
    at.switch_page("ui/map_explorer.py").run()
    at.switch_page("ui/suitability.py").run()
    assert at.number_input(key="max_sites").value == 3 and at.number_input(key="min_spacing_m").value == 5000.0
    query = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert (query["max_sites"], query["min_spacing_m"], query["min_area_ha"]) == ("3", "5000", "100")
    reloaded = AppTest.from_file(APP, default_timeout=180)
    for name, value in query.items():
        reloaded.query_params[name] = value
    reloaded.run().switch_page("ui/suitability.py").run()
    assert reloaded.number_input(key="min_area_ha").value == 100.0 and len(_sites_table(reloaded)) <= 3


def test_each_criterions_standardised_layer_and_curve_can_be_viewed() -> None:
    at = open_page("ui/suitability.py")
    assert not [s for s in at.selectbox if s.key == "criterion_layer"]  # not drawn until asked
    at.toggle(key="criterion_layers").set_value(True).run()
    picker = at.selectbox(key="criterion_layer")
    assert picker.options[0] == "In a rural zone"
    picker.set_value("labour_access").run()  # the raw value is a distance in metres
    assert not at.exception, at.exception
    assert any("Raw value (distance) across" in c.value for c in at.caption)
