// Pairing relationships that admit providers from one region or
// organisation to serve matters in another region.
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

// A twinning, mountain-sea cooperation, agreement, project or volunteer
// action. The providing side is a region (every individual provider whose
// home region lies within it) or an organisation (a firm, meaning its
// lawyers, or one lawyer or volunteer). The served side is a region: the
// pairing admits the providers to matters served within it.
struct Pairing {
  std::string id;
  PairingKind kind = PairingKind::kMountainSea;
  std::string provider_side;  // region code or provider id
  std::string served_region;  // region code
  DateRange valid;
  KindSet service_types = KindSet::all();
  std::string source;  // where the pairing is documented
  // The payer and the subsidy per matter that the agreement sets. Empty and
  // absent values fall back to the policy's defaults.
  std::string payer;
  std::optional<double> subsidy;

  // Resolved by the loader: exactly one of the two provider-side fields.
  RegionIndex provider_region = kNoRegion;
  ProviderIndex provider_org = kNoProvider;
  RegionIndex served = kNoRegion;

  bool admits_kind(MatterKind kind_of_matter) const {
    return service_types.contains(kind_of_matter);
  }
};

}  // namespace aidmatch
