"""Explanations, recommendations and the selection methods from Python."""

from __future__ import annotations

import json

import pytest

import aidmatch


@pytest.fixture(scope="module")
def data():
    return aidmatch.load_default()


def first_assigned(result):
    columns = result.columns()
    for matter, provider in zip(columns["matter_id"], columns["provider_id"]):
        if provider is not None:
            return matter, provider
    raise AssertionError("no matter was assigned")


def test_explain_ranks_and_sums_terms(data):
    explanation = aidmatch.explain(data, "M00001")
    assert explanation["matter_id"] == "M00001"
    ranked = explanation["ranked"]
    assert ranked
    assert [c["rank"] for c in ranked] == list(range(1, len(ranked) + 1))
    scores = [c["score"] for c in ranked]
    assert scores == sorted(scores, reverse=True)
    best = ranked[0]
    total = sum(term["contribution"] for term in best["terms"].values())
    assert total == pytest.approx(best["score"])
    assert "M00001" in explanation["text"]


def test_why_not_and_recommend_agree_with_explain(data):
    explanation = aidmatch.explain(data, "M00001")
    best = explanation["ranked"][0]["provider_id"]
    verdict = aidmatch.why_not(data, "M00001", best)
    assert verdict["verdict"] == "eligible"
    assert verdict["ranked"]["rank"] == 1
    top = aidmatch.recommend(data, "M00001", k=3)
    assert len(top) <= 3
    assert top[0]["provider_id"] == best


def test_unknown_ids_raise_not_found(data):
    with pytest.raises(aidmatch.NotFoundError, match='no matter has id "NOPE"'):
        aidmatch.explain(data, "NOPE")
    with pytest.raises(aidmatch.NotFoundError, match='no provider has id "X"'):
        aidmatch.why_not(data, "M00001", "X")


def test_selection_methods_and_state_file(data, tmp_path):
    state = tmp_path / "state.json"
    first = aidmatch.dispatch(data, selection="rotation", state=str(state))
    saved = json.loads(state.read_text())
    assert saved["format"] == "aidmatch-selection-state/1"
    assert saved["cursors"]
    second = aidmatch.dispatch(data, selection="rotation", state=str(state))
    # The cursors moved on, so the second batch starts elsewhere.
    assert first.columns()["provider_id"] != second.columns()["provider_id"]
    draw_a = aidmatch.dispatch(data, selection="random_draw", seed=7)
    draw_b = aidmatch.dispatch(data, selection="random_draw", seed=7)
    assert draw_a.columns()["provider_id"] == draw_b.columns()["provider_id"]
    assert "random_draw seed 7" in draw_a.summary()
    with pytest.raises(ValueError, match='unknown selection "best"'):
        aidmatch.dispatch(data, selection="best")


def test_columns_carry_subsidies(data):
    result = aidmatch.dispatch(data)
    columns = result.columns()
    matter, provider = first_assigned(result)
    row = columns["matter_id"].index(matter)
    assert columns["subsidy"][row] > 0
    assert columns["subsidy_basis"][row] in {
        "case_standard",
        "agreement",
        "volunteer_agreement",
    }
    assert columns["subsidy_payer"][row]
