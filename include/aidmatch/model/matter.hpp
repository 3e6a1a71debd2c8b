// Service matters waiting for a provider, with the recipient's circumstances.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aidmatch/core/date.hpp"
#include "aidmatch/model/enums.hpp"
#include "aidmatch/model/provider.hpp"
#include "aidmatch/model/region_graph.hpp"

namespace aidmatch {

using MatterIndex = std::int32_t;

struct Matter {
  std::string id;
  MatterKind kind = MatterKind::kAssignedCase;
  LegalCategory category = LegalCategory::kNone;
  // The legal-aid agency that assigns the matter, by its region. That
  // agency supervises the work and pays the subsidy.
  std::string assigning_region;
  std::string serving_region;  // where the service is given
  Date date;                   // the date the matter is to be assigned
  // The day the agency was notified of the case or granted the aid; the
  // assignment deadline counts from it. Absent when not tracked.
  std::optional<Date> notified;
  std::int32_t difficulty = 1; // 1 (routine) to 5 (major or difficult)
  std::string specialty;       // required specialty; empty for none

  // The recipient's circumstances.
  bool minor = false;
  bool disability = false;
  std::string language;  // language or dialect needed; empty for Mandarin
  Gender preferred_gender = Gender::kUnspecified;
  bool life_or_death = false;  // may face life imprisonment or death

  std::string case_group;  // links co-defendants of one case
  // Providers (lawyers, volunteers or whole firms) with a conflict of
  // interest in this matter.
  std::vector<std::string> conflicts;
  // The provider the recipient chose, if any; honoured when eligible.
  std::string chosen_provider;
  // Providers a verified complaint by the recipient removed from this
  // matter; they are excluded from it.
  std::vector<std::string> complaints;

  // Resolved by the loader.
  RegionIndex assigning = kNoRegion;
  RegionIndex serving = kNoRegion;
  std::vector<ProviderIndex> conflict_providers;
  ProviderIndex chosen = kNoProvider;
  std::vector<ProviderIndex> complaint_providers;
};

}  // namespace aidmatch
