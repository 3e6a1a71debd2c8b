// The Policy class, its weights view and the functions that parse one.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "aidmatch/io/load.hpp"
#include "aidmatch/io/table.hpp"
#include "aidmatch/rules/policy.hpp"
#include "bindings.hpp"

namespace aidmatch::python {
namespace {

namespace fs = std::filesystem;

// The weights of one Policy as a mapping from score term to weight.
// keep_alive on the getter keeps the Policy alive as long as the view.
struct PolicyWeights {
  Policy* policy;
};

std::string term_names() {
  std::string names;
  for (std::size_t t = 0; t < kScoreTermCount; ++t) {
    names += t == 0 ? "" : ", ";
    names += to_string(static_cast<ScoreTerm>(t));
  }
  return names;
}

// Raises KeyError for a name that is not a score term.
std::size_t term_index(const std::string& name) {
  for (std::size_t t = 0; t < kScoreTermCount; ++t) {
    if (to_string(static_cast<ScoreTerm>(t)) == name) return t;
  }
  throw py::key_error("unknown score term \"" + name +
                      "\"; expected one of " + term_names());
}

// Raises ValueError naming the term and the value, with the rule that
// parse_policy applies to weights.
void check_weight(const std::string& term, double value) {
  if (!std::isfinite(value) || value < 0.0) {
    throw py::value_error(
        "invalid weight for " + term + ": " +
        std::string(py::repr(py::float_(value))) +
        "; expected a finite number >= 0");
  }
}

py::dict weights_dict(const Policy& policy) {
  py::dict weights;
  for (std::size_t t = 0; t < kScoreTermCount; ++t) {
    weights[to_str(to_string(static_cast<ScoreTerm>(t)))] =
        policy.weights[t];
  }
  return weights;
}

py::list term_list() {
  py::list names;
  for (std::size_t t = 0; t < kScoreTermCount; ++t) {
    names.append(to_str(to_string(static_cast<ScoreTerm>(t))));
  }
  return names;
}

// Validates every entry before changing any weight, so a rejected
// assignment leaves the policy as it was.
void set_weights(Policy& policy, const std::map<std::string, double>& values) {
  std::array<double, kScoreTermCount> weights = policy.weights;
  for (const auto& [term, value] : values) {
    const std::size_t index = term_index(term);
    check_weight(term, value);
    weights[index] = value;
  }
  policy.weights = weights;
}

std::string experience_name(LifeOrDeathExperience reading) {
  return reading == LifeOrDeathExperience::kCriminalDefence
             ? "criminal_defence"
             : "relevant_practice";
}

void set_experience(Policy& policy, const std::string& name) {
  if (name == "criminal_defence") {
    policy.life_or_death_experience = LifeOrDeathExperience::kCriminalDefence;
  } else if (name == "relevant_practice") {
    policy.life_or_death_experience = LifeOrDeathExperience::kRelevantPractice;
  } else {
    throw py::value_error("invalid life_or_death_experience \"" + name +
                          "\"; expected criminal_defence or "
                          "relevant_practice");
  }
}

void set_min_years(Policy& policy, double years) {
  if (!std::isfinite(years) || years < 0.0) {
    throw py::value_error("invalid life_or_death_min_years: " +
                          std::string(py::repr(py::float_(years))) +
                          "; expected a finite number >= 0");
  }
  policy.life_or_death_min_years = years;
}

Policy load_policy(const fs::path& path) {
  return parse_policy(io::read_text_file(path.string()), path.string());
}

const char* const kPolicyDoc =
    R"(A dispatch policy: hard-rule switches and score-term weights.

Create one with ``default_policy``, ``load_policy`` or ``parse_policy``.
Attributes can be changed, and each change is validated as a policy file
would be. Use ``copy.copy`` to vary a policy without changing the
original.

Attributes
----------
name : str
version : str
weights : PolicyWeights
    Weight of each score term: specialty, experience, language, gender,
    distance, pairing, resource_short, workload and rating. Assigning a
    mapping sets the terms it names and keeps the others.
life_or_death_experience : {"criminal_defence", "relevant_practice"}
    Which experience counts towards ``life_or_death_min_years`` for a
    recipient who may face life imprisonment or death.
life_or_death_min_years : float
minor_requires_familiar : bool
    Whether a minor's matter needs a provider familiar with minors.
criminal_cases_lawyers_only : bool
    Whether criminal cases go only to lawyers.
)";

const char* const kPolicyWeightsDoc =
    R"(The weights of a Policy, as a mapping from score term to weight.

Reading and assigning items changes the policy it belongs to. Every
weight must be finite and >= 0.

Raises
------
KeyError
    On a name that is not a score term.
ValueError
    On assigning a weight that is NaN, infinite or negative.
)";

const char* const kDefaultPolicyDoc =
    R"(Parse the default policy compiled into the library.

It is data/policy/default.json of the source tree, for the Zhejiang trial
measures on cross-region legal-aid resources in force from 2024-03-01.

Returns
-------
Policy
)";

const char* const kLoadPolicyDoc =
    R"(Read and parse a policy JSON file.

Parameters
----------
path : str or os.PathLike

Returns
-------
Policy

Raises
------
InputError
    A subclass of ValueError, when the file cannot be read or a value is
    invalid. The message starts with the path and gives the JSON path of
    the value.
)";

const char* const kParsePolicyDoc =
    R"(Parse a policy JSON document.

Keys that are absent keep their defaults. Unknown keys, wrong types,
non-finite or negative numbers and unknown enumeration values are errors.

Parameters
----------
text : str
    The JSON document.
source : str, default "<string>"
    Name of the document, which starts every error message.

Returns
-------
Policy

Raises
------
InputError
    A subclass of ValueError, such as ``<string>: weights.speed: unknown
    key; expected one of specialty, ...``.
)";

}  // namespace

Policy embedded_default_policy() {
  return parse_policy(io::embedded_file("policy/default.json"),
                      "<embedded>/policy/default.json");
}

void bind_policy(py::module_& m) {
  py::class_<PolicyWeights>(m, "PolicyWeights", kPolicyWeightsDoc)
      .def("__getitem__",
           [](const PolicyWeights& view, const std::string& term) {
             return view.policy->weights[term_index(term)];
           })
      .def("__setitem__",
           [](PolicyWeights& view, const std::string& term, double value) {
             const std::size_t index = term_index(term);
             check_weight(term, value);
             view.policy->weights[index] = value;
           })
      .def("__len__", [](const PolicyWeights&) { return kScoreTermCount; })
      .def("__iter__",
           [](const PolicyWeights&) { return term_list().attr("__iter__")(); })
      .def("__contains__",
           [](const PolicyWeights&, const py::object& key) {
             return term_list().contains(key);
           })
      .def("keys", [](const PolicyWeights&) { return term_list(); },
           "Return the score term names.")
      .def(
          "values",
          [](const PolicyWeights& view) {
            return weights_dict(*view.policy).attr("values")();
          },
          "Return the weights in term order.")
      .def(
          "items",
          [](const PolicyWeights& view) {
            return weights_dict(*view.policy).attr("items")();
          },
          "Return (term, weight) pairs in term order.")
      .def("__eq__",
           [](const PolicyWeights& view, const py::object& other) {
             return weights_dict(*view.policy).equal(other);
           })
      .def("__repr__", [](const PolicyWeights& view) {
        return "PolicyWeights(" +
               std::string(py::repr(weights_dict(*view.policy))) + ")";
      });

  const py::cpp_function get_weights(
      [](Policy& policy) { return PolicyWeights{&policy}; },
      py::keep_alive<0, 1>());
  const py::cpp_function put_weights(&set_weights);

  py::class_<Policy>(m, "Policy", kPolicyDoc)
      .def_readwrite("name", &Policy::name)
      .def_readwrite("version", &Policy::version)
      .def_property("weights", get_weights, put_weights)
      .def_property(
          "life_or_death_experience",
          [](const Policy& policy) {
            return experience_name(policy.life_or_death_experience);
          },
          &set_experience)
      .def_property(
          "life_or_death_min_years",
          [](const Policy& policy) { return policy.life_or_death_min_years; },
          &set_min_years)
      .def_readwrite("minor_requires_familiar",
                     &Policy::minor_requires_familiar)
      .def_readwrite("criminal_cases_lawyers_only",
                     &Policy::criminal_cases_lawyers_only)
      .def("__copy__", [](const Policy& policy) { return Policy(policy); })
      .def(
          "__deepcopy__",
          [](const Policy& policy, const py::dict&) { return Policy(policy); },
          py::arg("memo"))
      .def("__repr__", [](const Policy& policy) {
        const std::string name = py::repr(to_str(policy.name));
        const std::string version = py::repr(to_str(policy.version));
        return "<aidmatch.Policy " + name + " version " + version + ">";
      });

  m.def("default_policy", &embedded_default_policy, kDefaultPolicyDoc);
  m.def("load_policy", &load_policy, py::arg("path"), kLoadPolicyDoc);
  m.def(
      "parse_policy",
      [](const std::string& text, const std::string& source) {
        return parse_policy(text, source);
      },
      py::arg("text"), py::arg("source") = "<string>", kParsePolicyDoc);
}

}  // namespace aidmatch::python
