"""Tests of the aidmatch Python module against the compiled library."""

import copy
import datetime
import gc
import json
import math
import threading

import numpy as np
import pytest

import aidmatch

TERMS = [
    "specialty",
    "experience",
    "language",
    "gender",
    "distance",
    "pairing",
    "resource_short",
    "workload",
    "rating",
]


def assert_columns_equal(first, second):
    assert list(first) == list(second)
    for name in first:
        if isinstance(first[name], np.ndarray):
            np.testing.assert_array_equal(first[name], second[name],
                                          err_msg=name)
        else:
            assert first[name] == second[name], name


# Loading


def test_default_data_counts(default_data):
    assert default_data.n_regions == 102
    assert default_data.n_matters == 4000
    assert default_data.n_providers > 0
    assert default_data.n_pools > 0
    assert default_data.n_pairings > 0


def test_default_data_ids(default_data):
    matter_ids = default_data.matter_ids()
    provider_ids = default_data.provider_ids()
    assert len(matter_ids) == default_data.n_matters
    assert len(set(matter_ids)) == len(matter_ids)
    assert len(provider_ids) == default_data.n_providers
    assert len(set(provider_ids)) == len(provider_ids)


def test_load_small_files(small_files):
    data = aidmatch.load(**small_files())
    assert data.n_regions == 3
    assert data.n_providers == 2
    assert data.n_matters == 1
    assert data.n_pairings == 1
    assert data.matter_ids() == ["M1"]
    assert data.provider_ids() == ["F1", "L1"]


def test_load_accepts_str_paths(small_files):
    paths = small_files()
    data = aidmatch.load(
        str(paths["regions"]),
        str(paths["providers"]),
        str(paths["matters"]),
        pairings=[str(p) for p in paths["pairings"]],
    )
    assert data.n_matters == 1


def test_load_accepts_one_pairings_path(small_files):
    paths = small_files()
    (pairings,) = paths["pairings"]
    for pairings_path in (pairings, str(pairings)):
        data = aidmatch.load(
            paths["regions"], paths["providers"], paths["matters"],
            pairings=pairings_path,
        )
        assert data.n_pairings == 1
    with pytest.raises(TypeError, match="pairings must be a path or a sequence"):
        aidmatch.load(
            paths["regions"], paths["providers"], paths["matters"], pairings=3
        )


def test_load_negative_capacity(small_files):
    paths = small_files(capacity="-2")
    with pytest.raises(ValueError) as error:
        aidmatch.load(**paths)
    message = str(error.value)
    assert "providers.csv:3" in message
    assert "capacity" in message
    assert "-2" in message
    assert isinstance(error.value, aidmatch.InputError)


def test_load_error_invalid_utf8(small_files):
    paths = small_files()
    # "测试" in GBK, which is not valid UTF-8, as the capacity.
    gbk_row = "L1,lawyer,Lawyer 1,F1,330102,female,10,5,civil,,true,,".encode()
    gbk_row += "测试".encode("gbk") + b",0,4\n"
    text = paths["providers"].read_bytes().splitlines(keepends=True)
    paths["providers"].write_bytes(b"".join(text[:2]) + gbk_row)
    with pytest.raises(aidmatch.InputError) as error:
        aidmatch.load(**paths)
    message = str(error.value)
    assert "providers.csv:3: the text is not valid UTF-8" in message
    assert "iconv" in message


def test_load_missing_file(small_files, tmp_path):
    paths = small_files()
    missing = tmp_path / "no_such_matters.csv"
    paths["matters"] = missing
    with pytest.raises(ValueError, match="no_such_matters.csv") as error:
        aidmatch.load(**paths)
    assert str(missing) in str(error.value)


def test_embedded_file_unknown_name():
    with pytest.raises(KeyError, match="no_such_file"):
        aidmatch.embedded_file("no_such_file.csv")
    with pytest.raises(aidmatch.NotFoundError):
        aidmatch.embedded_file("no_such_file.csv")


def test_embedded_file_names():
    names = aidmatch.embedded_file_names()
    assert "policy/default.json" in names
    assert "zhejiang/regions.csv" in names
    regions = aidmatch.embedded_file("zhejiang/regions.csv")
    assert regions.startswith("code,name,level")
    assert "浙江省" in regions


# Policies

RULES = [
    "no_capacity",
    "criminal_needs_lawyer",
    "university_scope",
    "life_or_death_experience",
    "life_or_death_relevant_practice",
    "minor_familiarity",
    "conflict_of_interest",
    "verified_complaint",
    "former_judicial_office",
]


def policy_text(body, name="test", version="1"):
    """Return a format-2 policy document with `body` after the header."""
    return (
        '{"format": "aidmatch-policy/2", '
        f'"name": "{name}", "version": "{version}", {body}}}'
    )


def test_default_policy_values():
    policy = aidmatch.default_policy()
    assert policy.name == "zhejiang-2024-default"
    assert policy.version == "2"
    assert policy.effective_from == "2024-03-01"
    assert policy.effective_to is None
    assert policy.selection_method == "optimise"
    assert policy.rotation_scope == "pool"
    assert policy.seed is None
    assert policy.deadline_days == 3
    assert policy.score_resolution == 0.0001
    assert policy.subsidy_currency == "CNY"
    assert policy.warnings == []
    assert list(policy.weights) == TERMS
    assert policy.weights["specialty"] == 3.0
    assert policy.weights["distance"] == 1.0
    assert policy.constraints == {
        "distinct_defenders_per_case_group": True,
        "honour_recipient_choice": True,
        "late_matters_first": True,
    }


def test_default_policy_rules():
    rules = aidmatch.default_policy().rules
    assert [rule["id"] for rule in rules] == RULES
    enabled = {rule["id"]: rule["enabled"] for rule in rules}
    assert enabled["life_or_death_experience"] is True
    assert enabled["life_or_death_relevant_practice"] is False
    assert all(rule["provision"] for rule in rules)


def test_default_policy_terms():
    terms = aidmatch.default_policy().terms
    assert [term["id"] for term in terms] == TERMS
    assert terms[1] == {
        "id": "experience",
        "weight": 2.0,
        "builtin": "experience",
        "table": None,
    }


def test_parse_policy_with_table_term():
    policy = aidmatch.parse_policy(policy_text(
        '"rules": [{"id": "r", "require": {"capacity": {">": 0}}}],'
        ' "scores": [{"id": "fee", "weight": 1.5, "table": "t"}],'
        ' "tables": [{"id": "t", "hit_policy": "first",'
        ' "rows": [{"when": {"kind": "assigned_case"}, "value": 2},'
        ' {"when": {"kind": "assigned_case", "minor": true}, "value": 3}]}]'
    ))
    assert policy.name == "test"
    assert policy.terms == [
        {"id": "fee", "weight": 1.5, "builtin": None, "table": "t"}
    ]
    assert policy.weights == {"fee": 1.5}
    assert policy.warnings == [(
        "tables[0].rows[1]",
        "masked by rows[0]: every pair that matches rows[1] also matches "
        "rows[0], which comes first, so rows[1] never applies under hit "
        "policy first",
    )]


def test_parse_policy_lists_every_error():
    with pytest.raises(aidmatch.InputError) as error:
        aidmatch.parse_policy(policy_text(
            '"rules": [{"id": "r", "when": {"category": "crimnal"},'
            ' "require": {"speed": 1}}], "scores": []'
        ))
    assert str(error.value).splitlines() == [
        '<string>: rules[0].when.category: unknown value "crimnal"; '
        "expected one of none, criminal, civil, administrative",
        "<string>: rules[0].require.speed: unknown attribute; expected a "
        "name from the attribute catalogue in docs/policy-file.md",
    ]


def test_parse_policy_format_one_rejected():
    with pytest.raises(ValueError, match="format-1 policy"):
        aidmatch.parse_policy('{"weights": {"distance": 1}}')


def test_parse_policy_source_in_message():
    with pytest.raises(ValueError, match="^mine.json: ") as error:
        aidmatch.parse_policy(
            policy_text(
                '"rules": [], "scores": [{"id": "d", "weight": -1,'
                ' "term": "distance"}]'
            ),
            "mine.json",
        )
    assert "scores[0].weight" in str(error.value)


def test_load_policy_file(tmp_path):
    path = tmp_path / "policy.json"
    path.write_text(
        policy_text(
            '"rules": [], "scores": [{"id": "rating", "weight": 2,'
            ' "term": "rating"}]',
            version="7",
        ),
        encoding="utf-8",
    )
    policy = aidmatch.load_policy(path)
    assert policy.version == "7"
    assert policy.weights["rating"] == 2.0
    assert policy.source == str(path)


def test_load_policy_bad_file(tmp_path):
    path = tmp_path / "bad_policy.json"
    path.write_text(
        policy_text('"rules": [{"id": "m", "require": {"minor": "yes"}}],'
                    ' "scores": []'),
        encoding="utf-8",
    )
    with pytest.raises(ValueError) as error:
        aidmatch.load_policy(path)
    assert str(error.value).startswith(str(path))
    assert "rules[0].require.minor" in str(error.value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, -2.0])
def test_weight_invalid_value(value):
    policy = aidmatch.default_policy()
    with pytest.raises(ValueError, match="distance") as error:
        policy.weights["distance"] = value
    assert repr(value) in str(error.value)
    assert policy.weights["distance"] == 1.0


def test_weight_unknown_term():
    policy = aidmatch.default_policy()
    with pytest.raises(KeyError, match="speed"):
        policy.weights["speed"] = 1.0
    with pytest.raises(KeyError, match="speed"):
        policy.weights["speed"]


def test_weights_assign_mapping():
    policy = aidmatch.default_policy()
    policy.weights = {"distance": 0.0, "rating": 4.0}
    assert policy.weights["distance"] == 0.0
    assert policy.weights["rating"] == 4.0
    assert policy.weights["specialty"] == 3.0


def test_weights_assign_rejected_whole():
    policy = aidmatch.default_policy()
    with pytest.raises(ValueError, match="rating"):
        policy.weights = {"distance": 0.0, "rating": math.nan}
    assert policy.weights["distance"] == 1.0
    with pytest.raises(KeyError, match="speed"):
        policy.weights = {"distance": 0.0, "speed": 1.0}
    assert policy.weights["distance"] == 1.0


def test_weights_mapping_protocol():
    policy = aidmatch.default_policy()
    weights = policy.weights
    assert len(weights) == len(TERMS)
    assert "distance" in weights
    assert "speed" not in weights
    assert dict(weights)["gender"] == 0.5
    assert weights == dict(weights.items())
    del policy
    gc.collect()
    assert weights["specialty"] == 3.0


def test_policy_copy_independent():
    policy = aidmatch.default_policy()
    changed = copy.copy(policy)
    changed.weights["distance"] = 9.0
    changed.set_rule_enabled("no_capacity", False)
    assert policy.weights["distance"] == 1.0
    assert policy.rules[0]["enabled"] is True
    assert copy.deepcopy(changed).weights["distance"] == 9.0


def test_set_term_weight_and_rule_switch():
    policy = aidmatch.default_policy()
    policy.set_term_weight("distance", 2.5)
    assert policy.weights["distance"] == 2.5
    policy.set_rule_enabled("life_or_death_experience", False)
    policy.set_rule_enabled("life_or_death_relevant_practice", True)
    enabled = {rule["id"]: rule["enabled"] for rule in policy.rules}
    assert enabled["life_or_death_experience"] is False
    assert enabled["life_or_death_relevant_practice"] is True
    with pytest.raises(KeyError, match="no_such_rule"):
        policy.set_rule_enabled("no_such_rule", True)
    with pytest.raises(ValueError, match="nan"):
        policy.set_term_weight("distance", math.nan)


def test_policy_set_in_force():
    def dated(name, start, end):
        return aidmatch.parse_policy(
            policy_text(
                f'"effective_from": {start}, "effective_to": {end},'
                ' "rules": [], "scores": []',
                name=name,
            ),
            f"{name}.json",
        )

    policies = aidmatch.PolicySet([
        dated("b", '"2025-01-01"', "null"),
        dated("a", '"2024-03-01"', '"2024-12-31"'),
    ])
    assert len(policies) == 2
    assert [p.name for p in policies.policies] == ["a", "b"]
    assert policies.in_force("2024-06-01").name == "a"
    assert policies.in_force(datetime.date(2026, 1, 1)).name == "b"
    # A datetime counts by its day.
    assert policies.in_force(datetime.datetime(2024, 12, 31, 23, 59)).name == "a"
    assert policies.in_force("2024-01-01") is None
    with pytest.raises(aidmatch.InputError, match='policy "c" version 1'):
        policies.add(dated("c", '"2024-12-01"', '"2025-02-01"'))
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        policies.in_force("2024/01/01")


# Dispatch


def test_dispatch_one_row_per_matter(default_data, default_result):
    columns = default_result.columns()
    assert len(default_result) == default_data.n_matters
    for name, values in columns.items():
        assert len(values) == default_data.n_matters, name
    assert columns["matter_id"] == default_data.matter_ids()


def test_dispatch_assigned_rows(default_result):
    columns = default_result.columns()
    assigned = [p is not None for p in columns["provider_id"]]
    assert sum(assigned) == default_result.assigned_count
    assert default_result.assigned_count > 0
    for row, is_assigned in enumerate(assigned):
        if not is_assigned:
            continue
        assert columns["provider_id"][row], row
        assert columns["mode"][row] is not None, row
        assert math.isfinite(columns["score"][row]), row
        assert columns["reason"][row] == "", row
    scores = columns["score"][np.array(assigned)]
    assert math.isclose(scores.sum(), default_result.total_score,
                        rel_tol=1e-9)


def test_dispatch_unassigned_rows(default_result):
    columns = default_result.columns()
    unassigned = [
        row for row, p in enumerate(columns["provider_id"]) if p is None
    ]
    # This test checks nothing unless the default batch leaves some
    # matters unassigned.
    assert unassigned
    for row in unassigned:
        assert columns["reason"][row], row
        assert columns["reason_code"][row] in (
            "no_candidate",
            "no_eligible_provider",
            "capacity_exhausted",
        ), row
        assert math.isnan(columns["score"][row]), row
        assert not columns["cross_county"][row], row


def test_columns_match_csv(default_result):
    columns = default_result.columns()
    csv_lines = default_result.to_csv().splitlines()
    assert list(columns) == csv_lines[0].split(",")
    assert len(csv_lines) == len(default_result) + 1
    tail = ["late", "deadline", "chosen_by_recipient", "choice_note",
            "subsidy", "subsidy_payer", "subsidy_basis"]
    assert list(columns)[-len(tail):] == tail
    terms = list(columns)[-len(TERMS) - len(tail):-len(tail)]
    assert terms == [f"term_{t}" for t in TERMS]
    assert columns["score"].dtype == np.float64
    assert columns["distance_km"].dtype == np.float64
    assert columns["cross_county"].dtype == np.bool_
    assert columns["cross_city"].dtype == np.bool_
    assert columns["term_distance"].dtype == np.float64


def test_to_json_rows(default_result):
    rows = json.loads(default_result.to_json())
    assert len(rows) == len(default_result)
    columns = default_result.columns()
    assert [row["matter_id"] for row in rows] == columns["matter_id"]
    assert [row["provider_id"] for row in rows] == columns["provider_id"]


def test_summary_counts(default_result):
    summary = default_result.summary()
    assert summary.startswith("matters: 4000, assigned "
                              f"{default_result.assigned_count} ")


def test_stats_keys(default_result):
    stats = default_result.stats
    assert stats["eligible_pairs"] <= stats["candidate_pairs"]
    assert stats["eligible_pairs"] > 0
    assert stats["solve_seconds"] >= 0.0


def test_dispatch_deterministic(default_data, default_result):
    again = aidmatch.dispatch(default_data, aidmatch.default_policy())
    assert again.assigned_count == default_result.assigned_count
    assert again.total_score == default_result.total_score
    assert_columns_equal(again.columns(), default_result.columns())


def test_dispatch_threads_match_serial(default_data, default_result):
    expected = default_result.columns()
    results = [None, None]

    def run(slot):
        results[slot] = aidmatch.dispatch(default_data).columns()

    threads = [threading.Thread(target=run, args=(s,)) for s in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for columns in results:
        assert_columns_equal(columns, expected)


def test_distance_weight_reduces_cross_county(default_data):
    cross_county = {}
    assigned = {}
    for weight in (0.0, 10.0):
        policy = aidmatch.default_policy()
        policy.weights["distance"] = weight
        result = aidmatch.dispatch(default_data, policy)
        cross_county[weight] = int(result.columns()["cross_county"].sum())
        assigned[weight] = result.assigned_count
    # The solver maximises the number of matters served before the score,
    # so the distance weight changes who serves a matter but not how many.
    assert assigned[0.0] == assigned[10.0]
    assert cross_county[10.0] < cross_county[0.0]


def test_dispatch_uses_policy_copy(small_files):
    data = aidmatch.load(**small_files())
    policy = aidmatch.default_policy()
    result = aidmatch.dispatch(data, policy)
    policy.weights["rating"] = 100.0
    breakdown = json.loads(result.to_json())[0]["breakdown"]
    assert breakdown["rating"]["weight"] == 0.5


def test_dispatch_table_term_columns(small_files):
    data = aidmatch.load(**small_files())
    policy = aidmatch.parse_policy(policy_text(
        '"rules": [], "scores": [{"id": "fee", "weight": 1, "table": "t"},'
        ' {"id": "rating", "weight": 0.5, "term": "rating"}],'
        ' "tables": [{"id": "t", "hit_policy": "first", "default": 0.25,'
        ' "rows": [{"when": {"minor": true}, "value": 1}]}]'
    ))
    result = aidmatch.dispatch(data, policy)
    columns = result.columns()
    names = list(columns)
    assert names[names.index("term_fee") + 1] == "term_rating"
    assert [n for n in names if n.startswith("term_")] == ["term_fee", "term_rating"]
    assert columns["term_fee"][0] == 0.25  # M1 is not a minor
    breakdown = json.loads(result.to_json())[0]["breakdown"]
    assert breakdown["fee"] == {"value": 0.25, "weight": 1.0}


def test_result_keeps_dataset_alive(small_files):
    result = aidmatch.dispatch(aidmatch.load(**small_files()))
    gc.collect()
    assert result.columns()["matter_id"] == ["M1"]
    assert result.columns()["provider_id"] == ["L1"]
    assert "M1,L1," in result.to_csv()


def test_small_data_no_candidate(small_files):
    paths = small_files()
    paths["pairings"] = ()
    columns = aidmatch.dispatch(aidmatch.load(**paths)).columns()
    assert columns["provider_id"] == [None]
    assert columns["mode"] == [None]
    assert columns["reason_code"] == ["no_candidate"]
    assert "330102" in columns["reason"][0]
    assert math.isnan(columns["term_rating"][0])


def test_huge_weight_overflow(small_files):
    data = aidmatch.load(**small_files())
    policy = aidmatch.default_policy()
    policy.weights["specialty"] = 1e300
    with pytest.raises(OverflowError, match="score_resolution"):
        aidmatch.dispatch(data, policy)


# Logging


def test_log_callback_skipped_pairing():
    messages = []
    aidmatch.set_log_callback(
        lambda level, text: messages.append((level, text)), level="warning"
    )
    aidmatch.load_default()
    warnings = [text for level, text in messages if level == "warning"]
    assert any("嘉兴港区" in text for text in warnings), messages
    assert all(level != "info" for level, _ in messages)


def test_log_callback_during_dispatch(small_files):
    data = aidmatch.load(**small_files())
    messages = []
    aidmatch.set_log_callback(lambda level, text: messages.append(text))
    aidmatch.dispatch(data)
    assert any(text.startswith("solved the matching") for text in messages)


def test_log_callback_removed():
    messages = []
    aidmatch.set_log_callback(lambda level, text: messages.append(text))
    aidmatch.set_log_callback(None)
    aidmatch.load_default()
    assert messages == []


def test_log_callback_exception_propagates(small_files):
    data = aidmatch.load(**small_files())

    def fail(level, text):
        raise RuntimeError("stop at " + text)

    aidmatch.set_log_callback(fail)
    with pytest.raises(RuntimeError, match="stop at"):
        aidmatch.dispatch(data)


def test_set_log_callback_invalid_arguments():
    with pytest.raises(ValueError, match="loud"):
        aidmatch.set_log_callback(None, level="loud")
    with pytest.raises(TypeError):
        aidmatch.set_log_callback(42)
