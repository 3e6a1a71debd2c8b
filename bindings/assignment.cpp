// linear_sum_assignment(), a drop-in replacement for
// scipy.optimize.linear_sum_assignment on the dense solver.
#include <pybind11/numpy.h>

#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "aidmatch/solvers/linear_sum_assignment.hpp"
#include "bindings.hpp"

namespace aidmatch::python {
namespace {

namespace solvers = aidmatch::solvers;

constexpr const char* kDocstring =
    R"doc(Solve the linear sum assignment problem.

A drop-in replacement for ``scipy.optimize.linear_sum_assignment``: same
arguments, same return values, and ``ValueError`` for the same inputs.

Parameters
----------
cost_matrix : array_like
    The cost matrix, two-dimensional, of any real or boolean dtype and any
    memory layout. Integer and boolean matrices are solved exactly in 64-bit
    integers; floating-point ones in double precision.
maximize : bool, default False
    Maximise the total instead of minimising it.

Returns
-------
row_ind, col_ind : numpy.ndarray of int64
    The assigned pairs: ``row_ind[k]`` is matched with ``col_ind[k]``, and
    ``row_ind`` is sorted. The total is
    ``cost_matrix[row_ind, col_ind].sum()``. Every row is assigned when the
    matrix has no more rows than columns, every column otherwise.

Raises
------
ValueError
    When the matrix is not two-dimensional; contains NaN, ``-inf`` when
    minimising or ``+inf`` when maximising (the message names the row and
    column); is infeasible ("cost matrix is infeasible"), that is, its
    forbidden pairs (``+inf`` when minimising, ``-inf`` when maximising)
    leave no complete assignment; or has an entry beyond the accepted
    magnitude (2^59 for integers, 2^1019 for floating point).
TypeError
    When the dtype is not boolean, integer or floating point, or is a
    floating-point type wider than float64, as in SciPy.

Notes
-----
The solver is a shortest augmenting path method after Jonker and
Volgenant (1987), with their initialisation phases for square matrices;
rectangular matrices are handled as in Crouse (2016). When several
assignments are optimal, the one returned may differ from SciPy's.

Examples
--------
>>> import numpy as np
>>> import aidmatch
>>> cost = np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
>>> row_ind, col_ind = aidmatch.linear_sum_assignment(cost)
>>> col_ind
array([1, 0, 2])
>>> int(cost[row_ind, col_ind].sum())
5
)doc";

py::array_t<std::int64_t> to_array(const std::vector<std::int64_t>& values) {
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(values.size()));
  if (!values.empty()) {
    std::memcpy(out.mutable_data(), values.data(),
                values.size() * sizeof(std::int64_t));
  }
  return out;
}

// Solves a C-contiguous matrix whose dtype matches Cost.
template <typename Cost>
py::tuple solve(const py::array& matrix, bool maximize) {
  const py::ssize_t rows = matrix.shape(0);
  const py::ssize_t columns = matrix.shape(1);
  const std::span<const Cost> costs(static_cast<const Cost*>(matrix.data()),
                                    static_cast<std::size_t>(matrix.size()));
  const auto objective = maximize ? solvers::AssignmentObjective::kMaximize
                                  : solvers::AssignmentObjective::kMinimize;
  solvers::LinearSumAssignmentResult<Cost> result;
  {
    // Other Python threads run during the solve. That is safe because
    // `matrix` holds a reference to the array, so its buffer stays
    // allocated (NumPy also refuses to resize an array that is referenced),
    // and the solver only reads it and its own vectors. As with NumPy's own
    // functions that release the GIL, a thread that writes to the array
    // meanwhile gets an unspecified but valid-shaped result: every loop of
    // the solver is bounded by the matrix size, whatever values it reads.
    py::gil_scoped_release release;
    result = solvers::solve_linear_sum_assignment<Cost>(costs, rows, columns,
                                                        objective);
  }
  if (result.status == solvers::AssignmentStatus::kInfeasible) {
    throw py::value_error("cost matrix is infeasible");
  }
  return py::make_tuple(to_array(result.row_indices),
                        to_array(result.column_indices));
}

// Rejects uint64 entries that do not fit in int64 before the conversion
// would wrap them, with the message the solver gives for its limit.
void check_unsigned_range(const py::array& matrix) {
  const py::array contiguous =
      py::module_::import("numpy").attr("ascontiguousarray")(matrix);
  const auto* values = static_cast<const std::uint64_t*>(contiguous.data());
  const auto limit =
      static_cast<std::uint64_t>(solvers::kMaxIntegerCostMagnitude);
  const py::ssize_t columns = contiguous.shape(1);
  for (py::ssize_t k = 0; k < contiguous.size(); ++k) {
    if (values[k] <= limit) continue;
    throw std::invalid_argument(
        "linear_sum_assignment: cost " + std::to_string(values[k]) +
        " at row " + std::to_string(k / columns) + ", column " +
        std::to_string(k % columns) +
        " exceeds the largest accepted magnitude 2^59 = " +
        std::to_string(solvers::kMaxIntegerCostMagnitude));
  }
}

py::tuple linear_sum_assignment(const py::object& cost_matrix,
                                const py::object& maximize_flag) {
  const int truth = PyObject_IsTrue(maximize_flag.ptr());
  if (truth < 0) throw py::error_already_set();
  const bool maximize = truth == 1;

  const py::module_ numpy = py::module_::import("numpy");
  const py::array matrix = numpy.attr("asarray")(cost_matrix);
  if (matrix.ndim() != 2) {
    throw py::value_error("expected a matrix (2-D array), got a " +
                          std::to_string(matrix.ndim()) + "-D array");
  }
  const py::dtype dtype = matrix.dtype();
  const char kind = dtype.kind();
  if (kind == 'b' || kind == 'i' || kind == 'u') {
    if (kind == 'u' && dtype.itemsize() == 8) check_unsigned_range(matrix);
    const py::array converted =
        numpy.attr("ascontiguousarray")(matrix, numpy.attr("int64"));
    return solve<std::int64_t>(converted, maximize);
  }
  if (kind == 'f' && dtype.itemsize() <= 8) {
    const py::array converted =
        numpy.attr("ascontiguousarray")(matrix, numpy.attr("float64"));
    return solve<double>(converted, maximize);
  }
  throw py::type_error(
      "cost matrix must have a boolean, integer or floating-point dtype no "
      "wider than float64, got " +
      py::str(dtype).cast<std::string>());
}

}  // namespace

void bind_assignment(py::module_& m) {
  m.def("linear_sum_assignment", &linear_sum_assignment,
        py::arg("cost_matrix"), py::arg("maximize") = false, kDocstring);
}

}  // namespace aidmatch::python
