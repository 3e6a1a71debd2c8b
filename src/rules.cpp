// Policy parsing, candidate generation, eligibility and scoring.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aidmatch/core/error.hpp"
#include "aidmatch/rules/eligibility.hpp"
#include "aidmatch/rules/policy.hpp"

namespace aidmatch {

namespace {

constexpr std::array<std::string_view, kScoreTermCount> kTermNames{
    "specialty", "experience", "language",       "gender", "distance",
    "pairing",   "resource_short", "workload", "rating"};

constexpr std::array<std::string_view, kExclusionCount> kExclusionNames{
    "none",
    "no_capacity",
    "criminal_needs_lawyer",
    "university_scope",
    "life_or_death_experience",
    "minor_familiarity",
    "conflict_of_interest"};

using nlohmann::json;

// The smallest scale a policy may set; below it the scaled terms could
// overflow to infinity.
constexpr double kMinScale = 1e-6;

// Reads a policy document, recording the JSON path of each value so that
// errors can name it.
class PolicyReader {
 public:
  explicit PolicyReader(std::string_view source) : source_(source) {}

  [[noreturn]] void fail(const std::string& path, const std::string& problem,
                         const json& value) const {
    throw InputError(source_ + ": " + (path.empty() ? "top level" : path) +
                     ": " + problem + ", found " + value.dump());
  }

  void check_keys(const json& object, const std::string& path,
                  std::initializer_list<std::string_view> allowed) const {
    if (!object.is_object()) fail(path, "expected an object", object);
    for (const auto& [key, value] : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (std::string_view name : allowed) {
          list += list.empty() ? "" : ", ";
          list += name;
        }
        throw InputError(source_ + ": " + join(path, key) +
                         ": unknown key; expected one of " + list);
      }
    }
  }

  double number(const json& value, const std::string& path, double min,
                bool exclusive_min) const {
    std::ostringstream expected;
    expected << "expected a finite number " << (exclusive_min ? "> " : ">= ")
             << min;
    if (!value.is_number()) fail(path, expected.str(), value);
    const double parsed = value.get<double>();
    if (!std::isfinite(parsed) || parsed < min ||
        (exclusive_min && parsed == min)) {
      fail(path, expected.str(), value);
    }
    return parsed;
  }

  bool boolean(const json& value, const std::string& path) const {
    if (!value.is_boolean()) fail(path, "expected true or false", value);
    return value.get<bool>();
  }

  std::string text(const json& value, const std::string& path) const {
    if (!value.is_string()) fail(path, "expected a string", value);
    return value.get<std::string>();
  }

  std::optional<Date> date(const json& value, const std::string& path) const {
    if (value.is_null()) return std::nullopt;
    const auto parsed = value.is_string()
                            ? Date::parse(value.get<std::string>())
                            : std::nullopt;
    if (!parsed) fail(path, "expected a date YYYY-MM-DD or null", value);
    return parsed;
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

 private:
  std::string source_;
};

}  // namespace

std::string_view to_string(ScoreTerm term) {
  return kTermNames[static_cast<std::size_t>(term)];
}

std::string_view to_string(Exclusion exclusion) {
  return kExclusionNames[static_cast<std::size_t>(exclusion)];
}

Policy parse_policy(std::string_view json_text, std::string_view source) {
  json document;
  try {
    document = json::parse(json_text);
  } catch (const json::parse_error& e) {
    const bool non_finite =
        json_text.find("NaN") != std::string_view::npos ||
        json_text.find("Infinity") != std::string_view::npos;
    throw InputError(std::string(source) + ": malformed JSON at byte " +
                     std::to_string(e.byte) +
                     (non_finite ? " (NaN and Infinity are not JSON values)"
                                 : "") +
                     ": " + e.what());
  } catch (const json::exception& e) {
    // For example a number too large for a double.
    throw InputError(std::string(source) + ": invalid JSON: " + e.what());
  }
  const PolicyReader reader(source);
  reader.check_keys(document, "",
                    {"name", "version", "effective_from", "effective_to",
                     "weights", "scales", "resource_short_tag", "rules",
                     "description"});
  Policy policy;
  if (document.contains("name")) {
    policy.name = reader.text(document["name"], "name");
  }
  if (document.contains("description")) {
    reader.text(document["description"], "description");
  }
  if (document.contains("version")) {
    policy.version = reader.text(document["version"], "version");
  }
  if (document.contains("effective_from")) {
    policy.effective.from =
        reader.date(document["effective_from"], "effective_from");
  }
  if (document.contains("effective_to")) {
    policy.effective.to = reader.date(document["effective_to"], "effective_to");
  }
  if (policy.effective.from && policy.effective.to &&
      *policy.effective.to < *policy.effective.from) {
    reader.fail("effective_to", "precedes effective_from",
                document["effective_to"]);
  }

  if (document.contains("weights")) {
    const json& weights = document["weights"];
    reader.check_keys(weights, "weights",
                      {"specialty", "experience", "language", "gender",
                       "distance", "pairing", "resource_short", "workload",
                       "rating"});
    for (std::size_t t = 0; t < kScoreTermCount; ++t) {
      const std::string key(kTermNames[t]);
      if (weights.contains(key)) {
        policy.weights[t] = reader.number(weights[key], "weights." + key, 0.0,
                                          false);
      }
    }
  }

  if (document.contains("scales")) {
    const json& scales = document["scales"];
    reader.check_keys(scales, "scales",
                      {"distance_km", "experience_years_per_difficulty",
                       "workload", "score_resolution"});
    if (scales.contains("distance_km")) {
      policy.distance_scale_km = reader.number(
          scales["distance_km"], "scales.distance_km", kMinScale, false);
    }
    if (scales.contains("experience_years_per_difficulty")) {
      policy.experience_years_per_difficulty =
          reader.number(scales["experience_years_per_difficulty"],
                        "scales.experience_years_per_difficulty", kMinScale,
                        false);
    }
    if (scales.contains("workload")) {
      policy.workload_scale =
          reader.number(scales["workload"], "scales.workload", kMinScale,
                        false);
    }
    if (scales.contains("score_resolution")) {
      policy.score_resolution = reader.number(
          scales["score_resolution"], "scales.score_resolution", 0.0, true);
      if (policy.score_resolution < 1e-9) {
        reader.fail("scales.score_resolution", "expected at least 1e-9",
                    scales["score_resolution"]);
      }
    }
  }

  if (document.contains("resource_short_tag")) {
    policy.resource_short_tag =
        reader.text(document["resource_short_tag"], "resource_short_tag");
  }

  if (document.contains("rules")) {
    const json& rules = document["rules"];
    reader.check_keys(rules, "rules",
                      {"criminal_cases_lawyers_only",
                       "university_volunteer_kinds",
                       "life_or_death_experience", "life_or_death_min_years",
                       "minor_requires_familiar"});
    if (rules.contains("criminal_cases_lawyers_only")) {
      policy.criminal_cases_lawyers_only =
          reader.boolean(rules["criminal_cases_lawyers_only"],
                         "rules.criminal_cases_lawyers_only");
    }
    if (rules.contains("university_volunteer_kinds")) {
      const json& kinds = rules["university_volunteer_kinds"];
      if (!kinds.is_array()) {
        reader.fail("rules.university_volunteer_kinds",
                    "expected a list of matter kinds", kinds);
      }
      policy.university_volunteer_kinds = KindSet{};
      for (std::size_t i = 0; i < kinds.size(); ++i) {
        const std::string path =
            "rules.university_volunteer_kinds[" + std::to_string(i) + "]";
        const auto kind = parse_matter_kind(reader.text(kinds[i], path));
        if (!kind) {
          reader.fail(path,
                      "unknown matter kind; expected one of " +
                          allowed_values(MatterKind{}),
                      kinds[i]);
        }
        policy.university_volunteer_kinds.insert(*kind);
      }
    }
    if (rules.contains("life_or_death_experience")) {
      const std::string value = reader.text(rules["life_or_death_experience"],
                                            "rules.life_or_death_experience");
      if (value == "criminal_defence") {
        policy.life_or_death_experience =
            LifeOrDeathExperience::kCriminalDefence;
      } else if (value == "relevant_practice") {
        policy.life_or_death_experience =
            LifeOrDeathExperience::kRelevantPractice;
      } else {
        reader.fail("rules.life_or_death_experience",
                    "expected criminal_defence or relevant_practice",
                    rules["life_or_death_experience"]);
      }
    }
    if (rules.contains("life_or_death_min_years")) {
      policy.life_or_death_min_years =
          reader.number(rules["life_or_death_min_years"],
                        "rules.life_or_death_min_years", 0.0, false);
    }
    if (rules.contains("minor_requires_familiar")) {
      policy.minor_requires_familiar = reader.boolean(
          rules["minor_requires_familiar"], "rules.minor_requires_familiar");
    }
  }
  return policy;
}

// ---------------------------------------------------------------------------
// Candidates

namespace {

// Lower is preferred when a provider is admitted by several routes.
int mode_preference(DispatchMode mode) {
  switch (mode) {
    case DispatchMode::kPool: return 0;
    case DispatchMode::kProject: return 1;
    case DispatchMode::kVolunteerAction: return 2;
    case DispatchMode::kOffSite: return 3;
    case DispatchMode::kOther: return 4;
  }
  return 5;
}

}  // namespace

CandidateIndex::CandidateIndex(const Dataset& data) : data_(data) {
  const auto& pairings = data.pairings;
  pairing_providers_.resize(pairings.size());
  pairings_serving_.resize(data.regions.size());
  for (std::size_t i = 0; i < pairings.size(); ++i) {
    const Pairing& p = pairings[i];
    auto& providers = pairing_providers_[i];
    if (p.provider_region != kNoRegion) {
      providers = data.providers.individuals_in(data.regions, p.provider_region);
    } else if (data.providers[p.provider_org].kind == ProviderKind::kFirm) {
      providers = data.providers.members(p.provider_org);
    } else {
      providers = {p.provider_org};
    }
    for (std::size_t r = 0; r < data.regions.size(); ++r) {
      if (data.regions.covers(p.served, static_cast<RegionIndex>(r))) {
        pairings_serving_[r].push_back(static_cast<std::int32_t>(i));
      }
    }
  }
}

std::vector<Admission> CandidateIndex::admissions(const Matter& matter) const {
  std::vector<Admission> found;
  auto admit = [&](ProviderIndex provider, DispatchMode mode,
                   std::int32_t pairing) {
    const Provider& p = data_.providers[provider];
    if (p.kind == ProviderKind::kFirm) {
      for (ProviderIndex lawyer : data_.providers.members(provider)) {
        found.push_back(Admission{lawyer, mode, pairing});
      }
    } else {
      found.push_back(Admission{provider, mode, pairing});
    }
  };

  // Pools: the provincial pool, and the pool of the assigning agency's city.
  const std::vector<RegionIndex> covering =
      data_.regions.self_and_ancestors(matter.serving);
  const RegionIndex province = covering.back();
  const RegionIndex assigning_city = data_.regions.city_of(matter.assigning);
  std::vector<ProviderIndex> members;
  for (const Pool& pool : data_.pools) {
    if (pool.owner() != province && pool.owner() != assigning_city) continue;
    members.clear();
    for (RegionIndex region : covering) {
      pool.append_candidates(region, matter.kind, members);
    }
    for (ProviderIndex provider : members) {
      admit(provider, DispatchMode::kPool, -1);
    }
  }

  // Pairings valid on the matter's date that serve its region and kind.
  for (std::int32_t i : pairings_serving_[matter.serving]) {
    const Pairing& p = data_.pairings[i];
    if (!p.valid.contains(matter.date) || !p.admits_kind(matter.kind)) continue;
    for (ProviderIndex provider : pairing_providers_[i]) {
      admit(provider, mode_of_pairing(p.kind), i);
    }
  }

  // Keep one admission per provider: the preferred mode, and a pairing if
  // any route had one.
  std::sort(found.begin(), found.end(),
            [](const Admission& a, const Admission& b) {
              if (a.provider != b.provider) return a.provider < b.provider;
              if (a.mode != b.mode) {
                return mode_preference(a.mode) < mode_preference(b.mode);
              }
              return a.pairing < b.pairing;
            });
  std::vector<Admission> unique;
  for (const Admission& a : found) {
    if (!unique.empty() && unique.back().provider == a.provider) {
      if (unique.back().pairing < 0) unique.back().pairing = a.pairing;
      continue;
    }
    unique.push_back(a);
  }
  return unique;
}

// ---------------------------------------------------------------------------
// Eligibility and scores

Exclusion check_eligibility(const Dataset& data, const Policy& policy,
                            const Matter& matter, ProviderIndex provider) {
  const Provider& p = data.providers[provider];
  if (p.capacity <= 0) return Exclusion::kNoCapacity;
  const bool is_lawyer = p.kind == ProviderKind::kLawyer;
  if (policy.criminal_cases_lawyers_only && !is_lawyer &&
      matter.kind == MatterKind::kAssignedCase &&
      matter.category == LegalCategory::kCriminal) {
    return Exclusion::kCriminalNeedsLawyer;
  }
  if (p.volunteer_type == VolunteerType::kUniversity &&
      !policy.university_volunteer_kinds.contains(matter.kind)) {
    return Exclusion::kUniversityScope;
  }
  if (matter.life_or_death) {
    const double years =
        policy.life_or_death_experience == LifeOrDeathExperience::kCriminalDefence
            ? p.criminal_defence_years
            : p.practice_years;
    if (!is_lawyer || years < policy.life_or_death_min_years) {
      return Exclusion::kLifeOrDeathExperience;
    }
  }
  if (matter.minor && policy.minor_requires_familiar && !p.minors_familiar) {
    return Exclusion::kMinorFamiliarity;
  }
  for (ProviderIndex conflicted : matter.conflict_providers) {
    if (conflicted == provider || (p.firm != kNoProvider && conflicted == p.firm)) {
      return Exclusion::kConflictOfInterest;
    }
  }
  return Exclusion::kNone;
}

ScoreBreakdown score_pair(const Dataset& data, const Policy& policy,
                          const Matter& matter, const Admission& admission) {
  const Provider& p = data.providers[admission.provider];
  ScoreBreakdown score;
  auto set = [&](ScoreTerm term, double value) {
    score.terms[static_cast<std::size_t>(term)] = value;
  };
  set(ScoreTerm::kSpecialty,
      !matter.specialty.empty() && p.has_specialty(matter.specialty) ? 1.0
                                                                     : 0.0);
  const double needed_years =
      matter.difficulty * policy.experience_years_per_difficulty;
  set(ScoreTerm::kExperience, std::min(1.0, p.practice_years / needed_years));
  set(ScoreTerm::kLanguage,
      !matter.language.empty() && p.speaks(matter.language) ? 1.0 : 0.0);
  set(ScoreTerm::kGender, matter.preferred_gender != Gender::kUnspecified &&
                                  matter.preferred_gender == p.gender
                              ? 1.0
                              : 0.0);
  set(ScoreTerm::kDistance, -data.regions.distance_km(p.home, matter.serving) /
                                policy.distance_scale_km);
  set(ScoreTerm::kPairing, admission.pairing >= 0 ? 1.0 : 0.0);
  set(ScoreTerm::kResourceShort,
      data.regions.has_tag(matter.serving, policy.resource_short_tag,
                           matter.date)
          ? 1.0
          : 0.0);
  set(ScoreTerm::kWorkload, -p.current_load / policy.workload_scale);
  set(ScoreTerm::kRating, p.rating / 5.0);

  // A term with weight 0 is switched off and adds nothing.
  for (std::size_t t = 0; t < kScoreTermCount; ++t) {
    if (policy.weights[t] != 0.0) score.total += policy.weights[t] * score.terms[t];
  }
  return score;
}

}  // namespace aidmatch
