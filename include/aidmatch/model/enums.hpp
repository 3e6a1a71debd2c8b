// Enumerations of the model and their text forms, which are the values that
// data files and policy files use (docs/data-format.md lists them).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace aidmatch {

// The six kinds of service matter of the Zhejiang measures. Pool entries
// state the kinds they serve with the same values, so a kind doubles as a
// service type.
enum class MatterKind : std::uint8_t {
  kAssignedCase,        // assigned_case: a case assigned by a legal-aid agency
  kDutyShift,           // duty_shift: a duty-lawyer shift (值班)
  kVolunteerActivity,   // volunteer_activity
  kQualityEvaluation,   // quality_evaluation: case-quality evaluation
  kDifficultCase,       // difficult_case: research on a major or difficult case
  kOther,               // other
};
inline constexpr int kMatterKindCount = 6;

// The route by which an assignment reached its provider (调配方式).
enum class DispatchMode : std::uint8_t {
  kPool,              // pool: direct from a provincial or city pool
  kOffSite,           // off_site: off-site cooperation with people outside pools
  kProject,           // project: project-based under an agreement
  kVolunteerAction,   // volunteer_action: the provincial volunteer action
  kOther,             // other
};

enum class LegalCategory : std::uint8_t {
  kNone,            // none: not a case (a duty shift, an evaluation, ...)
  kCriminal,        // criminal
  kCivil,           // civil
  kAdministrative,  // administrative
};

enum class Gender : std::uint8_t { kUnspecified, kFemale, kMale };

enum class ProviderKind : std::uint8_t { kFirm, kLawyer, kVolunteer };

// Volunteers differ in what the law lets them do: university volunteers
// (law teachers and students) may only give consultation and draft
// documents.
enum class VolunteerType : std::uint8_t { kNone, kUniversity, kCommunity };

// A judicial office a lawyer held before practising. The Lawyers Law
// (art. 41) bars a former judge or prosecutor from acting as agent or
// defender within two years of leaving office.
enum class FormerOffice : std::uint8_t { kNone, kJudge, kProsecutor };

enum class RegionLevel : std::uint8_t {
  kProvince,
  kCity,
  kDistrict,     // 市辖区
  kCountyCity,   // 县级市
  kCounty,       // 县, including autonomous counties
};

inline bool is_county_level(RegionLevel level) {
  return level != RegionLevel::kProvince && level != RegionLevel::kCity;
}

enum class PairingKind : std::uint8_t {
  kTwinning,         // twinning: long-term twinning (结对帮扶)
  kMountainSea,      // mountain_sea: mountain-sea cooperation (山海协作)
  kAgreement,        // agreement: cooperation agreement or purchase of services
  kProject,          // project: a funded project
  kVolunteerAction,  // volunteer_action: the provincial lawyers' volunteer action
  kOther,            // other
};

// The dispatch mode that an admission through a pairing of this kind gives.
DispatchMode mode_of_pairing(PairingKind kind);

// Text forms. to_string returns the file value; parse_* returns nullopt for
// an unknown value, and allowed_* lists the valid values for messages.
std::string_view to_string(MatterKind value);
std::string_view to_string(DispatchMode value);
std::string_view to_string(LegalCategory value);
std::string_view to_string(Gender value);
std::string_view to_string(ProviderKind value);
std::string_view to_string(VolunteerType value);
std::string_view to_string(FormerOffice value);
std::string_view to_string(RegionLevel value);
std::string_view to_string(PairingKind value);

std::optional<MatterKind> parse_matter_kind(std::string_view text);
std::optional<DispatchMode> parse_dispatch_mode(std::string_view text);
std::optional<LegalCategory> parse_legal_category(std::string_view text);
std::optional<Gender> parse_gender(std::string_view text);
std::optional<ProviderKind> parse_provider_kind(std::string_view text);
std::optional<VolunteerType> parse_volunteer_type(std::string_view text);
std::optional<FormerOffice> parse_former_office(std::string_view text);
std::optional<RegionLevel> parse_region_level(std::string_view text);
std::optional<PairingKind> parse_pairing_kind(std::string_view text);

// Comma-separated valid values, for error messages.
std::string allowed_values(MatterKind);
std::string allowed_values(LegalCategory);
std::string allowed_values(Gender);
std::string allowed_values(ProviderKind);
std::string allowed_values(VolunteerType);
std::string allowed_values(FormerOffice);
std::string allowed_values(RegionLevel);
std::string allowed_values(PairingKind);

// A set of matter kinds as a bit mask.
class KindSet {
 public:
  constexpr KindSet() = default;
  static constexpr KindSet all() {
    KindSet set;
    set.bits_ = (1u << kMatterKindCount) - 1;
    return set;
  }
  constexpr void insert(MatterKind kind) {
    bits_ |= 1u << static_cast<unsigned>(kind);
  }
  constexpr bool contains(MatterKind kind) const {
    return (bits_ >> static_cast<unsigned>(kind)) & 1u;
  }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr std::uint8_t bits() const { return bits_; }
  constexpr bool operator==(const KindSet&) const = default;

 private:
  std::uint8_t bits_ = 0;
};

}  // namespace aidmatch
