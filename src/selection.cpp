// Rotation and random draw over eligible candidates.
#include "aidmatch/dispatch/selection.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "aidmatch/core/error.hpp"
#include "aidmatch/io/table.hpp"
#include "json_input.hpp"

namespace aidmatch {

namespace {

constexpr std::string_view kStateFormat = "aidmatch-selection-state/1";
// A state file nests two levels: the document and its cursors.
constexpr int kMaxStateNesting = 8;

// The providers already serving each case group.
class GroupGuard {
 public:
  bool allows(std::int32_t group, ProviderIndex provider) const {
    return group < 0 || used_.count({group, provider}) == 0;
  }
  void take(std::int32_t group, ProviderIndex provider) {
    if (group >= 0) used_.insert({group, provider});
  }

 private:
  std::set<std::pair<std::int32_t, ProviderIndex>> used_;
};

// SplitMix64 (Steele, Lea and Flood, 2014).
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound) by rejection, so that no value is favoured.
  std::uint64_t below(std::uint64_t bound) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t value = next();
    while (value >= limit) value = next();
    return value % bound;
  }

 private:
  std::uint64_t state_;
};

// The first id in `ids` (sorted, distinct) after `cursor`, wrapping
// around, among those `usable` accepts; `ids.size()` when none.
template <typename Usable>
std::size_t next_after(const std::vector<std::string>& ids,
                       const std::string* cursor, Usable usable) {
  const std::size_t n = ids.size();
  std::size_t start = 0;
  if (cursor != nullptr) {
    start = static_cast<std::size_t>(
        std::upper_bound(ids.begin(), ids.end(), *cursor) - ids.begin());
  }
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = (start + k) % n;
    if (usable(i)) return i;
  }
  return n;
}

const std::string* find_cursor(const SelectionState& state,
                               const std::string& key) {
  const auto it = state.cursors.find(key);
  return it == state.cursors.end() ? nullptr : &it->second;
}

}  // namespace

SelectionState SelectionState::parse(std::string_view json_text,
                                      std::string_view source) {
  const std::string name(source);
  nlohmann::json document;
  try {
    document = detail::parse_json_input(json_text, name, kMaxStateNesting);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(name + ": not valid JSON (" + e.what() +
                     "); restore the file or delete it to start afresh");
  }
  if (!document.is_object()) {
    throw InputError(name + ": expected a JSON object");
  }
  SelectionState state;
  for (const auto& [key, value] : document.items()) {
    if (key == "format") {
      if (!value.is_string() || value.get<std::string>() != kStateFormat) {
        throw InputError(name + ": format: expected \"" +
                         std::string(kStateFormat) + "\", found " +
                         message_excerpt(value.dump()));
      }
    } else if (key == "draws") {
      // 2^53 keeps the count exact in any JSON reader and far from the
      // wrap of the increment after each draw.
      constexpr std::uint64_t kMaxDraws = std::uint64_t{1} << 53;
      if (!value.is_number_unsigned() ||
          value.get<std::uint64_t>() > kMaxDraws) {
        throw InputError(name + ": draws: expected a whole number from 0 to " +
                         std::to_string(kMaxDraws) + ", found " +
                         message_excerpt(value.dump()));
      }
      state.draws = value.get<std::uint64_t>();
    } else if (key == "cursors") {
      if (!value.is_object()) {
        throw InputError(name + ": cursors: expected an object of ids, "
                                "found " + message_excerpt(value.dump()));
      }
      for (const auto& [cursor_key, id] : value.items()) {
        if (!id.is_string()) {
          throw InputError(name + ": cursors." + cursor_key +
                           ": expected an id as text, found " +
                           message_excerpt(id.dump()));
        }
        state.cursors[cursor_key] = id.get<std::string>();
      }
    } else {
      throw InputError(name + ": " + key +
                       ": unknown key; expected format, cursors or draws");
    }
  }
  return state;
}

std::string SelectionState::to_json() const {
  nlohmann::json document = {{"format", kStateFormat},
                             {"draws", draws},
                             {"cursors", nlohmann::json::object()}};
  for (const auto& [key, id] : cursors) document["cursors"][key] = id;
  return document.dump(2) + "\n";
}

namespace {

// Throws InputError for a path that the file functions would misread: an
// empty path, or one that a NUL character would cut short.
void check_state_path(const std::string& path) {
  if (path.empty()) {
    throw InputError("the selection state path is empty; give a file name");
  }
  if (path.find('\0') != std::string::npos) {
    throw InputError("the selection state path \"" + message_excerpt(path) +
                     "\" contains a NUL character; give a plain file name");
  }
}

}  // namespace

SelectionState read_selection_state(const std::string& path) {
  check_state_path(path);
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return {};
  return SelectionState::parse(io::read_text_file(path), path);
}

void write_selection_state(const std::string& path,
                           const SelectionState& state) {
  check_state_path(path);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << state.to_json();
    out.flush();
    if (!out) {
      throw InputError("cannot write the selection state to " + temporary +
                       "; check that its directory exists and is writable");
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    throw InputError("cannot replace " + path + " with " + temporary + ": " +
                     error.message());
  }
}

std::vector<ProviderIndex> select_by_rotation(
    const Dataset& data, const std::vector<SelectionMatter>& matters,
    std::vector<std::int32_t>& capacity, bool by_firm, SelectionState& state) {
  std::vector<ProviderIndex> chosen(matters.size(), kNoProvider);
  GroupGuard groups;
  for (std::size_t m = 0; m < matters.size(); ++m) {
    const SelectionMatter& matter = matters[m];
    auto available = [&](ProviderIndex p) {
      return capacity[static_cast<std::size_t>(p)] > 0 &&
             groups.allows(matter.group, p);
    };
    // The rotation unit of each candidate: itself, or by firm its firm.
    auto unit_of = [&](ProviderIndex p) -> const std::string& {
      const Provider& provider = data.providers[p];
      if (by_firm && provider.firm != kNoProvider) {
        return data.providers[provider.firm].id;
      }
      return provider.id;
    };
    std::vector<std::string> units;
    for (ProviderIndex p : matter.candidates) units.push_back(unit_of(p));
    std::sort(units.begin(), units.end());
    units.erase(std::unique(units.begin(), units.end()), units.end());

    const std::string key = (by_firm ? "firm:" : "provider:") + matter.agency;
    const std::size_t unit = next_after(
        units, find_cursor(state, key), [&](std::size_t i) {
          return std::any_of(matter.candidates.begin(), matter.candidates.end(),
                             [&](ProviderIndex p) {
                               return unit_of(p) == units[i] && available(p);
                             });
        });
    if (unit == units.size()) continue;
    state.cursors[key] = units[unit];

    // Within the unit: the members in id order, after the unit's cursor.
    std::vector<std::pair<std::string, ProviderIndex>> members;
    for (ProviderIndex p : matter.candidates) {
      if (unit_of(p) == units[unit]) {
        members.emplace_back(data.providers[p].id, p);
      }
    }
    std::sort(members.begin(), members.end());
    ProviderIndex pick = members.front().second;
    if (by_firm) {
      std::vector<std::string> ids;
      for (const auto& member : members) ids.push_back(member.first);
      const std::string member_key = "member:" + units[unit];
      const std::size_t i = next_after(
          ids, find_cursor(state, member_key),
          [&](std::size_t k) { return available(members[k].second); });
      pick = members[i].second;
      state.cursors[member_key] = ids[i];
    } else {
      for (const auto& member : members) {
        if (available(member.second)) {
          pick = member.second;
          break;
        }
      }
    }
    chosen[m] = pick;
    --capacity[static_cast<std::size_t>(pick)];
    groups.take(matter.group, pick);
  }
  return chosen;
}

std::vector<ProviderIndex> select_by_draw(
    const Dataset& data, const std::vector<SelectionMatter>& matters,
    std::vector<std::int32_t>& capacity, std::uint64_t seed) {
  std::vector<ProviderIndex> chosen(matters.size(), kNoProvider);
  GroupGuard groups;
  SplitMix64 random(seed);
  std::vector<std::pair<std::string_view, ProviderIndex>> available;
  for (std::size_t m = 0; m < matters.size(); ++m) {
    const SelectionMatter& matter = matters[m];
    // Candidates in id order, so that the draw does not depend on the
    // order in which the caller listed them.
    available.clear();
    for (ProviderIndex p : matter.candidates) {
      if (capacity[static_cast<std::size_t>(p)] > 0 &&
          groups.allows(matter.group, p)) {
        available.emplace_back(data.providers[p].id, p);
      }
    }
    if (available.empty()) continue;
    std::sort(available.begin(), available.end());
    const ProviderIndex pick = available[random.below(available.size())].second;
    chosen[m] = pick;
    --capacity[static_cast<std::size_t>(pick)];
    groups.take(matter.group, pick);
  }
  return chosen;
}

}  // namespace aidmatch
