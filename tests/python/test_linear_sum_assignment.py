"""Tests of aidmatch.linear_sum_assignment against SciPy's function."""

import pathlib
import threading
import zlib

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment as scipy_lsa

import aidmatch

ORLIB = (pathlib.Path(__file__).resolve().parents[3] / "shared" / "data"
         / "orlib-assign")

SHAPES = [(1, 1), (5, 5), (30, 30), (4, 9), (9, 4), (1, 7), (7, 1),
          (0, 4), (4, 0), (0, 0)]
DTYPES = [np.float64, np.float32, np.int64, np.int32, np.bool_]


def random_costs(rng, shape, dtype):
    """Return random costs of the dtype.

    Floating-point dtypes get uniform values in [0, 1) half of the time;
    otherwise the costs are integers 0..9, with many ties.
    """
    if dtype is np.bool_:
        return rng.integers(0, 2, size=shape).astype(np.bool_)
    if np.issubdtype(dtype, np.floating) and rng.random() < 0.5:
        return rng.random(shape).astype(dtype)
    return rng.integers(0, 10, size=shape).astype(dtype)


def assert_valid(cost, rows, cols):
    """Check dtypes, sorted rows, distinct columns and the pair count."""
    assert rows.dtype == np.int64
    assert cols.dtype == np.int64
    assert rows.shape == cols.shape == (min(cost.shape),)
    assert np.all(np.diff(rows) > 0)
    assert len(set(cols.tolist())) == len(cols)


def assert_same_total(cost, maximize=False):
    """Solve with both libraries and compare the totals."""
    rows, cols = aidmatch.linear_sum_assignment(cost, maximize=maximize)
    expected_rows, expected_cols = scipy_lsa(cost, maximize=maximize)
    array = np.asarray(cost)
    assert_valid(array, rows, cols)
    total = array[rows, cols].astype(np.float64).sum()
    expected = array[expected_rows, expected_cols].astype(np.float64).sum()
    assert total == pytest.approx(expected, rel=1e-12, abs=1e-9)
    return rows, cols


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("maximize", [False, True])
def test_matches_scipy(shape, dtype, maximize):
    seed = zlib.crc32(f"{shape} {np.dtype(dtype).name} {maximize}".encode())
    rng = np.random.default_rng(seed)
    for _ in range(5):
        assert_same_total(random_costs(rng, shape, dtype), maximize)


@pytest.mark.parametrize("maximize", [False, True])
def test_memory_orders_and_views(maximize):
    rng = np.random.default_rng(3)
    base = rng.integers(-20, 20, size=(24, 30)).astype(np.float64)
    views = {
        "C": np.ascontiguousarray(base),
        "F": np.asfortranarray(base),
        "strided": base[::2, ::3],
        "reversed": base[::-1, ::-1],
        "transposed": base.T,
        "int strided": base.astype(np.int64)[1::2, ::2],
    }
    for name, view in views.items():
        rows, cols = assert_same_total(view, maximize)
        expected = aidmatch.linear_sum_assignment(
            np.ascontiguousarray(view), maximize=maximize)
        np.testing.assert_array_equal(rows, expected[0], err_msg=name)
        np.testing.assert_array_equal(cols, expected[1], err_msg=name)


def test_nested_lists_and_other_dtypes():
    assert_same_total([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
    assert_same_total([[4.5, 1.0], [2.0, 0.25]], maximize=True)
    for dtype in (np.int8, np.uint8, np.int16, np.uint16, np.uint32,
                  np.uint64, np.float16):
        assert_same_total(np.arange(12, dtype=dtype).reshape(3, 4) % 5)


def test_documented_example():
    cost = np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
    rows, cols = aidmatch.linear_sum_assignment(cost)
    np.testing.assert_array_equal(rows, [0, 1, 2])
    np.testing.assert_array_equal(cols, [1, 0, 2])


@pytest.mark.parametrize("maximize", [False, True])
@pytest.mark.parametrize("shape", [(6, 6), (5, 8), (8, 5)])
def test_forbidden_pairs(maximize, shape):
    rng = np.random.default_rng(11)
    forbidden = -np.inf if maximize else np.inf
    feasible = infeasible = 0
    for _ in range(60):
        cost = rng.integers(0, 10, size=shape).astype(np.float64)
        cost[rng.random(shape) < 0.45] = forbidden
        try:
            scipy_lsa(cost, maximize=maximize)
        except ValueError:
            with pytest.raises(ValueError, match="cost matrix is infeasible"):
                aidmatch.linear_sum_assignment(cost, maximize=maximize)
            infeasible += 1
            continue
        rows, cols = assert_same_total(cost, maximize)
        assert np.all(np.isfinite(cost[rows, cols]))
        feasible += 1
    assert feasible > 0
    assert infeasible > 0


def test_infeasible_examples():
    inf = np.inf
    for cost in ([[inf, inf], [1, 2]], [[1, inf], [2, inf]],
                 [[1, inf, inf], [2, inf, inf]]):
        with pytest.raises(ValueError, match="^cost matrix is infeasible$"):
            aidmatch.linear_sum_assignment(cost)
        with pytest.raises(ValueError):
            scipy_lsa(cost)


@pytest.mark.parametrize("maximize", [False, True])
def test_invalid_entries(maximize):
    nan_cost = np.array([[0.0, 1.0], [np.nan, 2.0]])
    with pytest.raises(ValueError, match="cost NaN at row 1, column 0"):
        aidmatch.linear_sum_assignment(nan_cost, maximize=maximize)
    with pytest.raises(ValueError):
        scipy_lsa(nan_cost, maximize=maximize)
    wrong_infinity = np.array([[0.0, 1.0], [2.0, np.inf if maximize
                                            else -np.inf]])
    with pytest.raises(ValueError, match="at row 1, column 1 is invalid"):
        aidmatch.linear_sum_assignment(wrong_infinity, maximize=maximize)
    with pytest.raises(ValueError):
        scipy_lsa(wrong_infinity, maximize=maximize)


def test_integer_limit():
    limit = 2**59
    ok = np.array([[limit, -limit], [0, 1]], dtype=np.int64)
    assert_same_total(ok)
    for value, dtype in ((limit + 1, np.int64), (2**64 - 1, np.uint64),
                         (-(2**63), np.int64)):
        cost = np.array([[0, value]], dtype=dtype)
        with pytest.raises(ValueError, match=f"cost {value} at row 0, "
                           "column 1 exceeds the largest accepted "
                           "magnitude 2\\^59"):
            aidmatch.linear_sum_assignment(cost)


def test_wrong_dimensions():
    for value, ndim in ((np.zeros((2, 2, 2)), 3), (np.zeros(3), 1),
                        (5, 0), ([], 1)):
        with pytest.raises(ValueError, match=(
                f"^expected a matrix \\(2-D array\\), got a {ndim}-D "
                "array$")):
            aidmatch.linear_sum_assignment(value)
        with pytest.raises(ValueError):
            scipy_lsa(value)


def test_unsupported_dtypes():
    for value in (np.array([[1 + 1j]]), np.array([["a", "b"]]),
                  np.array([[1, 2]], dtype=object)):
        with pytest.raises(TypeError, match="cost matrix must have"):
            aidmatch.linear_sum_assignment(value)
        with pytest.raises(TypeError):
            scipy_lsa(value)
    with pytest.raises(ValueError):
        aidmatch.linear_sum_assignment([[1, 2], [3]])


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0, 0)])
def test_empty_shapes(shape):
    rows, cols = aidmatch.linear_sum_assignment(np.zeros(shape))
    assert rows.dtype == cols.dtype == np.int64
    assert rows.size == cols.size == 0


def test_maximize_accepts_truthy_values():
    cost = np.array([[1, 2], [3, 5]])
    for flag in (1, np.bool_(True), "yes"):
        rows, cols = aidmatch.linear_sum_assignment(cost, flag)
        np.testing.assert_array_equal(cols, scipy_lsa(cost, True)[1])


def test_other_threads_run_during_solve():
    cost = np.random.default_rng(5).random((600, 600))
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        aidmatch.linear_sum_assignment(cost))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 3
    for rows, cols in results:
        np.testing.assert_array_equal(cols, results[0][1])


def read_orlib_dense(path):
    """Return the cost matrix of an OR-Library dense instance."""
    values = np.array(path.read_text().split(), dtype=np.int64)
    n = int(values[0])
    return values[1:].reshape(n, n)


def orlib_dense_instances():
    optima = ORLIB / "optima.tsv"
    if not optima.exists():
        return []
    rows = [line.split("\t") for line in
            optima.read_text().splitlines()[1:]]
    return [(name, int(optimum)) for name, _, kind, optimum in rows
            if kind == "dense"]


@pytest.mark.skipif(not ORLIB.exists(), reason="no OR-Library data")
@pytest.mark.parametrize("name,optimum", orlib_dense_instances())
def test_orlib_dense_optimum(name, optimum):
    cost = read_orlib_dense(ORLIB / name)
    for matrix in (cost, cost.astype(np.float64)):
        rows, cols = aidmatch.linear_sum_assignment(matrix)
        assert_valid(matrix, rows, cols)
        assert cost[rows, cols].sum() == optimum
