// Dates, log levels and the text forms of the model's enumerations.
#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "aidmatch/core/date.hpp"
#include "aidmatch/core/error.hpp"
#include "aidmatch/core/log.hpp"
#include "aidmatch/model/enums.hpp"

namespace aidmatch {

std::string message_excerpt(std::string_view text) {
  constexpr std::size_t kMaxQuoted = 80;
  std::size_t cut = text.size();
  if (cut > kMaxQuoted) {
    cut = kMaxQuoted;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
  }
  std::string out;
  out.reserve(cut + 24);
  for (const char c : text.substr(0, cut)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  if (cut < text.size()) {
    out += "... (" + std::to_string(text.size()) + " bytes)";
  }
  return out;
}

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "unknown";
}

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{month},
                                        std::chrono::day{day}};
  if (!ymd.ok()) {
    throw std::invalid_argument("invalid date " + std::to_string(year) + "-" +
                                std::to_string(month) + "-" +
                                std::to_string(day));
  }
  const auto days = std::chrono::sys_days{ymd}.time_since_epoch().count();
  return from_days(static_cast<std::int32_t>(days));
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  auto digits = [&](std::size_t pos, std::size_t count) -> int {
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int year = digits(0, 4);
  const int month = digits(5, 2);
  const int day = digits(8, 2);
  if (year < 0 || month < 0 || day < 0) return std::nullopt;
  const std::chrono::year_month_day ymd{
      std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
      std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  return from_days(static_cast<std::int32_t>(
      std::chrono::sys_days{ymd}.time_since_epoch().count()));
}

std::string Date::to_string() const {
  const std::chrono::year_month_day ymd{
      std::chrono::sys_days{std::chrono::days{days_}}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u",
                static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buffer;
}

namespace {

// Text forms in enumerator order; the enumerators are consecutive from 0.
constexpr std::array<std::string_view, 6> kMatterKindNames{
    "assigned_case",      "duty_shift",     "volunteer_activity",
    "quality_evaluation", "difficult_case", "other"};
constexpr std::array<std::string_view, 5> kDispatchModeNames{
    "pool", "off_site", "project", "volunteer_action", "other"};
constexpr std::array<std::string_view, 4> kCategoryNames{
    "none", "criminal", "civil", "administrative"};
constexpr std::array<std::string_view, 3> kGenderNames{"unspecified",
                                                       "female", "male"};
constexpr std::array<std::string_view, 3> kProviderKindNames{
    "firm", "lawyer", "volunteer"};
constexpr std::array<std::string_view, 3> kVolunteerTypeNames{
    "none", "university", "community"};
constexpr std::array<std::string_view, 3> kFormerOfficeNames{
    "none", "judge", "prosecutor"};
constexpr std::array<std::string_view, 5> kRegionLevelNames{
    "province", "city", "district", "county_city", "county"};
constexpr std::array<std::string_view, 6> kPairingKindNames{
    "twinning", "mountain_sea",     "agreement",
    "project",  "volunteer_action", "other"};

template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names,
                               std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

template <std::size_t N>
std::string join_names(const std::array<std::string_view, N>& names) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out;
}

template <std::size_t N, typename Enum>
std::string_view name_of(const std::array<std::string_view, N>& names,
                         Enum value) {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : std::string_view("unknown");
}

}  // namespace

DispatchMode mode_of_pairing(PairingKind kind) {
  switch (kind) {
    case PairingKind::kTwinning:
    case PairingKind::kMountainSea: return DispatchMode::kOffSite;
    case PairingKind::kAgreement:
    case PairingKind::kProject: return DispatchMode::kProject;
    case PairingKind::kVolunteerAction: return DispatchMode::kVolunteerAction;
    case PairingKind::kOther: return DispatchMode::kOther;
  }
  return DispatchMode::kOther;
}

std::string_view to_string(MatterKind v) { return name_of(kMatterKindNames, v); }
std::string_view to_string(DispatchMode v) {
  return name_of(kDispatchModeNames, v);
}
std::string_view to_string(LegalCategory v) {
  return name_of(kCategoryNames, v);
}
std::string_view to_string(Gender v) { return name_of(kGenderNames, v); }
std::string_view to_string(ProviderKind v) {
  return name_of(kProviderKindNames, v);
}
std::string_view to_string(VolunteerType v) {
  return name_of(kVolunteerTypeNames, v);
}
std::string_view to_string(FormerOffice v) {
  return name_of(kFormerOfficeNames, v);
}
std::string_view to_string(RegionLevel v) {
  return name_of(kRegionLevelNames, v);
}
std::string_view to_string(PairingKind v) {
  return name_of(kPairingKindNames, v);
}

std::optional<MatterKind> parse_matter_kind(std::string_view text) {
  return parse_name<MatterKind>(kMatterKindNames, text);
}
std::optional<DispatchMode> parse_dispatch_mode(std::string_view text) {
  return parse_name<DispatchMode>(kDispatchModeNames, text);
}
std::optional<LegalCategory> parse_legal_category(std::string_view text) {
  return parse_name<LegalCategory>(kCategoryNames, text);
}
std::optional<Gender> parse_gender(std::string_view text) {
  return parse_name<Gender>(kGenderNames, text);
}
std::optional<ProviderKind> parse_provider_kind(std::string_view text) {
  return parse_name<ProviderKind>(kProviderKindNames, text);
}
std::optional<VolunteerType> parse_volunteer_type(std::string_view text) {
  return parse_name<VolunteerType>(kVolunteerTypeNames, text);
}
std::optional<FormerOffice> parse_former_office(std::string_view text) {
  return parse_name<FormerOffice>(kFormerOfficeNames, text);
}
std::optional<RegionLevel> parse_region_level(std::string_view text) {
  return parse_name<RegionLevel>(kRegionLevelNames, text);
}
std::optional<PairingKind> parse_pairing_kind(std::string_view text) {
  return parse_name<PairingKind>(kPairingKindNames, text);
}

std::string allowed_values(MatterKind) { return join_names(kMatterKindNames); }
std::string allowed_values(LegalCategory) {
  return join_names(kCategoryNames);
}
std::string allowed_values(Gender) { return join_names(kGenderNames); }
std::string allowed_values(ProviderKind) {
  return join_names(kProviderKindNames);
}
std::string allowed_values(VolunteerType) {
  return join_names(kVolunteerTypeNames);
}
std::string allowed_values(FormerOffice) {
  return join_names(kFormerOfficeNames);
}
std::string allowed_values(RegionLevel) {
  return join_names(kRegionLevelNames);
}
std::string allowed_values(PairingKind) {
  return join_names(kPairingKindNames);
}

}  // namespace aidmatch
