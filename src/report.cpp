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

  for (const auto& [policy, method] : result.selection) {
    std::string text(to_string(method));
    const auto seed = result.seeds.find(policy);
    if (seed != result.seeds.end()) {
      text += " seed " + std::to_string(seed->second);
    }
    s.selection.push_back(text);
  }
  s.subsidy_by_payer = result.subsidy_by_payer;
  for (const auto& [payer, amount] : result.subsidy_by_payer) {
    s.subsidy_total += amount;
  }

  std::vector<std::int64_t> load(data.providers.size(), 0);
  for (const Assignment& a : result.assignments) {
    const Matter& m = data.matters[a.matter];
    if (a.late) {
      ++s.late;
      if (a.assigned()) ++s.late_assigned;
    }
    if (m.chosen != kNoProvider) {
      ++s.choices;
      if (a.chosen_by_recipient) ++s.choices_honoured;
    }
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
  out << "selection:";
  for (const std::string& method : s.selection) out << " " << method;
  out << "\n";
  if (s.late > 0) {
    out << "late matters: " << s.late_assigned << " of " << s.late
        << " assigned\n";
  }
  if (s.choices > 0) {
    out << "recipients' choices honoured: " << s.choices_honoured << " of "
        << s.choices << "\n";
  }
  // The five largest payers; the output files give every assignment's.
  std::vector<std::pair<double, std::string>> payers;
  for (const auto& [payer, amount] : s.subsidy_by_payer) {
    payers.emplace_back(amount, payer);
  }
  std::sort(payers.begin(), payers.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  out << "subsidies: " << fixed(s.subsidy_total, 2) << " in total from "
      << payers.size() << " payers";
  for (std::size_t i = 0; i < payers.size() && i < 5; ++i) {
    out << (i == 0 ? "; largest " : ", ") << payers[i].second << " "
        << fixed(payers[i].first, 2);
  }
  out << "\n";
  out << "by city (serving region):\n";
  for (const auto& city : s.by_city) {
    out << "  " << city.code << " " << city.name << ": " << city.assigned
        << " of " << city.matters << " assigned, "
        << city.matters - city.assigned << " unassigned\n";
  }
  return out.str();
}

std::vector<std::string> assignment_csv_columns(const Policy& policy) {
  std::vector<std::string> names{
      "matter_id",     "provider_id",   "mode",       "agency",
      "score",         "reason",        "reason_code", "serving_region",
      "provider_home", "distance_km",   "cross_county", "cross_city",
      "pairing_id",    "candidates",    "eligible"};
  for (const TermInfo& term : policy.terms()) {
    names.push_back("term_" + term.id);
  }
  for (const char* name : {"late", "deadline", "chosen_by_recipient",
                           "choice_note", "subsidy", "subsidy_payer",
                           "subsidy_basis"}) {
    names.emplace_back(name);
  }
  return names;
}

void write_assignments_csv(std::ostream& out, const Dataset& data,
                           const Policy& policy, const DispatchResult& result) {
  const auto columns = assignment_csv_columns(policy);
  const std::size_t term_count = policy.terms().size();
  // The deadline, choice and subsidy columns that end every row.
  auto write_tail = [&](const Assignment& a) {
    out << "," << (a.late ? 1 : 0) << ","
        << (a.deadline ? a.deadline->to_string() : "") << ","
        << (a.chosen_by_recipient ? 1 : 0) << ","
        << io::csv_escape(a.choice_note) << ",";
    if (a.assigned()) {
      out << fixed(a.subsidy.amount, 2) << "," << io::csv_escape(a.subsidy.payer)
          << "," << a.subsidy.basis;
    } else {
      out << ",,";
    }
    out << "\n";
  };
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
      for (std::size_t t = 0; t < term_count; ++t) out << ",";
      write_tail(a);
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
    write_tail(a);
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
    row["late"] = a.late;
    row["deadline"] = a.deadline ? nlohmann::json(a.deadline->to_string())
                                 : nlohmann::json(nullptr);
    row["chosen_by_recipient"] = a.chosen_by_recipient;
    row["choice_note"] = a.choice_note.empty()
                             ? nlohmann::json(nullptr)
                             : nlohmann::json(a.choice_note);
    if (!a.assigned()) {
      row["provider_id"] = nullptr;
      row["mode"] = nullptr;
      row["score"] = nullptr;
      row["reason_code"] = std::string(to_string(a.reason));
      row["reason"] = a.reason_text;
      nlohmann::json excluded = nlohmann::json::object();
      for (std::size_t e = 0; e < a.excluded.size(); ++e) {
        if (a.excluded[e] > 0) excluded[policy.rules()[e].id] = a.excluded[e];
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
      for (std::size_t t = 0; t < a.score.terms.size(); ++t) {
        const TermInfo& term = policy.terms()[t];
        breakdown[term.id] = {{"value", a.score.terms[t]},
                              {"weight", term.weight}};
      }
      row["breakdown"] = breakdown;
      row["subsidy"] = {{"amount", a.subsidy.amount},
                        {"payer", a.subsidy.payer},
                        {"basis", a.subsidy.basis},
                        {"source", a.subsidy.source}};
    }
    rows.push_back(std::move(row));
  }
  out << rows.dump(2) << "\n";
}

}  // namespace aidmatch
