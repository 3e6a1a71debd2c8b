// The naive reference evaluator: conditions, tables and terms evaluated by
// walking the policy's JSON for each pair, with every attribute computed
// by name straight from the model.
#include "aidmatch/rules/naive_evaluator.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "aidmatch/core/error.hpp"
#include "policy_detail.hpp"

namespace aidmatch {

namespace {

using nlohmann::json;

// The date `years` years after `start`, or the last day of the month when
// that day does not exist (29 February in a common year).
Date years_after(Date start, int years) {
  const std::string text = start.to_string();
  const int year = std::stoi(text.substr(0, 4)) + years;
  const unsigned month = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  unsigned day = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  while (true) {
    try {
      return Date::from_ymd(year, month, day);
    } catch (const std::invalid_argument&) {
      --day;
    }
  }
}

// Years from `from` to `to`, counted by stepping one anniversary at a time.
double years_between(Date from, Date to) {
  if (to < from) return -years_between(to, from);
  int whole = 0;
  while (years_after(from, whole + 1) <= to) ++whole;
  const Date last = years_after(from, whole);
  const Date next = years_after(from, whole + 1);
  return whole + static_cast<double>(to.days() - last.days()) /
                     static_cast<double>(next.days() - last.days());
}

// An attribute's value in the JSON terms a condition compares it with.
struct Value {
  enum class Kind { kBool, kNumber, kText, kTags };
  Kind kind = Kind::kBool;
  bool flag = false;
  double number = 0.0;
  std::string text;
  std::vector<std::string> tags;

  static Value of_bool(bool b) { return {Kind::kBool, b, 0.0, {}, {}}; }
  static Value of_number(double n) { return {Kind::kNumber, false, n, {}, {}}; }
  static Value of_text(std::string_view t) {
    return {Kind::kText, false, 0.0, std::string(t), {}};
  }
  static Value of_tags(std::vector<std::string> t) {
    return {Kind::kTags, false, 0.0, {}, std::move(t)};
  }
};

class Walker {
 public:
  Walker(const json& document, const Dataset& data, const Matter& matter,
         const Admission& admission)
      : document_(document),
        data_(data),
        matter_(matter),
        admission_(admission),
        provider_(data.providers[admission.provider]) {}

  bool condition(const json& node) const;
  double term(const json& spec) const;
  double table(const std::string& id) const;

 private:
  Value attribute(const std::string& name) const;
  std::optional<Value> matter_attribute(const std::string& name) const;
  Value pair_attribute(const std::string& name) const;
  bool satisfies(const Value& value, const json& spec) const;
  bool equals(const Value& value, const json& operand) const;
  std::string region_code(RegionIndex region) const {
    return region == kNoRegion ? std::string() : data_.regions.region(region).code;
  }
  std::vector<std::string> tags_of(RegionIndex region) const {
    std::vector<std::string> names;
    for (const RegionTag& tag : data_.regions.region(region).tags) {
      if (tag.valid.contains(matter_.date)) names.push_back(tag.name);
    }
    return names;
  }

  const json& document_;
  const Dataset& data_;
  const Matter& matter_;
  const Admission& admission_;
  const Provider& provider_;
};

// A matter-side attribute, or nullopt for any other name.
std::optional<Value> Walker::matter_attribute(const std::string& name) const {
  const Matter& m = matter_;
  const RegionGraph& regions = data_.regions;
  if (name == "kind") return Value::of_text(to_string(m.kind));
  if (name == "category") return Value::of_text(to_string(m.category));
  if (name == "minor") return Value::of_bool(m.minor);
  if (name == "disability") return Value::of_bool(m.disability);
  if (name == "life_or_death") return Value::of_bool(m.life_or_death);
  if (name == "difficulty") return Value::of_number(m.difficulty);
  if (name == "language") return Value::of_text(m.language);
  if (name == "needs_language") return Value::of_bool(!m.language.empty());
  if (name == "specialty") return Value::of_text(m.specialty);
  if (name == "needs_specialty") return Value::of_bool(!m.specialty.empty());

  if (name == "preferred_gender") {
    return Value::of_text(to_string(m.preferred_gender));
  }
  if (name == "in_case_group") return Value::of_bool(!m.case_group.empty());
  if (name == "cross_region") {
    return Value::of_bool(m.assigning_region != m.serving_region);
  }
  if (name == "cross_city") {
    return Value::of_bool(regions.city_of(m.assigning) !=
                          regions.city_of(m.serving));
  }

  if (name == "serving_region") return Value::of_text(m.serving_region);
  if (name == "serving_city") {
    return Value::of_text(region_code(regions.city_of(m.serving)));
  }
  if (name == "assigning_region") return Value::of_text(m.assigning_region);
  if (name == "assigning_city") {
    return Value::of_text(region_code(regions.city_of(m.assigning)));
  }
  if (name == "serving_tags") {
    return Value::of_tags(tags_of(m.serving));
  }

  if (name == "late") {
    const json days = document_.value("deadline_days", json(3));
    return Value::of_bool(m.notified.has_value() &&
                          m.date.days() - m.notified->days() >
                              days.get<int>());
  }
  if (name == "has_chosen_provider") {
    return Value::of_bool(!m.chosen_provider.empty());
  }
  return std::nullopt;
}

// A pair-side attribute; throws std::logic_error for an unknown name.
Value Walker::pair_attribute(const std::string& name) const {
  const Matter& m = matter_;
  const Provider& p = provider_;
  const RegionGraph& regions = data_.regions;
  if (name == "provider_kind") return Value::of_text(to_string(p.kind));
  if (name == "volunteer_type") {
    return Value::of_text(to_string(p.volunteer_type));
  }
  if (name == "practice_years") return Value::of_number(p.practice_years);
  if (name == "criminal_defence_years") {
    return Value::of_number(p.criminal_defence_years);
  }
  if (name == "minors_familiar") return Value::of_bool(p.minors_familiar);
  if (name == "gender") return Value::of_text(to_string(p.gender));
  if (name == "capacity") return Value::of_number(p.capacity);
  if (name == "current_load") return Value::of_number(p.current_load);
  if (name == "rating") return Value::of_number(p.rating);

  if (name == "speaks_language") {
    return Value::of_bool(!m.language.empty() &&
                          std::find(p.languages.begin(), p.languages.end(),
                                    m.language) != p.languages.end());
  }
  if (name == "has_specialty") {
    return Value::of_bool(!m.specialty.empty() &&
                          std::find(p.specialties.begin(),
                                    p.specialties.end(),
                                    m.specialty) != p.specialties.end());
  }
  if (name == "conflicted") {
    const auto& ids = m.conflicts;
    return Value::of_bool(
        std::find(ids.begin(), ids.end(), p.id) != ids.end() ||
        (!p.firm_id.empty() &&
         std::find(ids.begin(), ids.end(), p.firm_id) != ids.end()));
  }
  if (name == "complained_against") {
    return Value::of_bool(std::find(m.complaints.begin(), m.complaints.end(),
                                    p.id) != m.complaints.end());
  }

  if (name == "former_office") {
    return Value::of_text(to_string(p.former_office));
  }
  if (name == "years_since_leaving_office") {
    if (p.former_office == FormerOffice::kNone || !p.left_office) {
      return Value::of_number(kNeverInOffice);
    }
    return Value::of_number(years_between(*p.left_office, m.date));
  }
  if (name == "mode") return Value::of_text(to_string(admission_.mode));
  if (name == "pairing_kind") {
    return Value::of_text(
        admission_.pairing < 0
            ? std::string_view("none")
            : to_string(data_.pairings[admission_.pairing].kind));
  }

  if (name == "home_region") return Value::of_text(p.home_region);
  if (name == "home_city") {
    return Value::of_text(region_code(regions.city_of(p.home)));
  }
  if (name == "home_tags") {
    return Value::of_tags(tags_of(p.home));
  }
  if (name == "same_city") {
    return Value::of_bool(regions.city_of(p.home) ==
                          regions.city_of(m.serving));
  }
  if (name == "same_county") {
    return Value::of_bool(p.home_region == m.serving_region);
  }
  if (name == "distance_km") {
    return Value::of_number(regions.distance_km(p.home, m.serving));
  }
  if (name == "chosen_by_recipient") {
    return Value::of_bool(m.chosen_provider == p.id);
  }
  throw std::logic_error("NaiveEvaluator: no attribute " + name);
}

Value Walker::attribute(const std::string& name) const {
  if (auto value = matter_attribute(name)) return *value;
  return pair_attribute(name);
}

bool Walker::equals(const Value& value, const json& operand) const {
  switch (value.kind) {
    case Value::Kind::kBool: return operand.get<bool>() == value.flag;
    case Value::Kind::kNumber: return operand.get<double>() == value.number;
    case Value::Kind::kText: return operand.get<std::string>() == value.text;
    case Value::Kind::kTags: break;
  }
  return false;
}

// One attribute's constraint, in any of the three forms of the file.
bool Walker::satisfies(const Value& value, const json& spec) const {
  auto any_equal = [&](const json& list) {
    return std::any_of(list.begin(), list.end(),
                       [&](const json& v) { return equals(value, v); });
  };
  if (spec.is_array()) return any_equal(spec);
  if (!spec.is_object()) return equals(value, spec);
  const std::string& op = spec.begin().key();
  const json& operand = spec.begin().value();
  if (op == "eq") return equals(value, operand);
  if (op == "ne") return !equals(value, operand);
  if (op == "in") return any_equal(operand);
  if (op == "not_in") return !any_equal(operand);
  if (op == "has") {
    return std::find(value.tags.begin(), value.tags.end(),
                     operand.get<std::string>()) != value.tags.end();
  }
  const double bound = operand.get<double>();
  if (op == ">=") return value.number >= bound;
  if (op == ">") return value.number > bound;
  if (op == "<=") return value.number <= bound;
  if (op == "<") return value.number < bound;
  throw std::logic_error("NaiveEvaluator: no operator " + op);
}

bool Walker::condition(const json& node) const {
  if (node.contains("all")) {
    const json& parts = node["all"];
    return std::all_of(parts.begin(), parts.end(),
                       [&](const json& c) { return condition(c); });
  }
  if (node.contains("any")) {
    const json& parts = node["any"];
    return std::any_of(parts.begin(), parts.end(),
                       [&](const json& c) { return condition(c); });
  }
  if (node.contains("not")) return !condition(node["not"]);
  for (const auto& [name, spec] : node.items()) {
    if (!satisfies(attribute(name), spec)) return false;
  }
  return true;
}

double Walker::table(const std::string& id) const {
  const json* found = nullptr;
  for (const json& candidate : document_["tables"]) {
    if (candidate["id"] == id) found = &candidate;
  }
  const json& spec = *found;
  const std::string hit = spec["hit_policy"].get<std::string>();
  auto row_value = [&](const json& row) {
    const json& value = row["value"];
    return value.is_object() ? table(value["table"].get<std::string>())
                             : value.get<double>();
  };
  double sum = 0.0;
  int matches = 0;
  const json* first_match = nullptr;
  for (const json& row : spec["rows"]) {
    if (row.contains("when") && !condition(row["when"])) continue;
    if (hit == "first") return row_value(row);
    if (hit == "unique" && matches == 1) {
      throw InputError("table " + id + ": two rows match matter " +
                       matter_.id + " with provider " + provider_.id +
                       "; expected at most one under hit policy unique");
    }
    if (first_match == nullptr) first_match = &row;
    sum += row_value(row);
    ++matches;
  }
  if (matches == 0) return spec.value("default", 0.0);
  return hit == "unique" ? row_value(*first_match) : sum;
}

double Walker::term(const json& spec) const {
  if (spec.contains("table")) return table(spec["table"].get<std::string>());
  const std::string name = spec["term"].get<std::string>();
  const Matter& m = matter_;
  const Provider& p = provider_;
  if (name == "specialty") return attribute("has_specialty").flag ? 1.0 : 0.0;
  if (name == "language") return attribute("speaks_language").flag ? 1.0 : 0.0;
  if (name == "experience") {
    const double per = spec.value("years_per_difficulty", 2.0);
    return std::min(1.0, p.practice_years / (m.difficulty * per));
  }
  if (name == "gender") {
    return m.preferred_gender != Gender::kUnspecified &&
                   m.preferred_gender == p.gender
               ? 1.0
               : 0.0;
  }
  if (name == "distance") {
    return -attribute("distance_km").number / spec.value("scale_km", 100.0);
  }
  if (name == "pairing") return admission_.pairing >= 0 ? 1.0 : 0.0;
  if (name == "resource_short") {
    const std::string tag = spec.value("tag", std::string("resource_short"));
    const auto tags = tags_of(m.serving);
    return std::find(tags.begin(), tags.end(), tag) != tags.end() ? 1.0 : 0.0;
  }
  if (name == "workload") return -p.current_load / spec.value("scale", 10.0);
  if (name == "rating") return p.rating / 5.0;
  throw std::logic_error("NaiveEvaluator: no term " + name);
}

}  // namespace

int NaiveEvaluator::first_failed_rule(const Dataset& data,
                                      const Matter& matter,
                                      const Admission& admission) const {
  const json& document = policy_.compiled_->document;
  const Walker walker(document, data, matter, admission);
  const json& rules = document["rules"];
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (!policy_.rules()[r].enabled) continue;
    const json& rule = rules[r];
    if (rule.contains("when") && !walker.condition(rule["when"])) continue;
    if (!walker.condition(rule["require"])) return static_cast<int>(r);
  }
  return -1;
}

ScoreBreakdown NaiveEvaluator::score(const Dataset& data, const Matter& matter,
                                     const Admission& admission) const {
  const json& document = policy_.compiled_->document;
  const Walker walker(document, data, matter, admission);
  const json& scores = document["scores"];
  ScoreBreakdown score;
  for (std::size_t t = 0; t < scores.size(); ++t) {
    score.terms.push_back(walker.term(scores[t]));
  }
  for (std::size_t t = 0; t < scores.size(); ++t) {
    const double weight = policy_.terms()[t].weight;
    if (weight != 0.0) score.total += weight * score.terms[t];
  }
  return score;
}

}  // namespace aidmatch
