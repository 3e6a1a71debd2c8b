// Calendar dates as whole days, parsed from and printed as ISO 8601
// (YYYY-MM-DD). Validity ranges in the model are closed intervals of dates.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aidmatch {

// A proleptic Gregorian date stored as days since 1970-01-01.
class Date {
 public:
  constexpr Date() = default;
  static constexpr Date from_days(std::int32_t days) {
    Date date;
    date.days_ = days;
    return date;
  }
  // Builds a date from its parts; throws std::invalid_argument when the
  // parts do not name a real day (for example 2025-02-30).
  static Date from_ymd(int year, unsigned month, unsigned day);

  // Parses exactly "YYYY-MM-DD". Returns nullopt for any other text.
  static std::optional<Date> parse(std::string_view text);

  constexpr std::int32_t days() const { return days_; }
  std::string to_string() const;

  constexpr auto operator<=>(const Date&) const = default;
  constexpr Date operator+(std::int32_t days) const {
    return from_days(days_ + days);
  }

 private:
  std::int32_t days_ = 0;
};

// A closed interval [from, to] of dates; either end may be open.
struct DateRange {
  std::optional<Date> from;
  std::optional<Date> to;

  bool contains(Date date) const {
    return (!from || *from <= date) && (!to || date <= *to);
  }
};

}  // namespace aidmatch
