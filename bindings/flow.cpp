// min_cost_flow() and capacitated_matching(): the exact flow solvers for
// notebooks, on NumPy arrays.
#include <pybind11/numpy.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "aidmatch/solvers/min_cost_flow.hpp"
#include "bindings.hpp"

namespace aidmatch::python {
namespace {

namespace solvers = aidmatch::solvers;
using IntArray = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

// The entries of a one-dimensional array of integers. A cast would
// truncate or wrap anything else, so floats, strings, complex numbers and
// Python integers beyond 64 bits raise TypeError. Another shape, or an
// unsigned value beyond int64, raises ValueError.
std::vector<std::int64_t> values_of(const py::handle& object, const char* name) {
  const py::array array = py::array::ensure(object);
  if (!array) {
    throw py::type_error(std::string(name) + " must be an array of integers");
  }
  if (array.ndim() != 1) {
    throw py::value_error(std::string(name) + " must be one-dimensional, not " +
                          std::to_string(array.ndim()) + "-dimensional");
  }
  const char kind = array.dtype().kind();
  if (array.size() > 0 && kind != 'i' && kind != 'u' && kind != 'b') {
    throw py::type_error(
        std::string(name) + " must contain integers, not " +
        std::string(py::str(array.dtype())) +
        (kind == 'O' ? " (Python integers beyond 64 bits, or mixed values)"
                     : "") +
        "; convert it with numpy.asarray(..., dtype=numpy.int64) after "
        "checking that no value is lost");
  }
  if (kind == 'u' && array.itemsize() == 8) {
    const auto unsigned_values =
        py::array_t<std::uint64_t, py::array::c_style | py::array::forcecast>::
            ensure(array);
    for (py::ssize_t i = 0; i < unsigned_values.size(); ++i) {
      if (unsigned_values.data()[i] >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        throw py::value_error(std::string(name) + "[" + std::to_string(i) +
                              "] = " + std::to_string(unsigned_values.data()[i]) +
                              " is outside the int64 range");
      }
    }
  }
  const auto values = IntArray::ensure(array);
  const std::int64_t* data = values.data();
  return std::vector<std::int64_t>(data, data + values.size());
}

// Converts node or column indices to int32, naming the first out of range.
std::vector<std::int32_t> indices_of(const py::handle& array, const char* name) {
  const std::vector<std::int64_t> values = values_of(array, name);
  std::vector<std::int32_t> out;
  out.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] < std::numeric_limits<std::int32_t>::min() ||
        values[i] > std::numeric_limits<std::int32_t>::max()) {
      throw py::value_error(std::string(name) + "[" + std::to_string(i) +
                            "] = " + std::to_string(values[i]) +
                            " is outside the 32-bit index range");
    }
    out.push_back(static_cast<std::int32_t>(values[i]));
  }
  return out;
}

py::array_t<std::int64_t> to_array(const std::vector<std::int64_t>& values) {
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

solvers::FlowMethod flow_method(const std::string& name) {
  if (name == "network_simplex") return solvers::FlowMethod::kNetworkSimplex;
  if (name == "augmenting_path") return solvers::FlowMethod::kAugmentingPath;
  throw py::value_error("unknown method \"" + name +
                        "\"; expected network_simplex or augmenting_path");
}

solvers::MatchingMethod matching_method(const std::string& name) {
  if (name == "network_simplex") return solvers::MatchingMethod::kNetworkSimplex;
  if (name == "augmenting_path") return solvers::MatchingMethod::kAugmentingPath;
  if (name == "primal_dual") return solvers::MatchingMethod::kPrimalDual;
  if (name == "lemon") return solvers::MatchingMethod::kLemonNetworkSimplex;
  throw py::value_error(
      "unknown method \"" + name +
      "\"; expected network_simplex, augmenting_path, primal_dual or lemon");
}

py::tuple min_cost_flow(const py::object& supply, const py::object& tail,
                        const py::object& head, const py::object& upper,
                        const py::object& cost, const py::object& lower,
                        const std::string& method) {
  solvers::FlowNetwork network;
  network.supply = values_of(supply, "supply");
  network.nodes = static_cast<std::int32_t>(network.supply.size());
  network.tail = indices_of(tail, "tail");
  network.head = indices_of(head, "head");
  network.upper = values_of(upper, "upper");
  network.cost = values_of(cost, "cost");
  network.lower = lower.is_none()
                      ? std::vector<std::int64_t>(network.tail.size(), 0)
                      : values_of(lower, "lower");
  solvers::FlowOptions options;
  options.method = flow_method(method);
  solvers::FlowSolution solution;
  {
    py::gil_scoped_release release;
    solution = solvers::solve_min_cost_flow(network, options);
  }
  const std::string status = solvers::to_string(solution.status);
  if (solution.status != solvers::FlowStatus::kOptimal) {
    return py::make_tuple(status, py::none(), py::none());
  }
  return py::make_tuple(status, solution.cost, to_array(solution.flow));
}

py::tuple capacitated_matching(const py::object& row_start,
                               const py::object& arc_column,
                               const py::object& arc_weight,
                               const py::object& capacity,
                               const py::object& row_group,
                               const std::string& method) {
  solvers::CapacitatedMatchingProblem problem;
  problem.row_start = values_of(row_start, "row_start");
  if (problem.row_start.empty()) {
    throw py::value_error("row_start must have rows + 1 entries, starting "
                          "with 0");
  }
  problem.rows = static_cast<std::int32_t>(problem.row_start.size() - 1);
  problem.arc_column = indices_of(arc_column, "arc_column");
  problem.arc_weight = values_of(arc_weight, "arc_weight");
  problem.capacity = indices_of(capacity, "capacity");
  problem.columns = static_cast<std::int32_t>(problem.capacity.size());
  if (!row_group.is_none()) {
    problem.row_group = indices_of(row_group, "row_group");
  }
  const solvers::MatchingMethod chosen = matching_method(method);
  solvers::CapacitatedMatchingResult result;
  {
    py::gil_scoped_release release;
    result = solvers::solve_capacitated_matching(problem, chosen);
  }
  return py::make_tuple(to_array(result.arc_of_row), result.matched,
                        result.total_weight);
}

}  // namespace

void bind_flow(py::module_& m) {
  m.attr("UNLIMITED") = solvers::FlowNetwork::kUnlimited;
  m.def("min_cost_flow", &min_cost_flow, py::arg("supply"), py::arg("tail"),
        py::arg("head"), py::arg("upper"), py::arg("cost"),
        py::arg("lower") = py::none(), py::arg("method") = "network_simplex",
        R"doc(Solve a minimum-cost flow problem exactly, in integers.

Node ``v`` has ``supply[v]`` (positive sends, negative receives; supplies
that do not sum to zero make the problem infeasible). Arc ``a`` runs from ``tail[a]`` to ``head[a]`` and carries
between ``lower[a]`` (default 0, may be negative) and ``upper[a]`` units, at
``cost[a]`` per unit (may be negative). ``upper[a] = aidmatch.UNLIMITED``
means no limit.

Returns ``(status, cost, flow)``: status is ``"optimal"``, ``"infeasible"``
(no flow meets the supplies), ``"unbounded"`` (a negative cycle of unlimited
arcs) or ``"cost overflow"``; cost and the int64 array flow are None unless
optimal. ``method`` is ``"network_simplex"`` (default) or
``"augmenting_path"``.

Every array holds integers: a float, string or complex array raises
TypeError rather than being truncated. Raises ValueError for arrays of
different lengths, a node out of range, an upper bound below the lower
bound, or magnitudes that could overflow.
)doc");
  m.def("capacitated_matching", &capacitated_matching, py::arg("row_start"),
        py::arg("arc_column"), py::arg("arc_weight"), py::arg("capacity"),
        py::arg("row_group") = py::none(),
        py::arg("method") = "network_simplex",
        R"doc(Match rows to columns with column capacities, exactly.

The allowed pairs of row ``r`` are ``arc_column[row_start[r]:row_start[r+1]]``
with weights ``arc_weight`` (int64). Column ``c`` takes at most
``capacity[c]`` rows. The objective is lexicographic: the most rows matched,
then the largest total weight. Rows with the same ``row_group`` value
(>= 0; -1 for none) never share a column.

Returns ``(arc_of_row, matched, total_weight)``, where ``arc_of_row[r]`` is
the index of the chosen arc of row ``r`` or -1. ``method`` is
``"network_simplex"`` (default), ``"augmenting_path"``, ``"primal_dual"`` or
``"lemon"`` (LEMON's network simplex, kept as a reference). Every array holds
integers; a float array raises TypeError rather than being truncated.
)doc");
}

}  // namespace aidmatch::python
