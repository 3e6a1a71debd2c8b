// Fuzzes parse_policy on policy documents, then evaluates each policy it
// accepts on a small data set: the compiled evaluation must agree with
// NaiveEvaluator, the reference that shares no evaluation code with it, and
// a dispatch under the policy must finish.
//
// Input: the JSON document. Documented errors: InputError from
// parse_policy and from scoring (a decision table with hit policy unique
// that finds two rows), std::overflow_error from dispatch (a score range
// too wide for the exact objective). Anything else, a crash, a sanitizer
// report or a disagreement between the evaluators is a finding.
#include <cmath>
#include <optional>

#include "aidmatch/aidmatch.hpp"
#include "aidmatch/rules/naive_evaluator.hpp"
#include "harness.hpp"
#include "test_support.hpp"

using namespace aidmatch;

namespace {

// Returns the data set that each policy is evaluated on: the unit tests'
// tiny regions, with a firm, lawyers, a volunteer, pools, pairings of three
// kinds and matters of several kinds, categories and case groups.
const Dataset& dataset() {
  static const Dataset data = testing::tiny_dataset(
      "F1,firm,Firm One,,330102,,,,,,,,,,\n"
      "L1,lawyer,Lawyer One,F1,330102,female,12,8,criminal;juvenile,"
      "mandarin,true,,2,1,4.5\n"
      "L2,lawyer,Lawyer Two,,330203,male,3,0,family,"
      "mandarin;wenzhou_dialect,false,,1,0,3.0\n"
      "L3,lawyer,Lawyer Three,F1,330202,male,25,20,criminal,mandarin,false,,"
      "0,5,5\n"
      "V1,volunteer,Volunteer One,,330103,female,0,0,,mandarin,false,"
      "university,1,0,4\n",
      "M1,assigned_case,criminal,330102,330102,2024-06-01,3,criminal,true,"
      "false,,female,true,G1,\n"
      "M2,assigned_case,civil,330203,330203,2024-06-02,1,family,false,true,"
      "wenzhou_dialect,,false,G1,L3\n"
      "M3,duty_shift,none,330100,330103,2024-07-01,2,,false,false,,male,"
      "false,,\n"
      "M4,volunteer_activity,none,330200,330202,2025-01-01,1,,false,false,,,"
      "false,,\n",
      "330100,L1,330102;330103,,active\n"
      "330000,L2,330203;330102,,active\n"
      "330200,L3,330202;330203,assigned_case,active\n"
      "330100,V1,330100,,active\n"
      "330100,F1,330102,assigned_case,active\n",
      "P1,twinning,330102,330203,2024-01-01,2025-12-31,,test\n"
      "P2,agreement,F1,330203,,,assigned_case,test\n"
      "P3,volunteer_action,L2,330102,2024-01-01,,,test\n");
  return data;
}

bool same_number(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

// Calls `score` and returns its result, or nullopt when it throws the
// documented InputError.
template <typename Score>
std::optional<ScoreBreakdown> try_score(Score score) {
  try {
    return score();
  } catch (const InputError&) {
    return std::nullopt;
  }
}

void compare_evaluators(const Policy& policy, const Dataset& data) {
  const NaiveEvaluator naive(policy);
  constexpr DispatchMode kModes[] = {
      DispatchMode::kPool, DispatchMode::kOffSite, DispatchMode::kProject,
      DispatchMode::kVolunteerAction, DispatchMode::kOther};
  for (const Matter& matter : data.matters) {
    const MatterFacts facts = policy.facts(data, matter);
    for (std::size_t p = 0; p < data.providers.size(); ++p) {
      const auto provider = static_cast<ProviderIndex>(p);
      if (!data.providers[provider].is_individual()) continue;
      for (const DispatchMode mode : kModes) {
        const auto pairing =
            mode == DispatchMode::kPool
                ? -1
                : static_cast<std::int32_t>(p % data.pairings.size());
        const Admission admission{provider, mode, pairing};
        if (policy.first_failed_rule(data, facts, admission) !=
            naive.first_failed_rule(data, matter, admission)) {
          fuzz::fail("first_failed_rule differs from NaiveEvaluator");
        }
        const auto compiled =
            try_score([&] { return policy.score(data, facts, admission); });
        const auto reference =
            try_score([&] { return naive.score(data, matter, admission); });
        if (compiled.has_value() != reference.has_value()) {
          fuzz::fail("score threw in one evaluator only");
        }
        if (!compiled) continue;
        if (compiled->terms.size() != reference->terms.size() ||
            !same_number(compiled->total, reference->total)) {
          fuzz::fail("score total differs from NaiveEvaluator");
        }
        for (std::size_t t = 0; t < compiled->terms.size(); ++t) {
          if (!same_number(compiled->terms[t], reference->terms[t])) {
            fuzz::fail("a score term differs from NaiveEvaluator");
          }
        }
        policy.subsidy(data, facts, admission);
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const Dataset& tiny = dataset();
  try {
    const Policy policy = parse_policy(fuzz::as_text(data, size),
                                       "policy.json");
    compare_evaluators(policy, tiny);
    const DispatchResult result = dispatch(tiny, policy);
    if (result.assignments.size() != tiny.matters.size()) {
      fuzz::fail("dispatch returned a different number of assignments");
    }
  } catch (const InputError&) {
  } catch (const std::overflow_error&) {
  }
  return 0;
}
