// A dispatch policy: the switches of the hard rules and the weights of the
// score terms. Policies are JSON documents; data/policy/default.json is the
// default and docs/policy-file.md describes every key.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "aidmatch/core/date.hpp"
#include "aidmatch/model/enums.hpp"

namespace aidmatch {

// The soft score terms, in the order of ScoreBreakdown::terms.
enum class ScoreTerm : std::uint8_t {
  kSpecialty,      // 1 when the provider has the matter's required specialty
  kExperience,     // practice years against difficulty, capped at 1
  kLanguage,       // 1 when the provider speaks the recipient's language
  kGender,         // 1 when the provider has the recipient's preferred gender
  kDistance,       // minus the distance from home to serving region, scaled
  kPairing,        // 1 when a valid pairing admits the provider
  kResourceShort,  // 1 when the serving region is resource-short that day
  kWorkload,       // minus the provider's open matters, scaled
  kRating,         // the provider's rating divided by 5
};
inline constexpr std::size_t kScoreTermCount = 9;

std::string_view to_string(ScoreTerm term);

// The reading of "three years of experience" for a recipient who may face
// life imprisonment or death. The Legal Aid Law (art. 26) requires relevant
// practice. The Ministry of Justice procedure rules require criminal
// defence, which is the stricter reading.
enum class LifeOrDeathExperience : std::uint8_t {
  kCriminalDefence,   // criminal_defence
  kRelevantPractice,  // relevant_practice
};

struct Policy {
  std::string name = "zhejiang-2024-default";
  std::string version = "1";
  DateRange effective{Date::from_ymd(2024, 3, 1), std::nullopt};

  // Weights of the score terms, indexed by ScoreTerm; all finite and >= 0.
  std::array<double, kScoreTermCount> weights{3.0, 2.0, 2.0, 0.5, 1.0,
                                              1.0, 2.0, 1.0, 0.5};
  double distance_scale_km = 100.0;  // distance term = -km / scale
  double experience_years_per_difficulty = 2.0;
  double workload_scale = 10.0;      // workload term = -open matters / scale
  // Scores are rounded to multiples of this before solving, so totals are
  // compared exactly.
  double score_resolution = 1e-4;
  std::string resource_short_tag = "resource_short";

  // Hard rules.
  bool criminal_cases_lawyers_only = true;
  KindSet university_volunteer_kinds = [] {
    KindSet kinds;
    kinds.insert(MatterKind::kVolunteerActivity);
    return kinds;
  }();
  LifeOrDeathExperience life_or_death_experience =
      LifeOrDeathExperience::kCriminalDefence;
  double life_or_death_min_years = 3.0;
  bool minor_requires_familiar = true;

  double weight(ScoreTerm term) const {
    return weights[static_cast<std::size_t>(term)];
  }
};

// Parses and validates a policy document. Keys that are absent keep the
// defaults above; unknown keys, wrong types, non-finite or negative numbers
// and unknown enumeration values are errors. Throws InputError whose message
// starts with `source` and gives the JSON path of the offending value, for
// example `policy.json: weights.distance: expected a finite number >= 0,
// found "far"`.
Policy parse_policy(std::string_view json_text, std::string_view source);

}  // namespace aidmatch
