// The Policy class with its weights view, PolicySet, and the functions that
// parse a policy.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "aidmatch/core/error.hpp"
#include "aidmatch/io/load.hpp"
#include "aidmatch/io/table.hpp"
#include "aidmatch/rules/policy.hpp"
#include "bindings.hpp"

namespace aidmatch::python {
namespace {

namespace fs = std::filesystem;

// The weights of one Policy as a mapping from term id to weight.
// keep_alive on the getter keeps the Policy alive as long as the view.
struct PolicyWeights {
  Policy* policy;
};

// Raises KeyError (NotFoundError) for an id that is not a term of `policy`.
std::size_t term_index(const Policy& policy, const std::string& id) {
  const auto& terms = policy.terms();
  for (std::size_t t = 0; t < terms.size(); ++t) {
    if (terms[t].id == id) return t;
  }
  std::string known;
  for (const TermInfo& term : terms) {
    known += (known.empty() ? "" : ", ") + term.id;
  }
  throw NotFoundError("unknown score term \"" + id + "\"; expected one of " +
                      known);
}

// Raises ValueError naming the term and the value in Python's notation,
// with the rule that parse_policy applies to weights.
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
  for (const TermInfo& term : policy.terms()) {
    weights[to_str(term.id)] = term.weight;
  }
  return weights;
}

py::list term_ids(const Policy& policy) {
  py::list ids;
  for (const TermInfo& term : policy.terms()) ids.append(to_str(term.id));
  return ids;
}

// Validates every entry before changing any weight, so a rejected
// assignment leaves the policy as it was.
void set_weights(Policy& policy, const std::map<std::string, double>& values) {
  for (const auto& [term, value] : values) {
    term_index(policy, term);
    check_weight(term, value);
  }
  for (const auto& [term, value] : values) policy.set_term_weight(term, value);
}

void set_weight(Policy& policy, const std::string& term, double value) {
  term_index(policy, term);
  check_weight(term, value);
  policy.set_term_weight(term, value);
}

// Accepts "YYYY-MM-DD" or any object with isoformat(), such as
// datetime.date.
Date to_date(const py::object& value) {
  std::string text;
  const py::object datetime_type =
      py::module_::import("datetime").attr("datetime");
  if (py::isinstance<py::str>(value)) {
    text = value.cast<std::string>();
  } else if (py::isinstance(value, datetime_type)) {
    // A datetime is a date too; its day is the date that counts.
    text = value.attr("date")().attr("isoformat")().cast<std::string>();
  } else if (py::hasattr(value, "isoformat")) {
    text = value.attr("isoformat")().cast<std::string>();
  } else {
    throw py::type_error("expected a date or a str YYYY-MM-DD, found " +
                         std::string(py::repr(value)));
  }
  const auto parsed = Date::parse(text);
  if (!parsed) {
    throw py::value_error("invalid date " + std::string(py::repr(value)) +
                          "; expected YYYY-MM-DD");
  }
  return *parsed;
}

py::object date_or_none(const std::optional<Date>& date) {
  return date ? py::object(to_str(date->to_string())) : py::object(py::none());
}

py::list rule_list(const Policy& policy) {
  py::list rules;
  for (const RuleInfo& rule : policy.rules()) {
    py::dict entry;
    entry["id"] = to_str(rule.id);
    entry["description"] = to_str(rule.description);
    entry["provision"] = to_str(rule.provision);
    entry["enabled"] = rule.enabled;
    rules.append(entry);
  }
  return rules;
}

py::list term_list(const Policy& policy) {
  py::list terms;
  for (const TermInfo& term : policy.terms()) {
    py::dict entry;
    entry["id"] = to_str(term.id);
    entry["weight"] = term.weight;
    entry["builtin"] = term.builtin.empty() ? py::object(py::none())
                                            : py::object(to_str(term.builtin));
    entry["table"] = term.table.empty() ? py::object(py::none())
                                        : py::object(to_str(term.table));
    terms.append(entry);
  }
  return terms;
}

py::list warning_list(const Policy& policy) {
  py::list warnings;
  for (const PolicyWarning& warning : policy.warnings()) {
    warnings.append(
        py::make_tuple(to_str(warning.path), to_str(warning.message)));
  }
  return warnings;
}

py::dict constraint_dict(const Policy& policy) {
  const PolicyConstraints& c = policy.constraints();
  py::dict out;
  out["distinct_defenders_per_case_group"] =
      c.distinct_defenders_per_case_group;
  out["honour_recipient_choice"] = c.honour_recipient_choice;
  out["late_matters_first"] = c.late_matters_first;
  return out;
}

Policy load_policy(const fs::path& path) {
  return parse_policy(io::read_text_file(path.string()), path.string());
}

const char* const kPolicyDoc =
    R"(A compiled dispatch policy: eligibility rules, score terms, decision
tables and subsidy standards, from a document of format
"aidmatch-policy/2".

Create one with ``default_policy``, ``load_policy`` or ``parse_policy``.
Term weights and rule switches can be changed, and each change is
validated as a policy file would be. Use ``copy.copy`` to vary a policy
without changing the original.

Attributes
----------
name, version, description, source : str
effective_from, effective_to : str or None
    The first and last day in force, YYYY-MM-DD; None for an open end.
selection_method : {"optimise", "rotation", "random_draw"}
rotation_scope : {"pool", "firm"}
seed : int or None
deadline_days : int
score_resolution : float
constraints : dict
    distinct_defenders_per_case_group, honour_recipient_choice and
    late_matters_first, each a bool.
rules : list of dict
    Every rule in document order, with id, description, provision and
    enabled.
terms : list of dict
    Every score term in document order, with id, weight, builtin (the
    built-in term's name or None) and table (the table id or None).
warnings : list of tuple
    (JSON path, message) for each finding of the static checks, such as
    a decision-table row that an earlier row masks.
weights : PolicyWeights
    Weight of each score term by id. Assigning a mapping sets the terms
    it names and keeps the others.
subsidy_currency : str
)";

const char* const kPolicyWeightsDoc =
    R"(The weights of a Policy, as a mapping from score term id to weight.

Reading and assigning items changes the policy it belongs to. Every
weight must be finite and >= 0.

Raises
------
KeyError
    On a name that is not a term id of the policy.
ValueError
    On assigning a weight that is NaN, infinite or negative.
)";

const char* const kDefaultPolicyDoc =
    R"(Parse the default policy compiled into the library.

It is data/policy/default.json of the source tree, for the Zhejiang trial
measures on cross-region legal-aid resources in force from 2024-03-01 and
the national rules that constrain assignment.

Returns
-------
Policy
)";

const char* const kLoadPolicyDoc =
    R"(Read and parse a policy JSON file of format "aidmatch-policy/2".

Parameters
----------
path : str or os.PathLike

Returns
-------
Policy

Raises
------
InputError
    A subclass of ValueError, when the file cannot be read or is invalid.
    The message has one line per problem, each starting with the path
    and the JSON path of the value.
)";

const char* const kParsePolicyDoc =
    R"(Parse a policy JSON document of format "aidmatch-policy/2".

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
    A subclass of ValueError listing every problem, one per line, such as
    ``<string>: rules[0].when.category: unknown value "crimnal"; expected
    one of none, criminal, civil, administrative``.
)";

const char* const kPolicySetDoc =
    R"(Policies with effective date ranges, at most one in force on a date.

Parameters
----------
policies : list of Policy, optional
    Added in order, as ``add`` does.

Raises
------
InputError
    When two policies' effective ranges overlap; the message names both.
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
             return view.policy->terms()[term_index(*view.policy, term)]
                 .weight;
           })
      .def("__setitem__",
           [](PolicyWeights& view, const std::string& term, double value) {
             set_weight(*view.policy, term, value);
           })
      .def("__len__",
           [](const PolicyWeights& view) {
             return view.policy->terms().size();
           })
      .def("__iter__",
           [](const PolicyWeights& view) {
             return term_ids(*view.policy).attr("__iter__")();
           })
      .def("__contains__",
           [](const PolicyWeights& view, const py::object& key) {
             return term_ids(*view.policy).contains(key);
           })
      .def(
          "keys",
          [](const PolicyWeights& view) { return term_ids(*view.policy); },
          "Return the score term ids in term order.")
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
          "Return (term id, weight) pairs in term order.")
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
      .def_property_readonly("name", &Policy::name)
      .def_property_readonly("version", &Policy::version)
      .def_property_readonly("description", &Policy::description)
      .def_property_readonly("source", &Policy::source)
      .def_property_readonly("effective_from",
                             [](const Policy& policy) {
                               return date_or_none(policy.effective().from);
                             })
      .def_property_readonly("effective_to",
                             [](const Policy& policy) {
                               return date_or_none(policy.effective().to);
                             })
      .def_property_readonly("selection_method",
                             [](const Policy& policy) {
                               return to_str(
                                   to_string(policy.selection_method()));
                             })
      .def_property_readonly("rotation_scope",
                             [](const Policy& policy) {
                               return to_str(to_string(policy.rotation_scope()));
                             })
      .def_property_readonly("seed", &Policy::seed)
      .def_property_readonly("deadline_days", &Policy::deadline_days)
      .def_property_readonly("score_resolution", &Policy::score_resolution)
      .def_property_readonly("constraints", &constraint_dict)
      .def_property_readonly("rules", &rule_list)
      .def_property_readonly("terms", &term_list)
      .def_property_readonly("warnings", &warning_list)
      .def_property_readonly("subsidy_currency", &Policy::subsidy_currency)
      .def_property("weights", get_weights, put_weights)
      .def("set_term_weight", &set_weight, py::arg("term"), py::arg("weight"),
           "Set the weight of the score term with id `term`.\n\n"
           "Raises\n------\nKeyError\n    For an unknown term id.\n"
           "ValueError\n    For a weight that is NaN, infinite or "
           "negative.\n")
      .def("set_rule_enabled", &Policy::set_rule_enabled, py::arg("rule"),
           py::arg("enabled"),
           "Switch the rule with id `rule` on or off.\n\n"
           "Raises\n------\nKeyError\n    For an unknown rule id.\n")
      .def("__copy__", [](const Policy& policy) { return Policy(policy); })
      .def(
          "__deepcopy__",
          [](const Policy& policy, const py::dict&) { return Policy(policy); },
          py::arg("memo"))
      .def("__repr__", [](const Policy& policy) {
        const std::string name = py::repr(to_str(policy.name()));
        const std::string version = py::repr(to_str(policy.version()));
        return "<aidmatch.Policy " + name + " version " + version + ">";
      });

  py::class_<PolicySet>(m, "PolicySet", kPolicySetDoc)
      .def(py::init<>())
      .def(py::init<std::vector<Policy>>(), py::arg("policies"))
      .def("add", &PolicySet::add, py::arg("policy"),
           "Add a copy of `policy`.\n\nRaises\n------\nInputError\n"
           "    When its effective range overlaps that of a policy in the "
           "set.\n")
      .def(
          "in_force",
          [](const PolicySet& set, const py::object& date) -> py::object {
            const Policy* policy = set.in_force(to_date(date));
            return policy ? py::cast(*policy) : py::object(py::none());
          },
          py::arg("date"),
          "Return a copy of the policy in force on `date` (a datetime.date "
          "or a str YYYY-MM-DD), or None.")
      .def_property_readonly("policies", &PolicySet::policies,
                             "Copies of the policies, in order of their "
                             "first effective day.")
      .def("__len__", &PolicySet::size);

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
