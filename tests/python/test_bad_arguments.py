"""Arguments that a cast would silently change are rejected with a message.

NumPy converts floats, strings and complex numbers to int64 on request,
truncating 1.5 to 1 and wrapping 2**64 - 1 to -1. The solvers take
integers only, so each such array raises instead.
"""

from __future__ import annotations

import pathlib

import numpy as np
import pytest

import aidmatch

ONE_ARC = dict(tail=[0], head=[1], upper=[5], cost=[3])


def test_min_cost_flow_integer_inputs():
    assert aidmatch.min_cost_flow([1, -1], **ONE_ARC)[:2] == ("optimal", 3)
    as_uint8 = {key: np.asarray(value, dtype=np.uint8) for key, value in ONE_ARC.items()}
    assert aidmatch.min_cost_flow(np.array([1, -1], dtype=np.int16), **as_uint8)[:2] == (
        "optimal",
        3,
    )


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("supply", [1.5, -1.5], "supply must contain integers, not float64"),
        ("cost", np.array([1 + 2j]), "cost must contain integers, not complex128"),
        ("cost", np.array(["7"]), "cost must contain integers, not <U1"),
        ("upper", np.array([np.inf]), "upper must contain integers, not float64"),
        ("cost", [np.nan], "cost must contain integers, not float64"),
        ("cost", [2**65], "Python integers beyond 64 bits"),
        ("lower", [0.5], "lower must contain integers, not float64"),
    ],
)
def test_min_cost_flow_rejects_lossy_casts(field, value, message):
    arguments = dict(supply=[1, -1], lower=None, **ONE_ARC)
    arguments[field] = value
    with pytest.raises(TypeError, match=message):
        aidmatch.min_cost_flow(**arguments)


def test_uint64_beyond_int64_rejected():
    message = r"cost\[0\] = 18446744073709551615 is outside the int64 range"
    with pytest.raises(ValueError, match=message):
        aidmatch.min_cost_flow(
            [1, -1], [0], [1], [5], np.array([2**64 - 1], dtype=np.uint64)
        )


def test_empty_network_error():
    with pytest.raises(ValueError, match="names a node, but the network has none"):
        aidmatch.min_cost_flow([], [0], [1], [1], [1])
    # Empty arrays of any dtype are an empty network.
    assert aidmatch.min_cost_flow([], [], [], [], [])[0] == "optimal"


def test_capacitated_matching_rejects_floats():
    with pytest.raises(TypeError, match="row_group must contain integers"):
        aidmatch.capacitated_matching(
            [0, 2, 3], [0, 1, 0], [5, 1, 4], [1, 1], row_group=[0.5, 0.7]
        )
    with pytest.raises(TypeError, match="arc_weight must contain integers"):
        aidmatch.capacitated_matching([0, 1], [0], [2.5], [1])


@pytest.fixture(scope="module")
def data():
    return aidmatch.load_default()


@pytest.mark.parametrize(
    "seed, error, message",
    [
        (-1, ValueError, r"seed -1 is outside 0..2\*\*64-1"),
        (2**64, ValueError, r"seed 18446744073709551616 is outside"),
        (1.5, TypeError, "seed must be an int, not <class 'float'>"),
        (True, TypeError, "seed must be an int, not <class 'bool'>"),
    ],
)
def test_dispatch_seed_errors(data, seed, error, message):
    with pytest.raises(error, match=message):
        aidmatch.dispatch(data, selection="random_draw", seed=seed)


def test_dispatch_state_paths(data, tmp_path):
    state = tmp_path / "state.json"
    aidmatch.dispatch(data, selection="rotation", state=state)
    assert state.exists()
    aidmatch.dispatch(data, selection="rotation", state=bytes(state))
    with pytest.raises(TypeError):
        aidmatch.dispatch(data, selection="rotation", state=3)
    with pytest.raises(ValueError, match="the selection state path is empty"):
        aidmatch.dispatch(data, selection="rotation", state="")
    assert not pathlib.Path(".tmp").exists()
    with pytest.raises(ValueError, match="contains a NUL character"):
        aidmatch.dispatch(data, selection="rotation", state=str(tmp_path / "x\0y.json"))
    assert not (tmp_path / "x").exists()


def test_explain_id_with_nul(data):
    with pytest.raises(KeyError, match=r'no matter has id "M00001\\\\x00x"'):
        aidmatch.explain(data, "M00001\0x")
