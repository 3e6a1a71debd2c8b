// The attribute catalogue: every name that a policy condition may test,
// with its type and whether it depends on the matter alone or on the
// (matter, provider) pair. docs/policy-file.md lists the same catalogue
// with the meaning of each attribute.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace aidmatch {

// The value type of an attribute, which decides the operators and the
// JSON values a condition may use on it.
enum class AttributeType : std::uint8_t {
  kBool,     // true or false: eq, ne, in, not_in
  kInteger,  // a whole number: eq, ne, in, not_in, >=, >, <=, <
  kNumber,   // a real number: the same operators as kInteger
  kText,     // free text compared exactly: eq, ne, in, not_in
  kEnum,     // one of a fixed list of names: eq, ne, in, not_in
  kRegion,   // a six-digit region code: eq, ne, in, not_in
  kTagSet,   // a set of region tags: has
};

// Whether an attribute is known once per matter or differs per candidate.
enum class AttributeScope : std::uint8_t { kMatter, kPair };

// Attributes in catalogue order: the matter side first, then the pair side.
enum class Attribute : std::uint8_t {
  kKind,
  kCategory,
  kMinor,
  kDisability,
  kLifeOrDeath,
  kDifficulty,
  kLanguage,
  kNeedsLanguage,
  kSpecialty,
  kNeedsSpecialty,
  kPreferredGender,
  kInCaseGroup,
  kCrossRegion,
  kCrossCity,
  kServingRegion,
  kServingCity,
  kAssigningRegion,
  kAssigningCity,
  kServingTags,
  kLate,
  kHasChosenProvider,
  kProviderKind,
  kVolunteerType,
  kPracticeYears,
  kCriminalDefenceYears,
  kMinorsFamiliar,
  kGender,
  kCapacity,
  kCurrentLoad,
  kRating,
  kSpeaksLanguage,
  kHasSpecialty,
  kConflicted,
  kComplainedAgainst,
  kFormerOffice,
  kYearsSinceLeavingOffice,
  kMode,
  kPairingKind,
  kHomeRegion,
  kHomeCity,
  kHomeTags,
  kSameCity,
  kSameCounty,
  kDistanceKm,
  kChosenByRecipient,
};
inline constexpr std::size_t kAttributeCount = 45;

// The value of years_since_leaving_office for a provider who held no
// judicial office.
inline constexpr double kNeverInOffice = 1e6;

// One entry of the catalogue.
struct AttributeInfo {
  Attribute id;
  std::string_view name;  // the key used in policy conditions
  AttributeType type;
  AttributeScope scope;
  // For kEnum: the valid names, whose positions are the codes that the
  // compiled policy compares. Empty for every other type.
  std::span<const std::string_view> values;
  std::string_view meaning;  // one line, for messages and listings
};

// The whole catalogue, indexed by Attribute.
std::span<const AttributeInfo> attribute_catalogue();
const AttributeInfo& attribute_info(Attribute attribute);
// The attribute called `name`, or nullopt.
std::optional<Attribute> find_attribute(std::string_view name);

std::string_view to_string(AttributeType type);
std::string_view to_string(AttributeScope scope);

}  // namespace aidmatch
