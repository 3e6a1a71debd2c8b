// Seeded synthetic providers, pools, pairings and matters.
#include "aidmatch/synth/synthetic.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace aidmatch::synth {

namespace {

// SplitMix64 (Steele, Lea and Flood, 2014): a fixed, portable sequence, so
// the same seed gives the same data everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  // Uniform integer in [low, high].
  std::int64_t between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(
                     uniform() * static_cast<double>(high - low + 1));
  }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(
        between(0, static_cast<std::int64_t>(items.size()) - 1))];
  }
  // Index drawn with probability proportional to its weight.
  std::size_t weighted(const std::vector<double>& weights) {
    double total = 0.0;
    for (double w : weights) total += w;
    double target = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (target < weights[i]) return i;
      target -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  std::uint64_t state_;
};

std::string padded(char prefix, std::int64_t number, int width) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%c%0*lld", prefix, width,
                static_cast<long long>(number));
  return buffer;
}

std::string one_decimal(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// Relative number of lawyers practising in each city (synthetic, shaped by
// the size of each city's economy).
double city_lawyer_weight(const std::string& city_code) {
  static const std::map<std::string, double> weights{
      {"330100", 4.0}, {"330200", 3.0}, {"330300", 2.5}, {"330400", 1.5},
      {"330500", 1.2}, {"330600", 1.5}, {"330700", 1.5}, {"330800", 0.6},
      {"330900", 0.6}, {"331000", 1.5}, {"331100", 0.6}};
  const auto it = weights.find(city_code);
  return it == weights.end() ? 1.0 : it->second;
}

// The Wu or other local dialect most spoken in each city (synthetic labels).
std::string city_dialect(const std::string& city_code) {
  static const std::map<std::string, std::string> dialects{
      {"330100", "hangzhou_dialect"}, {"330200", "ningbo_dialect"},
      {"330300", "wenzhou_dialect"},  {"330400", "jiaxing_dialect"},
      {"330500", "huzhou_dialect"},   {"330600", "shaoxing_dialect"},
      {"330700", "jinhua_dialect"},   {"330800", "quzhou_dialect"},
      {"330900", "zhoushan_dialect"}, {"331000", "taizhou_dialect"},
      {"331100", "lishui_dialect"}};
  const auto it = dialects.find(city_code);
  return it == dialects.end() ? "" : it->second;
}

// 景宁畲族自治县, where some recipients speak the She language.
constexpr const char* kSheCounty = "331127";

const std::vector<std::string> kCivilSpecialties{"civil", "labour", "family",
                                                 "traffic", "contract"};
const std::vector<std::string> kAllSpecialties{
    "criminal", "civil",    "labour",         "family",
    "traffic",  "contract", "administrative", "juvenile"};

struct LawyerRecord {
  std::string id;
  RegionIndex home;
  std::string firm;
  double practice_years;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += out.empty() ? "" : ";";
    out += item;
  }
  return out;
}

class Generator {
 public:
  Generator(const RegionGraph& regions, const SyntheticOptions& options)
      : regions_(regions), options_(options), random_(options.seed) {
    for (std::size_t r = 0; r < regions.size(); ++r) {
      const auto index = static_cast<RegionIndex>(r);
      if (!is_county_level(regions.region(index).level)) continue;
      counties_.push_back(index);
      if (regions.has_tag(index, "resource_short", options.last_date)) {
        short_counties_.push_back(index);
      } else {
        developed_counties_.push_back(index);
      }
    }
    if (counties_.empty()) {
      throw std::invalid_argument(
          "the regions contain no county-level division to generate data for");
    }
    if (short_counties_.empty()) short_counties_ = counties_;
    if (developed_counties_.empty()) developed_counties_ = counties_;
  }

  SyntheticTables run() {
    SyntheticTables tables;
    make_providers(tables.providers);
    make_pools(tables.pools);
    make_pairings(tables.pairings);
    make_matters(tables.matters);
    return tables;
  }

 private:
  const std::string& code(RegionIndex r) const {
    return regions_.region(r).code;
  }
  std::string city_code(RegionIndex r) const {
    const RegionIndex city = regions_.city_of(r);
    return city == kNoRegion ? code(r) : code(city);
  }
  bool is_short(RegionIndex r) const {
    return std::find(short_counties_.begin(), short_counties_.end(), r) !=
           short_counties_.end();
  }
  std::vector<RegionIndex> counties_in_city(RegionIndex county) const {
    std::vector<RegionIndex> out;
    const RegionIndex city = regions_.city_of(county);
    for (RegionIndex c : counties_) {
      if (regions_.city_of(c) == city) out.push_back(c);
    }
    return out;
  }

  void make_providers(std::string& out) {
    std::ostringstream csv;
    csv << "id,kind,name,firm_id,home_region,gender,practice_years,"
           "criminal_defence_years,specialties,languages,minors_familiar,"
           "volunteer_type,capacity,current_load,rating\n";

    // Lawyers per county, then firms of about eight lawyers each.
    std::vector<double> weights;
    for (RegionIndex c : counties_) {
      const RegionLevel level = regions_.region(c).level;
      double w = city_lawyer_weight(city_code(c));
      w *= level == RegionLevel::kDistrict     ? 1.5
           : level == RegionLevel::kCountyCity ? 1.0
                                               : 0.6;
      if (is_short(c)) w *= 0.4;
      weights.push_back(w);
    }
    std::map<RegionIndex, std::int32_t> lawyers_in;
    std::vector<RegionIndex> lawyer_home;
    for (std::int32_t i = 0; i < options_.lawyers; ++i) {
      const RegionIndex home = counties_[random_.weighted(weights)];
      lawyer_home.push_back(home);
      ++lawyers_in[home];
    }
    std::sort(lawyer_home.begin(), lawyer_home.end());

    std::int64_t firm_number = 0;
    for (const auto& [county, count] : lawyers_in) {
      const std::int32_t firms = std::max(1, count / 8);
      for (std::int32_t f = 0; f < firms; ++f) {
        const std::string id = padded('F', ++firm_number, 4);
        firms_of_[county].push_back(id);
        all_firms_.push_back({id, county});
        csv << id << ",firm,Synthetic Firm " << firm_number << ",,"
            << code(county) << ",,,,,,,,,,\n";
      }
    }

    for (std::int32_t i = 0; i < options_.lawyers; ++i) {
      const RegionIndex home = lawyer_home[static_cast<std::size_t>(i)];
      LawyerRecord lawyer{padded('L', i + 1, 5), home,
                          random_.pick(firms_of_[home]),
                          static_cast<double>(random_.between(1, 30))};
      const bool criminal = random_.chance(0.5);
      const double defence =
          criminal ? std::floor(lawyer.practice_years * random_.uniform()) : 0;
      std::vector<std::string> specialties;
      if (criminal) specialties.push_back("criminal");
      const auto extra = random_.between(1, 2);
      for (std::int64_t s = 0; s < extra; ++s) {
        const std::string& pick = random_.pick(kAllSpecialties);
        if (std::find(specialties.begin(), specialties.end(), pick) ==
            specialties.end()) {
          specialties.push_back(pick);
        }
      }
      const bool juvenile = std::find(specialties.begin(), specialties.end(),
                                      "juvenile") != specialties.end();
      std::vector<std::string> languages{"mandarin"};
      if (random_.chance(0.7)) languages.push_back(city_dialect(city_code(home)));
      if (code(home) == kSheCounty && random_.chance(0.3)) {
        languages.push_back("she");
      }
      csv << lawyer.id << ",lawyer,Synthetic Lawyer " << i + 1 << ","
          << lawyer.firm << "," << code(home) << ","
          << (random_.chance(0.5) ? "female" : "male") << ","
          << one_decimal(lawyer.practice_years) << "," << one_decimal(defence)
          << "," << join(specialties) << "," << join(languages) << ","
          << (juvenile || random_.chance(0.12) ? "true" : "false") << ",,"
          << random_.between(1, 3) << "," << random_.between(0, 8) << ","
          << one_decimal(3.0 + 2.0 * random_.uniform()) << "\n";
      lawyers_.push_back(lawyer);
    }

    // Volunteers live where universities and lawyers are: the same weights.
    for (std::int32_t i = 0; i < options_.volunteers; ++i) {
      const RegionIndex home = counties_[random_.weighted(weights)];
      const bool university = random_.chance(0.4);
      const std::string id = padded('V', i + 1, 4);
      volunteers_.push_back({id, home});
      csv << id << ",volunteer,Synthetic Volunteer " << i + 1 << ",,"
          << code(home) << "," << (random_.chance(0.5) ? "female" : "male")
          << ",0.0,0.0,,mandarin;" << city_dialect(city_code(home)) << ","
          << (random_.chance(0.2) ? "true" : "false") << ","
          << (university ? "university" : "community") << ","
          << random_.between(1, 2) << ",0,"
          << one_decimal(3.0 + 2.0 * random_.uniform()) << "\n";
    }
    out = csv.str();
  }

  void make_pools(std::string& out) {
    std::ostringstream csv;
    csv << "pool,provider_id,served_regions,service_types,status\n";
    const std::string province = code(regions_.self_and_ancestors(counties_[0]).back());
    for (const LawyerRecord& lawyer : lawyers_) {
      if (random_.chance(0.85)) {
        std::vector<std::string> served{code(lawyer.home)};
        std::vector<RegionIndex> same_city = counties_in_city(lawyer.home);
        const auto extra = random_.between(0, 2);
        for (std::int64_t k = 0; k < extra; ++k) {
          const std::string& other = code(random_.pick(same_city));
          if (std::find(served.begin(), served.end(), other) == served.end()) {
            served.push_back(other);
          }
        }
        std::string kinds = "assigned_case;duty_shift;difficult_case;"
                            "quality_evaluation";
        if (random_.chance(0.3)) kinds += ";volunteer_activity;other";
        csv << city_code(lawyer.home) << "," << lawyer.id << ","
            << join(served) << "," << kinds << ","
            << (random_.chance(0.03) ? "suspended" : "active") << "\n";
      }
      if (!is_short(lawyer.home) && lawyer.practice_years >= 5 &&
          random_.chance(0.12)) {
        std::vector<std::string> served;
        const auto count = random_.between(2, 5);
        for (std::int64_t k = 0; k < count; ++k) {
          const std::string& target = code(random_.pick(short_counties_));
          if (std::find(served.begin(), served.end(), target) == served.end()) {
            served.push_back(target);
          }
        }
        csv << province << "," << lawyer.id << "," << join(served)
            << ",assigned_case;difficult_case;quality_evaluation,active\n";
      }
    }
    for (const auto& [id, home] : volunteers_) {
      csv << city_code(home) << "," << id << "," << city_code(home)
          << ",volunteer_activity;other,active\n";
    }
    // A tenth of firms join a city pool as a whole for assigned cases.
    for (const auto& [id, home] : all_firms_) {
      if (random_.chance(0.1)) {
        csv << city_code(home) << "," << id << "," << code(home)
            << ",assigned_case,active\n";
      }
    }
    out = csv.str();
  }

  void make_pairings(std::string& out) {
    std::ostringstream csv;
    csv << "id,kind,provider_side,served_region,valid_from,valid_to,"
           "service_types,source\n";
    std::vector<RegionIndex> rich;
    for (RegionIndex c : developed_counties_) {
      const std::string city = city_code(c);
      if ((city == "330100" || city == "330200") &&
          regions_.region(c).level == RegionLevel::kDistrict) {
        rich.push_back(c);
      }
    }
    if (rich.empty()) rich = developed_counties_;
    for (int i = 1; i <= 6; ++i) {
      csv << padded('T', i, 3) << ",twinning," << code(random_.pick(rich))
          << "," << code(random_.pick(short_counties_))
          << ",2024-06-01,2026-12-31,assigned_case;duty_shift,synthetic\n";
    }
    std::vector<std::pair<std::string, RegionIndex>> rich_firms;
    for (const auto& firm : all_firms_) {
      if (!is_short(firm.second)) rich_firms.push_back(firm);
    }
    if (rich_firms.empty()) rich_firms = all_firms_;
    if (rich_firms.empty()) {
      out = csv.str();
      return;
    }
    for (int i = 1; i <= 10; ++i) {
      csv << padded('A', i, 3) << ",agreement," << random_.pick(rich_firms).first
          << "," << code(random_.pick(short_counties_))
          << ",2025-01-01,2025-12-31,assigned_case;difficult_case,synthetic\n";
    }
    // An agreement that ends inside the matter dates, so that later
    // matters no longer see it.
    csv << "A011,agreement," << random_.pick(rich_firms).first << ","
        << code(random_.pick(short_counties_))
        << ",2024-06-01,2025-05-31,assigned_case,synthetic\n";
    for (int i = 1; i <= 3; ++i) {
      const std::string city = city_code(random_.pick(short_counties_));
      csv << padded('P', i, 3) << ",project," << random_.pick(rich_firms).first
          << "," << city
          << ",2025-01-01,2025-12-31,quality_evaluation;difficult_case,"
             "synthetic\n";
    }
    // Volunteer lawyers serve one county for a year.
    for (int i = 1; i <= 40 && !lawyers_.empty(); ++i) {
      const LawyerRecord& lawyer = random_.pick(lawyers_);
      csv << padded('W', i, 3) << ",volunteer_action," << lawyer.id << ","
          << code(random_.pick(short_counties_))
          << ",2025-03-01,2026-02-28,,synthetic\n";
    }
    out = csv.str();
  }

  void write_matter(std::ostringstream& csv, std::int64_t number,
                    RegionIndex county, Date date, MatterKind kind,
                    LegalCategory category, const std::string& group) {
    std::string specialty;
    if (category == LegalCategory::kCriminal) specialty = "criminal";
    if (category == LegalCategory::kCivil) specialty = random_.pick(kCivilSpecialties);
    if (category == LegalCategory::kAdministrative) specialty = "administrative";
    if (kind == MatterKind::kDutyShift) specialty = "criminal";
    const double u = random_.uniform();
    std::int64_t difficulty = 1 + static_cast<std::int64_t>(u * u * 5.0);
    if (kind == MatterKind::kDifficultCase) difficulty = random_.between(4, 5);
    const bool is_case = kind == MatterKind::kAssignedCase;
    const bool minor = is_case && random_.chance(0.08);
    const bool life_or_death = is_case &&
                               category == LegalCategory::kCriminal &&
                               random_.chance(0.04);
    if (life_or_death) difficulty = std::max<std::int64_t>(difficulty, 4);
    std::string language;
    if (code(county) == kSheCounty && random_.chance(0.15)) {
      language = "she";
    } else if (random_.chance(0.1)) {
      language = city_dialect(city_code(county));
    }
    const double g = random_.uniform();
    const char* gender = "";
    if (g < 0.08) {
      gender = "female";
    } else if (g < 0.10) {
      gender = "male";
    }
    std::string conflicts;
    if (random_.chance(0.02) && !firms_of_[county].empty()) {
      conflicts = random_.pick(firms_of_[county]);
    }
    const std::string assigning =
        random_.chance(0.05) ? city_code(county) : code(county);
    csv << padded('M', number, 5) << "," << to_string(kind) << ","
        << to_string(category) << "," << assigning << "," << code(county)
        << "," << date.to_string() << "," << difficulty << "," << specialty
        << "," << (minor ? "true" : "false") << ","
        << (random_.chance(0.05) ? "true" : "false") << "," << language << ","
        << gender << "," << (life_or_death ? "true" : "false") << "," << group
        << "," << conflicts << "\n";
  }

  void make_matters(std::string& out) {
    std::ostringstream csv;
    csv << "id,kind,category,assigning_region,serving_region,date,difficulty,"
           "specialty,minor,disability,language,preferred_gender,"
           "life_or_death,case_group,conflicts\n";
    std::vector<double> weights;
    for (RegionIndex c : counties_) {
      const RegionLevel level = regions_.region(c).level;
      double w = level == RegionLevel::kDistrict     ? 1.2
                 : level == RegionLevel::kCountyCity ? 1.0
                                                     : 0.8;
      if (is_short(c)) w *= 1.3;
      weights.push_back(w);
    }
    // assigned_case, duty_shift, volunteer_activity, quality_evaluation,
    // difficult_case, other
    const std::vector<double> kind_weights{70, 12, 8, 4, 3, 3};
    const std::int32_t span =
        options_.last_date.days() - options_.first_date.days();
    std::int64_t number = 0;
    std::int64_t groups = 0;
    while (number < options_.matters) {
      const RegionIndex county = counties_[random_.weighted(weights)];
      const Date date = options_.first_date +
                        static_cast<std::int32_t>(random_.between(0, span));
      const auto kind = static_cast<MatterKind>(random_.weighted(kind_weights));
      LegalCategory category = LegalCategory::kNone;
      if (kind == MatterKind::kAssignedCase ||
          kind == MatterKind::kDifficultCase ||
          kind == MatterKind::kQualityEvaluation) {
        const double c = random_.uniform();
        category = c < 0.45   ? LegalCategory::kCriminal
                   : c < 0.90 ? LegalCategory::kCivil
                              : LegalCategory::kAdministrative;
      }
      // Some criminal cases have co-defendants, each a matter of its own.
      std::int64_t defendants = 1;
      std::string group;
      if (kind == MatterKind::kAssignedCase &&
          category == LegalCategory::kCriminal && random_.chance(0.06)) {
        defendants = random_.between(2, 3);
        group = padded('G', ++groups, 4);
      }
      for (std::int64_t d = 0; d < defendants && number < options_.matters;
           ++d) {
        write_matter(csv, ++number, county, date, kind, category, group);
      }
    }
    out = csv.str();
  }

  const RegionGraph& regions_;
  const SyntheticOptions& options_;
  Random random_;
  std::vector<RegionIndex> counties_;
  std::vector<RegionIndex> short_counties_;
  std::vector<RegionIndex> developed_counties_;
  std::map<RegionIndex, std::vector<std::string>> firms_of_;
  std::vector<std::pair<std::string, RegionIndex>> all_firms_;
  std::vector<LawyerRecord> lawyers_;
  std::vector<std::pair<std::string, RegionIndex>> volunteers_;
};

}  // namespace

SyntheticTables generate(const RegionGraph& regions,
                         const SyntheticOptions& options) {
  if (options.lawyers < 0 || options.volunteers < 0 || options.matters < 0) {
    throw std::invalid_argument(
        "synthetic counts must be non-negative; got lawyers " +
        std::to_string(options.lawyers) + ", volunteers " +
        std::to_string(options.volunteers) + ", matters " +
        std::to_string(options.matters));
  }
  if (options.last_date < options.first_date) {
    throw std::invalid_argument("the last matter date " +
                                options.last_date.to_string() +
                                " precedes the first " +
                                options.first_date.to_string());
  }
  return Generator(regions, options).run();
}

}  // namespace aidmatch::synth
