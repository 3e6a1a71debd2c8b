// dispatch() and the DispatchResult class with its columns and reports.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "aidmatch/core/error.hpp"
#include "aidmatch/dispatch/dispatch.hpp"
#include "aidmatch/dispatch/explain.hpp"
#include "aidmatch/dispatch/report.hpp"
#include "bindings.hpp"

namespace aidmatch::python {
namespace {

// A dispatch result with the data set and policy it came from, which its
// reports need. The shared_ptr keeps the Dataset alive after its Python
// object is gone.
struct DispatchRun {
  std::shared_ptr<const Dataset> data;
  Policy policy;
  DispatchResult result;
};

SelectionMethod selection_of(const std::string& name) {
  if (name == "optimise") return SelectionMethod::kOptimise;
  if (name == "rotation") return SelectionMethod::kRotation;
  if (name == "random_draw") return SelectionMethod::kRandomDraw;
  throw py::value_error("unknown selection \"" + name +
                        "\"; expected optimise, rotation or random_draw");
}

DispatchRun run_dispatch(std::shared_ptr<Dataset> data,
                         const std::optional<Policy>& policy,
                         const std::optional<std::string>& selection,
                         const py::object& seed_object,
                         const py::object& state_file) {
  // os.fsdecode accepts str, bytes and os.PathLike. The library then
  // rejects an empty path, or one with a NUL character, by name.
  const std::optional<std::string> state_path =
      state_file.is_none()
          ? std::nullopt
          : std::optional<std::string>(py::str(
                py::module_::import("os").attr("fsdecode")(state_file)));
  if (!data) throw py::type_error("dataset must be a Dataset, not None");
  std::optional<std::uint64_t> seed;
  if (!seed_object.is_none()) {
    if (!py::isinstance<py::int_>(seed_object) ||
        py::isinstance<py::bool_>(seed_object)) {
      throw py::type_error("seed must be an int, not " +
                           std::string(py::str(seed_object.get_type())));
    }
    const py::int_ value = seed_object;
    if (value < py::int_(0) ||
        value > py::int_(std::numeric_limits<std::uint64_t>::max())) {
      throw py::value_error("seed " + std::string(py::str(value)) +
                            " is outside 0..2**64-1; give a non-negative "
                            "64-bit integer");
    }
    seed = value.cast<std::uint64_t>();
  }
  DispatchRun run{std::move(data),
                  policy ? *policy : embedded_default_policy(), {}};
  DispatchOptions options;
  options.logger = current_logger();
  if (selection) options.selection = selection_of(*selection);
  options.seed = seed;
  SelectionState state;
  if (state_path) state = read_selection_state(*state_path);
  options.state = &state;
  {
    // Other Python threads run while the library solves. That is safe
    // because the library reads only run.data and run.policy. The policy
    // is a copy made above that Python cannot reach, and the Python
    // Dataset class has no method or attribute that changes a Dataset.
    // The Logger takes the GIL before it calls Python.
    py::gil_scoped_release release;
    run.result = dispatch(*run.data, run.policy, options);
  }
  if (state_path) write_selection_state(*state_path, state);
  return run;
}

MatterIndex matter_index(const Dataset& data, const std::string& id) {
  for (std::size_t i = 0; i < data.matters.size(); ++i) {
    if (data.matters[i].id == id) return static_cast<MatterIndex>(i);
  }
  throw NotFoundError("no matter has id \"" + message_excerpt(id) + "\"");
}

py::dict candidate_dict(const Dataset& data, const RankedCandidate& c) {
  py::dict out;
  out["rank"] = c.rank;
  out["provider_id"] = to_str(data.providers[c.provider].id);
  out["mode"] = to_str(to_string(c.mode));
  out["pairing_id"] = c.pairing >= 0
                          ? py::object(to_str(data.pairings[c.pairing].id))
                          : py::object(py::none());
  out["score"] = c.total;
  out["capacity"] = c.capacity;
  py::dict terms;
  for (const TermContribution& term : c.terms) {
    py::dict entry;
    entry["value"] = term.value;
    entry["weight"] = term.weight;
    entry["contribution"] = term.contribution;
    terms[to_str(term.id)] = entry;
  }
  out["terms"] = terms;
  return out;
}

py::dict excluded_dict(const Dataset& data, const ExcludedCandidate& c) {
  py::dict out;
  out["provider_id"] = to_str(data.providers[c.provider].id);
  out["mode"] = to_str(to_string(c.mode));
  out["rule"] = to_str(c.rule);
  out["description"] = to_str(c.description);
  out["provision"] = to_str(c.provision);
  return out;
}

py::dict explain(const std::shared_ptr<Dataset>& data, const std::string& matter,
                 const std::optional<Policy>& policy) {
  const Policy used = policy ? *policy : embedded_default_policy();
  const MatterExplanation e =
      explain_matter(*data, used, matter_index(*data, matter));
  py::dict out;
  out["matter_id"] = to_str(matter);
  out["policy"] = to_str(e.policy);
  out["late"] = e.late;
  out["deadline"] = e.deadline ? py::object(to_str(e.deadline->to_string()))
                               : py::object(py::none());
  py::list ranked;
  for (const RankedCandidate& c : e.ranked) ranked.append(candidate_dict(*data, c));
  py::list excluded;
  for (const ExcludedCandidate& c : e.excluded) {
    excluded.append(excluded_dict(*data, c));
  }
  out["ranked"] = ranked;
  out["excluded"] = excluded;
  out["text"] = to_str(format_explanation(*data, used, e));
  return out;
}

py::dict explain_pair(const std::shared_ptr<Dataset>& data,
                      const std::string& matter, const std::string& provider,
                      const std::optional<Policy>& policy) {
  const Policy used = policy ? *policy : embedded_default_policy();
  const auto p = data->providers.find(provider);
  if (!p) {
    throw NotFoundError("no provider has id \"" + message_excerpt(provider) +
                        "\"");
  }
  const WhyNot w = why_not(*data, used, matter_index(*data, matter), *p);
  static const char* const kVerdicts[] = {"eligible", "excluded",
                                          "not_admitted", "not_individual"};
  py::dict out;
  out["verdict"] = kVerdicts[static_cast<int>(w.verdict)];
  out["text"] = to_str(w.text);
  out["ranked"] = w.ranked ? py::object(candidate_dict(*data, *w.ranked))
                           : py::object(py::none());
  out["excluded"] = w.excluded ? py::object(excluded_dict(*data, *w.excluded))
                               : py::object(py::none());
  return out;
}

py::list recommend_for(const std::shared_ptr<Dataset>& data,
                       const std::string& matter, std::size_t k,
                       const std::optional<Policy>& policy) {
  const Policy used = policy ? *policy : embedded_default_policy();
  const MatterIndex index = matter_index(*data, matter);
  py::list out;
  for (const RankedCandidate& c :
       recommend(*data, used, data->matters[index], k)) {
    out.append(candidate_dict(*data, c));
  }
  return out;
}

template <typename T>
py::array_t<T> make_array(std::size_t size) {
  return py::array_t<T>(static_cast<py::ssize_t>(size));
}

// One entry per CSV column of write_assignments_csv, in the same order.
// Where the CSV leaves a field of an unassigned matter empty, text columns
// hold None, float columns NaN and boolean columns False.
py::dict columns(const DispatchRun& run) {
  const Dataset& data = *run.data;
  const auto& assignments = run.result.assignments;
  const std::size_t n = assignments.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();

  py::list matter_id(n), provider_id(n), mode(n), agency(n), reason(n),
      reason_code(n), serving_region(n), provider_home(n), pairing_id(n);
  auto score = make_array<double>(n);
  auto distance_km = make_array<double>(n);
  auto cross_county = make_array<bool>(n);
  auto cross_city = make_array<bool>(n);
  auto candidates = make_array<std::int64_t>(n);
  auto eligible = make_array<std::int64_t>(n);
  auto late = make_array<bool>(n);
  auto chosen = make_array<bool>(n);
  auto subsidy = make_array<double>(n);
  py::list deadline(n), choice_note(n), subsidy_payer(n), subsidy_basis(n);
  const std::vector<TermInfo>& term_info = run.policy.terms();
  std::vector<py::array_t<double>> terms;
  for (std::size_t t = 0; t < term_info.size(); ++t) {
    terms.push_back(make_array<double>(n));
  }

  auto score_out = score.mutable_unchecked<1>();
  auto distance_out = distance_km.mutable_unchecked<1>();
  auto county_out = cross_county.mutable_unchecked<1>();
  auto city_out = cross_city.mutable_unchecked<1>();
  auto candidates_out = candidates.mutable_unchecked<1>();
  auto eligible_out = eligible.mutable_unchecked<1>();
  std::vector<double*> term_out;
  for (auto& term : terms) term_out.push_back(term.mutable_data());

  for (std::size_t i = 0; i < n; ++i) {
    const Assignment& a = assignments[i];
    const auto row = static_cast<py::ssize_t>(i);
    const Matter& matter = data.matters[a.matter];
    matter_id[i] = to_str(matter.id);
    agency[i] = to_str(data.regions.region(a.agency).code);
    reason[i] = to_str(a.reason_text);
    reason_code[i] = to_str(to_string(a.reason));
    serving_region[i] = to_str(matter.serving_region);
    candidates_out(row) = a.candidates;
    eligible_out(row) = a.eligible;
    late.mutable_data()[i] = a.late;
    chosen.mutable_data()[i] = a.chosen_by_recipient;
    deadline[i] = a.deadline ? py::object(to_str(a.deadline->to_string()))
                             : py::object(py::none());
    choice_note[i] = a.choice_note.empty() ? py::object(py::none())
                                           : py::object(to_str(a.choice_note));
    subsidy.mutable_data()[i] = a.assigned() ? a.subsidy.amount : nan;
    subsidy_payer[i] = a.assigned() ? py::object(to_str(a.subsidy.payer))
                                    : py::object(py::none());
    subsidy_basis[i] = a.assigned() ? py::object(to_str(a.subsidy.basis))
                                    : py::object(py::none());
    if (!a.assigned()) {
      provider_id[i] = py::none();
      mode[i] = py::none();
      provider_home[i] = py::none();
      pairing_id[i] = py::none();
      score_out(row) = nan;
      distance_out(row) = nan;
      county_out(row) = false;
      city_out(row) = false;
      for (double* term : term_out) term[i] = nan;
      continue;
    }
    const Provider& provider = data.providers[a.provider];
    provider_id[i] = to_str(provider.id);
    mode[i] = to_str(to_string(a.mode));
    provider_home[i] = to_str(provider.home_region);
    pairing_id[i] = a.pairing >= 0
                        ? py::object(to_str(data.pairings[a.pairing].id))
                        : py::object(py::none());
    score_out(row) = a.score.total;
    distance_out(row) = a.distance_km;
    county_out(row) = a.cross_county;
    city_out(row) = a.cross_city;
    for (std::size_t t = 0; t < term_out.size(); ++t) {
      term_out[t][i] = a.score.terms[t];
    }
  }

  py::dict out;
  out["matter_id"] = matter_id;
  out["provider_id"] = provider_id;
  out["mode"] = mode;
  out["agency"] = agency;
  out["score"] = score;
  out["reason"] = reason;
  out["reason_code"] = reason_code;
  out["serving_region"] = serving_region;
  out["provider_home"] = provider_home;
  out["distance_km"] = distance_km;
  out["cross_county"] = cross_county;
  out["cross_city"] = cross_city;
  out["pairing_id"] = pairing_id;
  out["candidates"] = candidates;
  out["eligible"] = eligible;
  for (std::size_t t = 0; t < term_info.size(); ++t) {
    out[to_str("term_" + term_info[t].id)] = terms[t];
  }
  out["late"] = late;
  out["deadline"] = deadline;
  out["chosen_by_recipient"] = chosen;
  out["choice_note"] = choice_note;
  out["subsidy"] = subsidy;
  out["subsidy_payer"] = subsidy_payer;
  out["subsidy_basis"] = subsidy_basis;
  return out;
}

py::dict stats(const DispatchRun& run) {
  const DispatchStats& s = run.result.stats;
  py::dict out;
  out["candidate_pairs"] = s.candidate_pairs;
  out["eligible_pairs"] = s.eligible_pairs;
  out["solver_phases"] = s.solver_phases;
  out["score_seconds"] = s.score_seconds;
  out["solve_seconds"] = s.solve_seconds;
  return out;
}

py::str to_csv(const DispatchRun& run) {
  std::ostringstream out;
  write_assignments_csv(out, *run.data, run.policy, run.result);
  return to_str(out.str());
}

py::str to_json(const DispatchRun& run) {
  std::ostringstream out;
  write_assignments_json(out, *run.data, run.policy, run.result);
  return to_str(out.str());
}

py::str summary(const DispatchRun& run) {
  return to_str(format_summary(summarize(*run.data, run.result)));
}

const char* const kDispatchDoc =
    R"(Assign every matter of a data set to at most one provider.

The assignment serves as many matters as possible, then maximises the
total score, then prefers providers with lower ids. The same data set and
policy always give the same assignment.

Parameters
----------
dataset : Dataset
policy : Policy, optional
    Defaults to ``default_policy()``. The dispatch uses a copy, so later
    changes to `policy` do not affect the result.
selection : str, optional
    "optimise", "rotation" or "random_draw", overriding the policy's
    selection method.
seed : int, optional
    The seed of a random draw; the result's summary records the seed used.
state : str or os.PathLike, optional
    Path of a selection state file with the rotation cursors and the draw
    count. It is read if it exists and rewritten after the dispatch.

Returns
-------
DispatchResult

Raises
------
OverflowError
    If the range of scores is too wide for the solver's exact integer
    arithmetic, as with very large weights.

Notes
-----
The GIL is released while the library solves, so other Python threads
keep running.

Examples
--------
>>> result = aidmatch.dispatch(aidmatch.load_default())
>>> df = pandas.DataFrame(result.columns())
)";

const char* const kDispatchResultDoc =
    R"(The outcome of ``dispatch``: one row per matter, in input order.

It keeps the Dataset and a copy of the Policy it came from, which
``summary``, ``to_csv`` and ``to_json`` use.
)";

const char* const kColumnsDoc =
    R"(Return the result as columns for ``pandas.DataFrame``.

The keys and their order are those of the ``to_csv`` header.

Returns
-------
dict
    Lists of str: matter_id, agency (the region code of the assigning
    agency), reason (empty when assigned), reason_code ("no_candidate",
    "no_eligible_provider", "capacity_exhausted", or empty when assigned)
    and serving_region. Lists of str or None, None when unassigned:
    provider_id, mode, provider_home and pairing_id (also None when no
    pairing admits the provider). NumPy float64 arrays, NaN when
    unassigned: score, distance_km and one ``term_<id>`` per score term
    of the policy, in the policy's term order, with the unweighted term
    value. NumPy bool arrays, False when
    unassigned: cross_county and cross_city. NumPy int64 arrays:
    candidates and eligible, the providers admitted and those passing
    every hard rule. Then: late and chosen_by_recipient (bool arrays),
    deadline and choice_note (str or None), subsidy (float, NaN when
    unassigned), subsidy_payer and subsidy_basis (str or None).
)";

}  // namespace

void bind_dispatch(py::module_& m) {
  py::class_<DispatchRun>(m, "DispatchResult", kDispatchResultDoc)
      .def_property_readonly(
          "assigned_count",
          [](const DispatchRun& run) { return run.result.assigned_count; },
          "Number of matters assigned.")
      .def_property_readonly(
          "total_score",
          [](const DispatchRun& run) { return run.result.total_score; },
          "Sum of the assigned matters' scores.")
      .def_property_readonly(
          "stats", &stats,
          "Solver statistics: candidate_pairs and eligible_pairs (int), "
          "solver_phases (int), score_seconds and solve_seconds (float, "
          "elapsed seconds).")
      .def("columns", &columns, kColumnsDoc)
      .def("summary", &summary,
           "Return a text summary: counts by reason, cross-region shares, "
           "dispatch modes, workload spread and counts by city.\n\n"
           "Returns\n-------\nstr\n")
      .def("to_csv", &to_csv,
           "Return the result as CSV text with a header row, the format of "
           "the aidmatch-dispatch program.\n\nReturns\n-------\nstr\n")
      .def("to_json", &to_json,
           "Return the result as a JSON array with one object per matter, "
           "with each term's value and weight.\n\nReturns\n-------\nstr\n")
      .def("__len__",
           [](const DispatchRun& run) { return run.result.assignments.size(); })
      .def("__repr__", [](const DispatchRun& run) {
        return "<aidmatch.DispatchResult: " +
               std::to_string(run.result.assigned_count) + " of " +
               std::to_string(run.result.assignments.size()) +
               " matters assigned>";
      });

  m.def("dispatch", &run_dispatch, py::arg("dataset"),
        py::arg("policy") = py::none(), py::kw_only(),
        py::arg("selection") = py::none(), py::arg("seed") = py::none(),
        py::arg("state") = py::none(), kDispatchDoc);
  m.def("explain", &explain, py::arg("dataset"), py::arg("matter_id"),
        py::arg("policy") = py::none(),
        "Explain one matter without dispatching the batch.\n\n"
        "Returns a dict: matter_id, policy, late, deadline, ranked (the "
        "eligible providers best first, each with rank, provider_id, mode, "
        "pairing_id, score, capacity and terms: value, weight and "
        "contribution by term id), excluded (each admitted provider that a "
        "rule excluded, with that rule's id, description and provision) and "
        "text (the same as a printable report). Raises NotFoundError for an "
        "unknown matter id.");
  m.def("why_not", &explain_pair, py::arg("dataset"), py::arg("matter_id"),
        py::arg("provider_id"), py::arg("policy") = py::none(),
        "Say why one provider is or is not a candidate for one matter.\n\n"
        "Returns a dict: verdict (eligible, excluded, not_admitted or "
        "not_individual), text, ranked (the provider's ranked entry when "
        "eligible, else None) and excluded (the excluding rule when "
        "excluded, else None).");
  m.def("recommend", &recommend_for, py::arg("dataset"), py::arg("matter_id"),
        py::arg("k") = 10, py::arg("policy") = py::none(),
        "Rank the best k eligible providers with capacity for one matter, "
        "with each one's score terms, without solving the batch. Returns a "
        "list of the dicts that explain() lists under ranked.");
}

}  // namespace aidmatch::python
