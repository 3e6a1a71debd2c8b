"""Tests of the aidmatch Python module against the compiled library."""

import copy
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


def test_load_rejects_single_path_as_pairings(small_files):
    paths = small_files()
    paths["pairings"] = str(paths["pairings"][0])
    with pytest.raises(TypeError):
        aidmatch.load(**paths)


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


def test_default_policy_values():
    policy = aidmatch.default_policy()
    assert policy.name == "zhejiang-2024-default"
    assert list(policy.weights) == TERMS
    assert policy.weights["specialty"] == 3.0
    assert policy.weights["distance"] == 1.0
    assert policy.life_or_death_experience == "criminal_defence"
    assert policy.life_or_death_min_years == 3.0
    assert policy.minor_requires_familiar is True
    assert policy.criminal_cases_lawyers_only is True


def test_parse_policy_partial():
    policy = aidmatch.parse_policy(
        '{"name": "test", "weights": {"distance": 4.5},'
        ' "rules": {"life_or_death_experience": "relevant_practice"}}'
    )
    assert policy.name == "test"
    assert policy.weights["distance"] == 4.5
    assert policy.weights["specialty"] == 3.0
    assert policy.life_or_death_experience == "relevant_practice"


def test_parse_policy_unknown_key():
    with pytest.raises(ValueError, match="speed") as error:
        aidmatch.parse_policy('{"weights": {"speed": 1}}')
    assert str(error.value).startswith("<string>: weights.speed")


def test_parse_policy_source_in_message():
    with pytest.raises(ValueError, match="^mine.json: ") as error:
        aidmatch.parse_policy('{"weights": {"distance": -1}}', "mine.json")
    assert "weights.distance" in str(error.value)


def test_load_policy_file(tmp_path):
    path = tmp_path / "policy.json"
    path.write_text('{"version": "7", "weights": {"rating": 2}}',
                    encoding="utf-8")
    policy = aidmatch.load_policy(path)
    assert policy.version == "7"
    assert policy.weights["rating"] == 2.0


def test_load_policy_bad_file(tmp_path):
    path = tmp_path / "bad_policy.json"
    path.write_text('{"rules": {"minor_requires_familiar": "yes"}}',
                    encoding="utf-8")
    with pytest.raises(ValueError) as error:
        aidmatch.load_policy(path)
    assert str(error.value).startswith(str(path))
    assert "rules.minor_requires_familiar" in str(error.value)


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
    changed.name = "changed"
    assert policy.weights["distance"] == 1.0
    assert policy.name == "zhejiang-2024-default"
    assert copy.deepcopy(changed).weights["distance"] == 9.0


def test_policy_rule_switches():
    policy = aidmatch.default_policy()
    policy.life_or_death_experience = "relevant_practice"
    policy.life_or_death_min_years = 5
    policy.minor_requires_familiar = False
    policy.criminal_cases_lawyers_only = False
    assert policy.life_or_death_experience == "relevant_practice"
    assert policy.life_or_death_min_years == 5.0
    assert policy.minor_requires_familiar is False
    assert policy.criminal_cases_lawyers_only is False
    with pytest.raises(ValueError, match="criminal_defence"):
        policy.life_or_death_experience = "any"
    with pytest.raises(ValueError, match="nan"):
        policy.life_or_death_min_years = math.nan


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
    assert [f"term_{t}" for t in TERMS] == list(columns)[-len(TERMS):]
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
