// Rotation and random draw: cursors, wrap-around, firms, capacities, case
// groups, determinism, and the state file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "aidmatch/aidmatch.hpp"
#include "aidmatch/dispatch/selection.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

// Firm F1 with lawyers L1 and L2, firm F2 with lawyer L3, volunteer V1.
Dataset four_providers() {
  return testing::tiny_dataset(
      "F1,firm,,,330102,,,,,,,,,,\n"
      "F2,firm,,,330102,,,,,,,,,,\n"
      "L1,lawyer,,F1,330102,,5,0,,,,,3,0,\n"
      "L2,lawyer,,F1,330102,,5,0,,,,,3,0,\n"
      "L3,lawyer,,F2,330102,,5,0,,,,,3,0,\n"
      "V1,volunteer,,,330102,,0,0,,,,community,3,0,\n",
      "");
}

std::vector<ProviderIndex> ids_to_index(const Dataset& data,
                                        std::initializer_list<const char*> ids) {
  std::vector<ProviderIndex> out;
  for (const char* id : ids) out.push_back(*data.providers.find(id));
  return out;
}

std::vector<std::string> names(const Dataset& data,
                               const std::vector<ProviderIndex>& chosen) {
  std::vector<std::string> out;
  for (ProviderIndex p : chosen) {
    out.push_back(p == kNoProvider ? "-" : data.providers[p].id);
  }
  return out;
}

std::vector<std::int32_t> capacities(const Dataset& data) {
  std::vector<std::int32_t> out;
  for (const Provider& p : data.providers.all()) out.push_back(p.capacity);
  return out;
}

std::vector<SelectionMatter> batch(const Dataset& data, int count,
                                   std::initializer_list<const char*> ids) {
  std::vector<SelectionMatter> matters;
  for (int m = 0; m < count; ++m) {
    matters.push_back({m, "330102", -1, ids_to_index(data, ids)});
  }
  return matters;
}

TEST(Rotation, ProvidersTakeTurnsAndWrap) {
  const Dataset data = four_providers();
  auto capacity = capacities(data);
  SelectionState state;
  const auto chosen = select_by_rotation(
      data, batch(data, 5, {"L3", "L1", "V1", "L2"}), capacity, false, state);
  EXPECT_EQ(names(data, chosen),
            (std::vector<std::string>{"L1", "L2", "L3", "V1", "L1"}));
  EXPECT_EQ(state.cursors.at("provider:330102"), "L1");
}

TEST(Rotation, CursorCarriesOverBatches) {
  const Dataset data = four_providers();
  auto capacity = capacities(data);
  SelectionState state;
  select_by_rotation(data, batch(data, 2, {"L1", "L2", "L3"}), capacity, false,
                     state);
  const SelectionState reread = SelectionState::parse(state.to_json(), "s.json");
  SelectionState next = reread;
  const auto chosen = select_by_rotation(
      data, batch(data, 1, {"L1", "L2", "L3"}), capacity, false, next);
  EXPECT_EQ(names(data, chosen), (std::vector<std::string>{"L3"}));
}

TEST(Rotation, ByFirmAlternatesFirmsThenMembers) {
  const Dataset data = four_providers();
  auto capacity = capacities(data);
  SelectionState state;
  const auto chosen = select_by_rotation(
      data, batch(data, 5, {"L1", "L2", "L3", "V1"}), capacity, true, state);
  // Units F1, F2, V1 in id order; inside F1, L1 then L2.
  EXPECT_EQ(names(data, chosen),
            (std::vector<std::string>{"L1", "L3", "V1", "L2", "L3"}));
  EXPECT_EQ(state.cursors.at("member:F1"), "L2");
}

TEST(Rotation, SkipsFullProvidersAndSharedCaseGroups) {
  const Dataset data = four_providers();
  auto capacity = capacities(data);
  capacity[*data.providers.find("L1")] = 0;
  std::vector<SelectionMatter> matters = batch(data, 3, {"L1", "L2", "L3"});
  for (auto& m : matters) m.group = 4;  // co-defendants of one case
  SelectionState state;
  const auto chosen = select_by_rotation(data, matters, capacity, false, state);
  // L1 is full; L2 and L3 take one co-defendant each and the third finds
  // no one who is not already defending a co-defendant.
  EXPECT_EQ(names(data, chosen), (std::vector<std::string>{"L2", "L3", "-"}));
}

TEST(Draw, SameSeedSameDrawAndCandidateOrderIrrelevant) {
  const Dataset data = four_providers();
  auto capacity_a = capacities(data);
  auto capacity_b = capacities(data);
  const auto a = select_by_draw(data, batch(data, 8, {"L1", "L2", "L3", "V1"}),
                                capacity_a, 2024);
  const auto b = select_by_draw(data, batch(data, 8, {"V1", "L3", "L2", "L1"}),
                                capacity_b, 2024);
  EXPECT_EQ(a, b);
  auto capacity_c = capacities(data);
  const auto c = select_by_draw(data, batch(data, 8, {"L1", "L2", "L3", "V1"}),
                                capacity_c, 2025);
  EXPECT_NE(a, c);
}

TEST(Draw, IsRoughlyUniformAndKeepsCapacity) {
  const Dataset data = four_providers();
  std::map<std::string, int> counts;
  for (std::uint64_t seed = 0; seed < 4000; ++seed) {
    auto capacity = capacities(data);
    const auto chosen =
        select_by_draw(data, batch(data, 1, {"L1", "L2", "L3", "V1"}), capacity, seed);
    ++counts[data.providers[chosen[0]].id];
  }
  for (const auto& [id, count] : counts) {
    EXPECT_GT(count, 850) << id;
    EXPECT_LT(count, 1150) << id;
  }
  auto capacity = capacities(data);
  const auto chosen =
      select_by_draw(data, batch(data, 13, {"L1", "L2", "L3", "V1"}), capacity, 7);
  // Four providers of capacity 3 serve 12 matters; the 13th finds no one.
  EXPECT_EQ(std::count(chosen.begin(), chosen.end(), kNoProvider), 1);
}

TEST(SelectionState, FileRoundTripAndErrors) {
  const auto dir = std::filesystem::temp_directory_path() / "aidmatch_state_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "state.json").string();
  std::filesystem::remove(path);
  EXPECT_TRUE(read_selection_state(path).cursors.empty());
  SelectionState state;
  state.cursors["provider:330102"] = "L2";
  state.draws = 3;
  write_selection_state(path, state);
  const SelectionState back = read_selection_state(path);
  EXPECT_EQ(back.cursors, state.cursors);
  EXPECT_EQ(back.draws, 3u);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  auto error_of = [](const std::string& text) {
    try {
      SelectionState::parse(text, "s.json");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of(R"({"format": "other"})"),
            "s.json: format: expected \"aidmatch-selection-state/1\", found \"other\"");
  EXPECT_EQ(error_of(R"({"cursors": {"provider:1": 5}})"),
            "s.json: cursors.provider:1: expected an id as text, found 5");
  EXPECT_EQ(error_of(R"({"draws": -1})"),
            "s.json: draws: expected a whole number from 0 to 9007199254740992, "
            "found -1");
  EXPECT_EQ(error_of(R"({"extra": 1})"),
            "s.json: extra: unknown key; expected format, cursors or draws");
  EXPECT_EQ(error_of("[1]"), "s.json: expected a JSON object");
  const std::string unwritable = (dir / "missing" / "s.json").string();
  try {
    write_selection_state(unwritable, state);
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot write the selection state to " + unwritable +
                  ".tmp; check that its directory exists and is writable");
  }
}

}  // namespace
}  // namespace aidmatch
