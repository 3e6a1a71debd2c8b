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
};

DispatchSummary summarize(const Dataset& data, const DispatchResult& result);

// Human-readable summary, several lines, for standard error.
std::string format_summary(const DispatchSummary& summary);

// Column names of the CSV output, in order.
const std::vector<std::string>& assignment_csv_columns();

// One row per matter in input order; unassigned matters have an empty
// provider_id, mode and score, and a reason.
void write_assignments_csv(std::ostream& out, const Dataset& data,
                           const DispatchResult& result);
// A JSON array with one object per matter; the score breakdown is an
// object of term values and weights.
void write_assignments_json(std::ostream& out, const Dataset& data,
                            const Policy& policy,
                            const DispatchResult& result);

}  // namespace aidmatch
