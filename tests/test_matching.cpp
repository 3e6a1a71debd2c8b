// The capacitated matching against brute force, and its two methods against
// each other.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <set>

#include "aidmatch/aidmatch.hpp"

namespace aidmatch::solvers {
namespace {

struct Best {
  std::int64_t matched = -1;
  std::int64_t weight = 0;
};

// Enumerates every choice (an arc or nothing) for every row and keeps the
// lexicographic best: most rows matched, then largest total weight.
Best brute_force(const CapacitatedMatchingProblem& p) {
  Best best;
  std::vector<std::int32_t> used(static_cast<std::size_t>(p.columns), 0);
  std::function<void(std::int32_t, std::int64_t, std::int64_t)> visit =
      [&](std::int32_t row, std::int64_t matched, std::int64_t weight) {
        if (row == p.rows) {
          if (matched > best.matched ||
              (matched == best.matched && weight > best.weight)) {
            best = {matched, weight};
          }
          return;
        }
        visit(row + 1, matched, weight);
        for (std::int64_t a = p.row_start[row]; a < p.row_start[row + 1]; ++a) {
          const std::int32_t c = p.arc_column[a];
          if (used[c] < p.capacity[c]) {
            ++used[c];
            visit(row + 1, matched + 1, weight + p.arc_weight[a]);
            --used[c];
          }
        }
      };
  visit(0, 0, 0);
  return best;
}

CapacitatedMatchingProblem random_problem(std::mt19937_64& rng, int rows,
                                          int columns, double density,
                                          std::int64_t low, std::int64_t high) {
  CapacitatedMatchingProblem p;
  p.rows = rows;
  p.columns = columns;
  p.row_start.push_back(0);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::uniform_int_distribution<std::int64_t> weight(low, high);
  std::uniform_int_distribution<std::int32_t> capacity(0, 2);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < columns; ++c) {
      if (coin(rng) < density) {
        p.arc_column.push_back(c);
        p.arc_weight.push_back(weight(rng));
      }
    }
    p.row_start.push_back(static_cast<std::int64_t>(p.arc_column.size()));
  }
  for (int c = 0; c < columns; ++c) p.capacity.push_back(capacity(rng));
  return p;
}

// Checks that a result is a feasible matching and that its reported totals
// are the sums of its chosen arcs.
void expect_feasible(const CapacitatedMatchingProblem& p,
                     const CapacitatedMatchingResult& result) {
  std::vector<std::int32_t> load(static_cast<std::size_t>(p.columns), 0);
  std::int64_t matched = 0;
  std::int64_t weight = 0;
  for (std::int32_t r = 0; r < p.rows; ++r) {
    const std::int64_t a = result.arc_of_row[r];
    if (a < 0) continue;
    ASSERT_GE(a, p.row_start[r]);
    ASSERT_LT(a, p.row_start[r + 1]);
    ++load[p.arc_column[a]];
    ++matched;
    weight += p.arc_weight[a];
  }
  for (std::int32_t c = 0; c < p.columns; ++c) {
    EXPECT_LE(load[c], p.capacity[c]) << "column " << c;
  }
  EXPECT_EQ(matched, result.matched);
  EXPECT_EQ(weight, result.total_weight);
}

class MatchingBruteForce : public ::testing::TestWithParam<MatchingMethod> {};

TEST_P(MatchingBruteForce, EqualsEnumerationOnSmallInstances) {
  std::mt19937_64 rng(12345);
  for (int trial = 0; trial < 300; ++trial) {
    const int rows = 1 + trial % 6;
    const int columns = 1 + (trial / 6) % 4;
    // Negative weights too: the matched count still comes first.
    const auto p = random_problem(rng, rows, columns, 0.6, -20, 20);
    const auto result = solve_capacitated_matching(p, GetParam());
    expect_feasible(p, result);
    const Best best = brute_force(p);
    ASSERT_EQ(result.matched, best.matched) << "trial " << trial;
    ASSERT_EQ(result.total_weight, best.weight) << "trial " << trial;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Methods, MatchingBruteForce,
    ::testing::Values(MatchingMethod::kAugmentingPath,
                      MatchingMethod::kNetworkSimplex,
                      MatchingMethod::kPrimalDual,
                      MatchingMethod::kLemonNetworkSimplex),
    [](const ::testing::TestParamInfo<MatchingMethod>& info) {
      switch (info.param) {
        case MatchingMethod::kAugmentingPath: return "AugmentingPath";
        case MatchingMethod::kNetworkSimplex: return "NetworkSimplex";
        case MatchingMethod::kPrimalDual: return "PrimalDual";
        case MatchingMethod::kLemonNetworkSimplex: return "Lemon";
      }
      return "Unknown";
    });

TEST(Matching, MethodsAgreeOnLargerInstances) {
  std::mt19937_64 rng(777);
  for (int trial = 0; trial < 20; ++trial) {
    // Scarce capacity in odd trials, so that some rows stay unmatched.
    const auto p = random_problem(rng, 120, trial % 2 ? 20 : 40, 0.1, 0,
                                  1'000'000);
    const auto simplex = solve_capacitated_matching(p, MatchingMethod::kNetworkSimplex);
    const auto primal_dual = solve_capacitated_matching(p, MatchingMethod::kPrimalDual);
    const auto augmenting = solve_capacitated_matching(p, MatchingMethod::kAugmentingPath);
    const auto lemon = solve_capacitated_matching(p, MatchingMethod::kLemonNetworkSimplex);
    EXPECT_EQ(lemon.matched, simplex.matched);
    EXPECT_EQ(lemon.total_weight, simplex.total_weight);
    expect_feasible(p, simplex);
    expect_feasible(p, primal_dual);
    expect_feasible(p, augmenting);
    EXPECT_EQ(simplex.matched, primal_dual.matched) << "trial " << trial;
    EXPECT_EQ(simplex.total_weight, primal_dual.total_weight) << "trial " << trial;
    EXPECT_EQ(augmenting.matched, simplex.matched) << "trial " << trial;
    EXPECT_EQ(augmenting.total_weight, simplex.total_weight) << "trial " << trial;
  }
}

// The problem with the forbidden arcs removed, for a fresh solve.
CapacitatedMatchingProblem without_arcs(const CapacitatedMatchingProblem& p,
                                        const std::vector<char>& forbidden) {
  CapacitatedMatchingProblem out = p;
  out.arc_column.clear();
  out.arc_weight.clear();
  out.row_start.assign(1, 0);
  for (std::int32_t r = 0; r < p.rows; ++r) {
    for (std::int64_t a = p.row_start[r]; a < p.row_start[r + 1]; ++a) {
      if (forbidden[a]) continue;
      out.arc_column.push_back(p.arc_column[a]);
      out.arc_weight.push_back(p.arc_weight[a]);
    }
    out.row_start.push_back(static_cast<std::int64_t>(out.arc_column.size()));
  }
  return out;
}

TEST(IncrementalMatching, RefusalsMatchFreshSolves) {
  std::mt19937_64 rng(4242);
  int repaired = 0;
  int resolved = 0;
  for (int trial = 0; trial < 40; ++trial) {
    // Scarce capacity in some trials, so that refusals can lower the count.
    const auto p = random_problem(rng, 60, trial % 3 == 0 ? 8 : 20, 0.15, 0, 1000);
    IncrementalMatching incremental(p);
    std::vector<char> forbidden(p.arc_column.size(), 0);
    for (int step = 0; step < 15; ++step) {
      // Refuse a pair of the current solution, as a provider would.
      std::vector<std::int64_t> used;
      for (std::int64_t a : incremental.result().arc_of_row) {
        if (a >= 0) used.push_back(a);
      }
      if (used.empty()) break;
      const std::int64_t arc =
          used[std::uniform_int_distribution<std::size_t>(0, used.size() - 1)(rng)];
      forbidden[arc] = 1;
      (incremental.forbid_arc(arc) ? repaired : resolved)++;
      const auto fresh = solve_capacitated_matching(
          without_arcs(p, forbidden), MatchingMethod::kNetworkSimplex);
      const auto& after = incremental.result();
      ASSERT_EQ(after.matched, fresh.matched) << "trial " << trial << " step " << step;
      ASSERT_EQ(after.total_weight, fresh.total_weight)
          << "trial " << trial << " step " << step;
      EXPECT_EQ(std::count(after.arc_of_row.begin(), after.arc_of_row.end(), arc), 0);
      expect_feasible(p, after);
    }
  }
  // Refusals that keep the count and refusals that lower it both occur.
  EXPECT_GT(repaired, 100);
  EXPECT_GT(resolved, 0);
}

TEST(IncrementalMatching, ForbiddingUnusedArcChangesNothing) {
  CapacitatedMatchingProblem p;
  p.rows = 1;
  p.columns = 2;
  p.row_start = {0, 2};
  p.arc_column = {0, 1};
  p.arc_weight = {5, 1};
  p.capacity = {1, 1};
  IncrementalMatching incremental(p);
  EXPECT_EQ(incremental.result().arc_of_row[0], 0);
  EXPECT_TRUE(incremental.forbid_arc(1));
  EXPECT_EQ(incremental.result().arc_of_row[0], 0);
  // The row loses its last arc, so the count falls.
  EXPECT_FALSE(incremental.forbid_arc(0));
  EXPECT_EQ(incremental.result().arc_of_row[0], -1);
  EXPECT_EQ(incremental.result().matched, 0);
  EXPECT_THROW(incremental.forbid_arc(2), std::out_of_range);
}

// The problem an IncrementalMatching holds, without its forbidden arcs and
// withdrawn rows, as a fresh solve would see it.
CapacitatedMatchingProblem current_problem(const IncrementalMatching& m,
                                           const std::vector<char>& forbidden) {
  CapacitatedMatchingProblem p = m.problem();
  std::vector<char> removed = forbidden;
  removed.resize(p.arc_column.size(), 0);
  for (std::int32_t r = 0; r < p.rows; ++r) {
    if (!m.withdrawn(r)) continue;
    for (std::int64_t a = p.row_start[r]; a < p.row_start[r + 1]; ++a) removed[a] = 1;
  }
  return without_arcs(p, removed);
}

TEST(IncrementalMatching, ChangesMatchFreshSolves) {
  std::mt19937_64 rng(777);
  int fell = 0;
  int added = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const auto p = random_problem(rng, 50, trial % 3 == 0 ? 6 : 15, 0.2, -50, 1000);
    IncrementalMatching incremental(p);
    std::vector<char> forbidden(p.arc_column.size(), 0);
    for (int step = 0; step < 20; ++step) {
      const auto& now = incremental.problem();
      const int kind = std::uniform_int_distribution<int>(0, 2)(rng);
      bool count_kept = true;
      if (kind == 0) {
        const auto row = std::uniform_int_distribution<std::int32_t>(0, now.rows - 1)(rng);
        count_kept = incremental.withdraw_row(row);
        EXPECT_EQ(incremental.result().arc_of_row[row], -1);
      } else if (kind == 1) {
        // Weights up to twice the largest so far, so that arrivals displace.
        std::vector<std::int32_t> columns;
        std::vector<std::int64_t> weights;
        for (std::int32_t c = 0; c < now.columns; ++c) {
          if (std::bernoulli_distribution(0.3)(rng)) {
            columns.push_back(c);
            weights.push_back(std::uniform_int_distribution<std::int64_t>(-50, 2000)(rng));
          }
        }
        const std::int32_t row = incremental.add_row(columns, weights);
        EXPECT_EQ(row, incremental.problem().rows - 1);
        ++added;
      } else {
        std::vector<std::int64_t> used;
        for (std::int64_t a : incremental.result().arc_of_row) {
          if (a >= 0) used.push_back(a);
        }
        if (used.empty()) continue;
        const std::int64_t arc =
            used[std::uniform_int_distribution<std::size_t>(0, used.size() - 1)(rng)];
        forbidden.resize(incremental.problem().arc_column.size(), 0);
        forbidden[arc] = 1;
        count_kept = incremental.forbid_arc(arc);
      }
      if (!count_kept) ++fell;
      const auto fresh = solve_capacitated_matching(
          current_problem(incremental, forbidden), MatchingMethod::kNetworkSimplex);
      const auto& kept_result = incremental.result();
      ASSERT_EQ(kept_result.matched, fresh.matched)
          << "trial " << trial << " step " << step << " kind " << kind;
      ASSERT_EQ(kept_result.total_weight, fresh.total_weight)
          << "trial " << trial << " step " << step << " kind " << kind;
      expect_feasible(incremental.problem(), kept_result);
    }
  }
  EXPECT_GT(fell, 0);
  EXPECT_GT(added, 100);
}

TEST(IncrementalMatching, ArrivalDisplacesLighterRow) {
  CapacitatedMatchingProblem p;
  p.rows = 1;
  p.columns = 1;
  p.row_start = {0, 1};
  p.arc_column = {0};
  p.arc_weight = {5};
  p.capacity = {1};
  IncrementalMatching incremental(p);
  ASSERT_EQ(incremental.result().matched, 1);
  // Heavier than every weight at construction: the new row takes the column.
  EXPECT_EQ(incremental.add_row({0}, {50}), 1);
  EXPECT_EQ(incremental.result().matched, 1);
  EXPECT_EQ(incremental.result().total_weight, 50);
  EXPECT_EQ(incremental.result().arc_of_row[0], -1);
  EXPECT_EQ(incremental.result().arc_of_row[1], 1);
  // Withdrawn, it hands the column back.
  EXPECT_TRUE(incremental.withdraw_row(1));
  EXPECT_EQ(incremental.result().arc_of_row[0], 0);
  EXPECT_EQ(incremental.result().total_weight, 5);
  // A row without arcs stays unmatched.
  EXPECT_EQ(incremental.add_row({}, {}), 2);
  EXPECT_EQ(incremental.result().arc_of_row[2], -1);
  EXPECT_EQ(incremental.result().matched, 1);
}

TEST(IncrementalMatching, BadChangesThrow) {
  CapacitatedMatchingProblem p;
  p.rows = 1;
  p.columns = 2;
  p.row_start = {0, 1};
  p.arc_column = {0};
  p.arc_weight = {5};
  p.capacity = {1, 1};
  IncrementalMatching incremental(p);
  EXPECT_THROW(incremental.withdraw_row(1), std::out_of_range);
  EXPECT_THROW(incremental.withdraw_row(-1), std::out_of_range);
  try {
    incremental.add_row({0, 1}, {1});
    ADD_FAILURE() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the new row has 2 columns but 1 weights");
  }
  try {
    incremental.add_row({2}, {1});
    ADD_FAILURE() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the new row's arc 0 has column 2; expected 0..1");
  }
  EXPECT_THROW(incremental.add_row({0}, {std::int64_t{1} << 61}),
               std::invalid_argument);
  // A failed call leaves the matching as it was.
  EXPECT_EQ(incremental.problem().rows, 1);
  EXPECT_EQ(incremental.result().matched, 1);
}

// Brute force with row groups: rows of one group never share a column.
Best brute_force_grouped(const CapacitatedMatchingProblem& p) {
  Best best;
  std::vector<std::int32_t> used(static_cast<std::size_t>(p.columns), 0);
  std::set<std::pair<std::int32_t, std::int32_t>> used_pairs;  // (column, group)
  std::function<void(std::int32_t, std::int64_t, std::int64_t)> visit =
      [&](std::int32_t row, std::int64_t matched, std::int64_t weight) {
        if (row == p.rows) {
          if (matched > best.matched ||
              (matched == best.matched && weight > best.weight)) {
            best = {matched, weight};
          }
          return;
        }
        visit(row + 1, matched, weight);
        const std::int32_t group = p.row_group[row];
        for (std::int64_t a = p.row_start[row]; a < p.row_start[row + 1]; ++a) {
          const std::int32_t c = p.arc_column[a];
          if (used[c] >= p.capacity[c]) continue;
          if (group >= 0 && used_pairs.count({c, group})) continue;
          ++used[c];
          if (group >= 0) used_pairs.insert({c, group});
          visit(row + 1, matched + 1, weight + p.arc_weight[a]);
          if (group >= 0) used_pairs.erase({c, group});
          --used[c];
        }
      };
  visit(0, 0, 0);
  return best;
}

TEST(GroupedMatching, MatchesBruteForce) {
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 150; ++trial) {
    const int rows = 2 + trial % 6;
    const int columns = 1 + trial % 4;
    auto p = random_problem(rng, rows, columns, 0.7, -20, 20);
    for (std::int32_t c = 0; c < columns; ++c) {
      p.capacity[c] = std::uniform_int_distribution<std::int32_t>(0, 3)(rng);
    }
    p.row_group.resize(static_cast<std::size_t>(rows));
    for (auto& group : p.row_group) {
      group = std::uniform_int_distribution<std::int32_t>(-1, 1)(rng);
    }
    const Best best = brute_force_grouped(p);
    for (MatchingMethod method :
         {MatchingMethod::kAugmentingPath, MatchingMethod::kNetworkSimplex}) {
      const auto result = solve_capacitated_matching(p, method);
      ASSERT_EQ(result.matched, best.matched) << "trial " << trial;
      ASSERT_EQ(result.total_weight, best.weight) << "trial " << trial;
      expect_feasible(p, result);
      std::set<std::pair<std::int32_t, std::int32_t>> used_pairs;
      for (std::int32_t r = 0; r < p.rows; ++r) {
        const std::int64_t a = result.arc_of_row[r];
        if (a < 0 || p.row_group[r] < 0) continue;
        EXPECT_TRUE(used_pairs.insert({p.arc_column[a], p.row_group[r]}).second)
            << "trial " << trial << ": two rows of group " << p.row_group[r]
            << " share column " << p.arc_column[a];
      }
    }
  }
}

TEST(GroupedMatching, CoDefendantsTakeDifferentLawyers) {
  // Two co-defendants both prefer lawyer 0, who could take both; the group
  // sends the second to lawyer 1.
  CapacitatedMatchingProblem p;
  p.rows = 2;
  p.columns = 2;
  p.row_start = {0, 2, 4};
  p.arc_column = {0, 1, 0, 1};
  p.arc_weight = {10, 1, 10, 2};
  p.capacity = {2, 1};
  p.row_group = {7, 7};
  const auto result = solve_capacitated_matching(p);
  EXPECT_EQ(result.matched, 2);
  EXPECT_EQ(result.total_weight, 12);
  EXPECT_EQ(result.arc_of_row[0], 0);
  EXPECT_EQ(result.arc_of_row[1], 3);
}

TEST(GroupedMatching, BadGroupsThrow) {
  CapacitatedMatchingProblem p;
  p.rows = 1;
  p.columns = 1;
  p.row_start = {0, 1};
  p.arc_column = {0};
  p.arc_weight = {1};
  p.capacity = {1};
  p.row_group = {-2};
  try {
    solve_capacitated_matching(p);
    ADD_FAILURE() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "row 0 has group -2; expected -1 for none or a group >= 0");
  }
  p.row_group = {0, 1};
  try {
    solve_capacitated_matching(p);
    ADD_FAILURE() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "row_group has 2 entries; expected none or one per row (1)");
  }
  p.row_group = {3};
  EXPECT_THROW(IncrementalMatching{p}, std::invalid_argument);
}

TEST(Matching, CardinalityBeatsWeight) {
  // Row 0 could take column 0 alone for weight 100, but then row 1 has no
  // column; matching both (1 + 1) serves more rows.
  CapacitatedMatchingProblem p;
  p.rows = 2;
  p.columns = 2;
  p.row_start = {0, 2, 3};
  p.arc_column = {0, 1, 0};
  p.arc_weight = {100, 1, 1};
  p.capacity = {1, 1};
  const auto result = solve_capacitated_matching(p);
  EXPECT_EQ(result.matched, 2);
  EXPECT_EQ(result.total_weight, 2);  // arcs (0,1) and (1,0)
  EXPECT_EQ(result.arc_of_row[0], 1);
  EXPECT_EQ(result.arc_of_row[1], 2);
}

TEST(Matching, DisplacedRowLeavesForHigherWeight) {
  // One column of capacity 1 and two rows: only one can be served, and the
  // heavier one (weight 5 over 1) is.
  CapacitatedMatchingProblem p;
  p.rows = 2;
  p.columns = 1;
  p.row_start = {0, 1, 2};
  p.arc_column = {0, 0};
  p.arc_weight = {1, 5};
  p.capacity = {1};
  for (MatchingMethod method :
       {MatchingMethod::kAugmentingPath, MatchingMethod::kNetworkSimplex,
        MatchingMethod::kPrimalDual}) {
    const auto result = solve_capacitated_matching(p, method);
    EXPECT_EQ(result.matched, 1);
    EXPECT_EQ(result.total_weight, 5);
    EXPECT_EQ(result.arc_of_row[0], -1);
  }
}

TEST(Matching, EmptyProblems) {
  CapacitatedMatchingProblem p;
  p.row_start = {0};
  EXPECT_EQ(solve_capacitated_matching(p).matched, 0);
  p.rows = 3;
  p.row_start = {0, 0, 0, 0};
  const auto result = solve_capacitated_matching(p);
  EXPECT_EQ(result.matched, 0);
  EXPECT_EQ(result.arc_of_row, (std::vector<std::int64_t>{-1, -1, -1}));
}

TEST(Matching, MisuseThrowsWithMessage) {
  CapacitatedMatchingProblem p;
  p.rows = 1;
  p.columns = 1;
  p.row_start = {0, 1};
  p.arc_column = {3};
  p.arc_weight = {1};
  p.capacity = {1};
  try {
    solve_capacitated_matching(p);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "arc 0 has column 3; expected 0..0");
  }
  p.arc_column = {0};
  p.capacity = {-1};
  EXPECT_THROW(solve_capacitated_matching(p), std::invalid_argument);
  p.capacity = {1};
  p.arc_weight = {std::int64_t{1} << 61};
  EXPECT_THROW(solve_capacitated_matching(p), std::invalid_argument);
  p.arc_weight = {1, 2};
  EXPECT_THROW(solve_capacitated_matching(p), std::invalid_argument);
}

TEST(MinCostFlow, CertificateOfOptimality) {
  // Every residual arc has a non-negative reduced cost at the end.
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<int> node(0, 19);
  std::uniform_int_distribution<std::int64_t> cost(0, 50);
  std::uniform_int_distribution<std::int64_t> cap(0, 9);
  MinCostFlow flow(20);
  std::vector<std::array<std::int64_t, 4>> arcs;
  for (int i = 0; i < 80; ++i) {
    const int u = node(rng);
    const int v = node(rng);
    if (u == v) continue;
    arcs.push_back({u, v, cap(rng), cost(rng)});
    flow.add_arc(u, v, arcs.back()[2], arcs.back()[3]);
  }
  const auto result = flow.solve_max_flow(0, 19);
  ASSERT_EQ(result.status, FlowStatus::kOptimal);
  // Nodes the source cannot reach never carry flow, and their potentials
  // are not constrained.
  std::vector<bool> reachable(20, false);
  reachable[0] = true;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [u, v, capacity, c] : arcs) {
      if (capacity > 0 && reachable[u] && !reachable[v]) {
        reachable[v] = true;
        grew = true;
      }
    }
  }
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    const auto [u, v, capacity, c] = arcs[a];
    if (!reachable[u]) continue;
    const std::int64_t f = flow.flow(static_cast<int>(a));
    ASSERT_GE(f, 0);
    ASSERT_LE(f, capacity);
    const std::int64_t reduced = c + flow.potential(static_cast<int>(u)) -
                                 flow.potential(static_cast<int>(v));
    if (f < capacity) EXPECT_GE(reduced, 0) << "arc " << a;
    if (f > 0) EXPECT_LE(reduced, 0) << "arc " << a;
  }
}

TEST(MinCostFlow, MisuseThrows) {
  MinCostFlow flow(3);
  EXPECT_THROW(flow.add_arc(0, 3, 1, 1), std::out_of_range);
  EXPECT_THROW(flow.add_arc(0, 1, -1, 1), std::invalid_argument);
  EXPECT_THROW(flow.solve_max_flow(1, 1), std::out_of_range);
}

}  // namespace
}  // namespace aidmatch::solvers
