// Candidate generation through pools and pairings, and the attribute
// catalogue that policy conditions test.
#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "aidmatch/rules/attributes.hpp"
#include "aidmatch/rules/eligibility.hpp"
#include "policy_detail.hpp"

namespace aidmatch {

namespace {

// The text forms of an enumeration whose enumerators run from 0 to
// count - 1, plus `extra` names after them.
template <typename Enum>
std::vector<std::string_view> enum_names(int count,
                                         std::vector<std::string_view> extra) {
  std::vector<std::string_view> names;
  for (int i = 0; i < count; ++i) {
    names.push_back(to_string(static_cast<Enum>(i)));
  }
  names.insert(names.end(), extra.begin(), extra.end());
  return names;
}

struct ValueLists {
  std::vector<std::string_view> kind = enum_names<MatterKind>(6, {});
  std::vector<std::string_view> category = enum_names<LegalCategory>(4, {});
  std::vector<std::string_view> gender = enum_names<Gender>(3, {});
  std::vector<std::string_view> provider_kind = enum_names<ProviderKind>(3, {});
  std::vector<std::string_view> volunteer_type =
      enum_names<VolunteerType>(3, {});
  std::vector<std::string_view> former_office = enum_names<FormerOffice>(3, {});
  std::vector<std::string_view> mode = enum_names<DispatchMode>(5, {});
  // Pairing kinds, then "none" for an admission without a pairing.
  std::vector<std::string_view> pairing_kind =
      enum_names<PairingKind>(6, {"none"});
};

std::vector<AttributeInfo> build_catalogue() {
  static const ValueLists lists;
  using A = Attribute;
  using T = AttributeType;
  constexpr AttributeScope M = AttributeScope::kMatter;
  constexpr AttributeScope P = AttributeScope::kPair;
  const std::span<const std::string_view> none;
  return {
      {A::kKind, "kind", T::kEnum, M, lists.kind, "the matter kind"},
      {A::kCategory, "category", T::kEnum, M, lists.category,
       "the legal category"},
      {A::kMinor, "minor", T::kBool, M, none, "the recipient is a minor"},
      {A::kDisability, "disability", T::kBool, M, none,
       "the recipient has a disability"},
      {A::kLifeOrDeath, "life_or_death", T::kBool, M, none,
       "the recipient may face life imprisonment or death"},
      {A::kDifficulty, "difficulty", T::kInteger, M, none,
       "difficulty from 1 to 5"},
      {A::kLanguage, "language", T::kText, M, none,
       "the language or dialect needed, empty for none"},
      {A::kNeedsLanguage, "needs_language", T::kBool, M, none,
       "the matter names a language"},
      {A::kSpecialty, "specialty", T::kText, M, none,
       "the specialty needed, empty for none"},
      {A::kNeedsSpecialty, "needs_specialty", T::kBool, M, none,
       "the matter names a specialty"},
      {A::kPreferredGender, "preferred_gender", T::kEnum, M, lists.gender,
       "the recipient's preferred gender"},
      {A::kInCaseGroup, "in_case_group", T::kBool, M, none,
       "the matter belongs to a case group"},
      {A::kCrossRegion, "cross_region", T::kBool, M, none,
       "the assigning region differs from the serving region"},
      {A::kCrossCity, "cross_city", T::kBool, M, none,
       "the assigning and serving regions lie in different cities"},
      {A::kServingRegion, "serving_region", T::kRegion, M, none,
       "the serving region's code"},
      {A::kServingCity, "serving_city", T::kRegion, M, none,
       "the code of the serving region's city"},
      {A::kAssigningRegion, "assigning_region", T::kRegion, M, none,
       "the assigning agency's region code"},
      {A::kAssigningCity, "assigning_city", T::kRegion, M, none,
       "the code of the assigning region's city"},
      {A::kServingTags, "serving_tags", T::kTagSet, M, none,
       "the serving region's tags in force on the matter's date"},
      {A::kLate, "late", T::kBool, M, none,
       "notified date plus deadline_days is before the matter's date"},
      {A::kHasChosenProvider, "has_chosen_provider", T::kBool, M, none,
       "the recipient chose a provider"},
      {A::kProviderKind, "provider_kind", T::kEnum, P, lists.provider_kind,
       "the candidate's kind"},
      {A::kVolunteerType, "volunteer_type", T::kEnum, P, lists.volunteer_type,
       "the candidate's volunteer type"},
      {A::kPracticeYears, "practice_years", T::kNumber, P, none,
       "years of practice"},
      {A::kCriminalDefenceYears, "criminal_defence_years", T::kNumber, P, none,
       "years of criminal defence"},
      {A::kMinorsFamiliar, "minors_familiar", T::kBool, P, none,
       "the candidate is familiar with minors"},
      {A::kGender, "gender", T::kEnum, P, lists.gender,
       "the candidate's gender"},
      {A::kCapacity, "capacity", T::kInteger, P, none,
       "new matters the candidate can take"},
      {A::kCurrentLoad, "current_load", T::kInteger, P, none,
       "matters the candidate already has open"},
      {A::kRating, "rating", T::kNumber, P, none, "quality rating, 0 to 5"},
      {A::kSpeaksLanguage, "speaks_language", T::kBool, P, none,
       "the matter names a language and the candidate speaks it"},
      {A::kHasSpecialty, "has_specialty", T::kBool, P, none,
       "the matter names a specialty and the candidate has it"},
      {A::kConflicted, "conflicted", T::kBool, P, none,
       "the matter's conflicts list the candidate or its firm"},
      {A::kComplainedAgainst, "complained_against", T::kBool, P, none,
       "a verified complaint removed the candidate from the matter"},
      {A::kFormerOffice, "former_office", T::kEnum, P, lists.former_office,
       "the judicial office the candidate held before practising"},
      {A::kYearsSinceLeavingOffice, "years_since_leaving_office", T::kNumber,
       P, none, "years from leaving that office to the matter's date"},
      {A::kMode, "mode", T::kEnum, P, lists.mode,
       "the dispatch mode of the admission"},
      {A::kPairingKind, "pairing_kind", T::kEnum, P, lists.pairing_kind,
       "the admitting pairing's kind, or none"},
      {A::kHomeRegion, "home_region", T::kRegion, P, none,
       "the candidate's home region code"},
      {A::kHomeCity, "home_city", T::kRegion, P, none,
       "the code of the candidate's home city"},
      {A::kHomeTags, "home_tags", T::kTagSet, P, none,
       "the home region's tags in force on the matter's date"},
      {A::kSameCity, "same_city", T::kBool, P, none,
       "the home and serving regions lie in the same city"},
      {A::kSameCounty, "same_county", T::kBool, P, none,
       "the home region is the serving region"},
      {A::kDistanceKm, "distance_km", T::kNumber, P, none,
       "kilometres from the home region's seat to the serving region's"},
      {A::kChosenByRecipient, "chosen_by_recipient", T::kBool, P, none,
       "the recipient chose this candidate"},
  };
}

const std::vector<AttributeInfo>& catalogue() {
  static const std::vector<AttributeInfo> entries = [] {
    std::vector<AttributeInfo> built = build_catalogue();
    if (built.size() != kAttributeCount) {
      throw std::logic_error("the attribute catalogue has " +
                             std::to_string(built.size()) + " entries, not " +
                             std::to_string(kAttributeCount));
    }
    for (std::size_t i = 0; i < built.size(); ++i) {
      if (static_cast<std::size_t>(built[i].id) != i) {
        throw std::logic_error("the attribute catalogue is out of order at " +
                               std::string(built[i].name));
      }
    }
    return built;
  }();
  return entries;
}

}  // namespace

std::span<const AttributeInfo> attribute_catalogue() { return catalogue(); }

const AttributeInfo& attribute_info(Attribute attribute) {
  return catalogue()[static_cast<std::size_t>(attribute)];
}

std::optional<Attribute> find_attribute(std::string_view name) {
  for (const AttributeInfo& info : catalogue()) {
    if (info.name == name) return info.id;
  }
  return std::nullopt;
}

std::string_view to_string(AttributeType type) {
  switch (type) {
    case AttributeType::kBool: return "bool";
    case AttributeType::kInteger: return "integer";
    case AttributeType::kNumber: return "number";
    case AttributeType::kText: return "text";
    case AttributeType::kEnum: return "enum";
    case AttributeType::kRegion: return "region";
    case AttributeType::kTagSet: return "tag set";
  }
  return "unknown";
}

std::string_view to_string(AttributeScope scope) {
  return scope == AttributeScope::kMatter ? "matter" : "pair";
}

double detail::region_code_value(const RegionGraph& regions,
                                 RegionIndex region) {
  if (region == kNoRegion) return -1.0;
  // Codes are six ASCII digits; the loader rejects any other code.
  double value = 0.0;
  for (char digit : regions.region(region).code) value = value * 10 + (digit - '0');
  return value;
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

}  // namespace aidmatch
