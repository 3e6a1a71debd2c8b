// CSV and JSON output of a dispatch, and its summary.
#include "aidmatch/dispatch/report.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aidmatch/io/table.hpp"

namespace aidmatch {

namespace {

std::string fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  // Avoid "-0.0000" for values that round to zero.
  std::string text = buffer;
  if (text.find_first_not_of("-0.") == std::string::npos && text[0] == '-') {
    text.erase(0, 1);
  }
  return text;
}

std::string percent(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? "0.0%" : fixed(100.0 * part / whole, 1) + "%";
}

}  // namespace

DispatchSummary summarize(const Dataset& data, const DispatchResult& result) {
  DispatchSummary s;
  s.matters = static_cast<std::int64_t>(result.assignments.size());
  s.assigned = result.assigned_count;
  s.total_score = result.total_score;

  std::vector<std::int64_t> city_slot(data.regions.size(), -1);
  for (std::size_t r = 0; r < data.regions.size(); ++r) {
    const Region& region = data.regions.region(static_cast<RegionIndex>(r));
    if (region.level == RegionLevel::kCity) {
      city_slot[r] = static_cast<std::int64_t>(s.by_city.size());
      s.by_city.push_back({region.code, region.name, 0, 0});
    }
  }

  std::vector<std::int64_t> load(data.providers.size(), 0);
  for (const Assignment& a : result.assignments) {
    const Matter& m = data.matters[a.matter];
    const RegionIndex city = data.regions.city_of(m.serving);
    if (city != kNoRegion && city_slot[city] >= 0) {
      auto& counts = s.by_city[static_cast<std::size_t>(city_slot[city])];
      ++counts.matters;
      if (a.assigned()) ++counts.assigned;
    }
    if (!a.assigned()) {
      ++s.unassigned_by_reason[std::string(to_string(a.reason))];
      continue;
    }
    ++load[a.provider];
    if (a.cross_county) ++s.cross_county;
    if (a.cross_city) ++s.cross_city;
    ++s.by_mode[std::string(to_string(a.mode))];
  }

  std::int64_t capacity = 0;
  double sum = 0.0;
  double sum_squares = 0.0;
  for (std::size_t p = 0; p < data.providers.size(); ++p) {
    const Provider& provider = data.providers[static_cast<ProviderIndex>(p)];
    if (!provider.is_individual() || provider.capacity <= 0) continue;
    ++s.providers_with_capacity;
    capacity += provider.capacity;
    sum += static_cast<double>(load[p]);
    sum_squares += static_cast<double>(load[p]) * static_cast<double>(load[p]);
    if (load[p] > 0) ++s.providers_used;
    s.max_per_provider = std::max(s.max_per_provider, load[p]);
  }
  if (s.providers_used > 0) {
    s.mean_per_used_provider = static_cast<double>(s.assigned) /
                               static_cast<double>(s.providers_used);
  }
  if (s.providers_with_capacity > 0) {
    const double n = static_cast<double>(s.providers_with_capacity);
    const double mean = sum / n;
    s.stddev_per_provider = std::sqrt(std::max(0.0, sum_squares / n - mean * mean));
  }
  if (capacity > 0) {
    s.capacity_utilisation =
        static_cast<double>(s.assigned) / static_cast<double>(capacity);
  }
  return s;
}

std::string format_summary(const DispatchSummary& s) {
  std::ostringstream out;
  out << "matters: " << s.matters << ", assigned " << s.assigned << " ("
      << percent(s.assigned, s.matters) << "), unassigned "
      << s.matters - s.assigned << "\n";
  for (const auto& [reason, count] : s.unassigned_by_reason) {
    out << "  unassigned, " << reason << ": " << count << "\n";
  }
  out << "cross-region: " << s.cross_county << " cross-county ("
      << percent(s.cross_county, s.assigned) << " of assigned), "
      << s.cross_city << " cross-city (" << percent(s.cross_city, s.assigned)
      << ")\n";
  out << "dispatch modes:";
  for (const auto& [mode, count] : s.by_mode) out << " " << mode << " " << count;
  out << "\n";
  out << "workload: " << s.providers_used << " of "
      << s.providers_with_capacity
      << " providers with capacity used; per used provider mean "
      << fixed(s.mean_per_used_provider, 2) << ", max " << s.max_per_provider
      << "; standard deviation over providers with capacity "
      << fixed(s.stddev_per_provider, 2) << "; capacity utilisation "
      << fixed(100.0 * s.capacity_utilisation, 1) << "%\n";
  out << "total score: " << fixed(s.total_score, 4) << "\n";
  out << "by city (serving region):\n";
  for (const auto& city : s.by_city) {
    out << "  " << city.code << " " << city.name << ": " << city.assigned
        << " of " << city.matters << " assigned, "
        << city.matters - city.assigned << " unassigned\n";
  }
  return out.str();
}

const std::vector<std::string>& assignment_csv_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> names{
        "matter_id",     "provider_id",   "mode",       "agency",
        "score",         "reason",        "reason_code", "serving_region",
        "provider_home", "distance_km",   "cross_county", "cross_city",
        "pairing_id",    "candidates",    "eligible"};
    for (std::size_t t = 0; t < kScoreTermCount; ++t) {
      names.push_back("term_" + std::string(to_string(static_cast<ScoreTerm>(t))));
    }
    return names;
  }();
  return columns;
}

void write_assignments_csv(std::ostream& out, const Dataset& data,
                           const DispatchResult& result) {
  const auto& columns = assignment_csv_columns();
  for (std::size_t c = 0; c < columns.size(); ++c) {
    out << (c ? "," : "") << columns[c];
  }
  out << "\n";
  for (const Assignment& a : result.assignments) {
    const Matter& m = data.matters[a.matter];
    const std::string agency = data.regions.region(a.agency).code;
    out << io::csv_escape(m.id) << ",";
    if (!a.assigned()) {
      out << ",," << agency << ",," << io::csv_escape(a.reason_text) << ","
          << to_string(a.reason) << "," << m.serving_region << ",,,,,,"
          << a.candidates << "," << a.eligible;
      for (std::size_t t = 0; t < kScoreTermCount; ++t) out << ",";
      out << "\n";
      continue;
    }
    const Provider& p = data.providers[a.provider];
    out << io::csv_escape(p.id) << "," << to_string(a.mode) << "," << agency
        << "," << fixed(a.score.total, 4) << ",,," << m.serving_region << ","
        << p.home_region << "," << fixed(a.distance_km, 1) << ","
        << (a.cross_county ? 1 : 0) << "," << (a.cross_city ? 1 : 0) << ","
        << (a.pairing >= 0 ? io::csv_escape(data.pairings[a.pairing].id) : "")
        << "," << a.candidates << "," << a.eligible;
    for (double term : a.score.terms) out << "," << fixed(term, 4);
    out << "\n";
  }
}

void write_assignments_json(std::ostream& out, const Dataset& data,
                            const Policy& policy,
                            const DispatchResult& result) {
  nlohmann::json rows = nlohmann::json::array();
  for (const Assignment& a : result.assignments) {
    const Matter& m = data.matters[a.matter];
    nlohmann::json row;
    row["matter_id"] = m.id;
    row["agency"] = data.regions.region(a.agency).code;
    row["serving_region"] = m.serving_region;
    row["candidates"] = a.candidates;
    row["eligible"] = a.eligible;
    if (!a.assigned()) {
      row["provider_id"] = nullptr;
      row["mode"] = nullptr;
      row["score"] = nullptr;
      row["reason_code"] = std::string(to_string(a.reason));
      row["reason"] = a.reason_text;
      nlohmann::json excluded = nlohmann::json::object();
      for (std::size_t e = 1; e < kExclusionCount; ++e) {
        if (a.excluded[e] > 0) {
          excluded[std::string(to_string(static_cast<Exclusion>(e)))] =
              a.excluded[e];
        }
      }
      row["excluded"] = excluded;
    } else {
      const Provider& p = data.providers[a.provider];
      row["provider_id"] = p.id;
      row["mode"] = std::string(to_string(a.mode));
      row["score"] = a.score.total;
      row["reason"] = nullptr;
      row["provider_home"] = p.home_region;
      row["distance_km"] = a.distance_km;
      row["cross_county"] = a.cross_county;
      row["cross_city"] = a.cross_city;
      row["pairing_id"] = a.pairing >= 0
                              ? nlohmann::json(data.pairings[a.pairing].id)
                              : nlohmann::json(nullptr);
      nlohmann::json breakdown = nlohmann::json::object();
      for (std::size_t t = 0; t < kScoreTermCount; ++t) {
        breakdown[std::string(to_string(static_cast<ScoreTerm>(t)))] = {
            {"value", a.score.terms[t]}, {"weight", policy.weights[t]}};
      }
      row["breakdown"] = breakdown;
    }
    rows.push_back(std::move(row));
  }
  out << rows.dump(2) << "\n";
}

}  // namespace aidmatch
