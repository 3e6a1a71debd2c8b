// Writing a dispatch result as CSV or JSON, and its summary.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "aidmatch/dispatch/dispatch.hpp"

namespace aidmatch {

// Counts for a summary, by serving region's city and overall.
struct DispatchSummary {
  struct CityCounts {
    std::string code;
    std::string name;
    std::int64_t matters = 0;
    std::int64_t assigned = 0;
  };
  std::int64_t matters = 0;
  std::int64_t assigned = 0;
  std::map<std::string, std::int64_t> unassigned_by_reason;
  std::vector<CityCounts> by_city;  // in region order
  std::int64_t cross_county = 0;
  std::int64_t cross_city = 0;
  std::map<std::string, std::int64_t> by_mode;
  // Workload spread over providers with capacity for at least one matter.
  std::int64_t providers_with_capacity = 0;
  std::int64_t providers_used = 0;
  double mean_per_used_provider = 0.0;
  std::int64_t max_per_provider = 0;
  double stddev_per_provider = 0.0;    // over providers with capacity
  double capacity_utilisation = 0.0;   // assigned / total capacity
  double total_score = 0.0;
  // Deadlines and the recipients' own choices.
  std::int64_t late = 0;
  std::int64_t late_assigned = 0;
  std::int64_t choices = 0;            // matters whose recipient chose
  std::int64_t choices_honoured = 0;
  // Subsidies by payer, and the selection method of each policy's batch
  // ("rotation", or "random_draw seed N").
  std::map<std::string, double> subsidy_by_payer;
  double subsidy_total = 0.0;
  std::vector<std::string> selection;
};

DispatchSummary summarize(const Dataset& data, const DispatchResult& result);

// Human-readable summary, several lines, for standard error.
std::string format_summary(const DispatchSummary& summary);

// Column names of the CSV output, in order: fixed columns, then
// term_<id> for each of the policy's score terms, then the deadline,
// choice and subsidy columns.
std::vector<std::string> assignment_csv_columns(const Policy& policy);

// One row per matter in input order; unassigned matters have an empty
// provider_id, mode and score, and a reason. `policy` is the policy that
// produced `result`.
void write_assignments_csv(std::ostream& out, const Dataset& data,
                           const Policy& policy, const DispatchResult& result);
// A JSON array with one object per matter; the score breakdown is an
// object keyed by term id with each term's value and weight, and an
// unassigned matter lists its excluded candidates by rule id.
void write_assignments_json(std::ostream& out, const Dataset& data,
                            const Policy& policy,
                            const DispatchResult& result);

}  // namespace aidmatch
