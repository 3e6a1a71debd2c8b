// aidmatch-dispatch: reads regions, providers, pools, pairings, matters and a
// policy, assigns the matters, writes one row per matter and prints a
// summary to standard error.
//
// Exit status: 0 on success, 1 on invalid input, 2 on a usage error.
#include <CLI/CLI.hpp>
#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <fstream>
#include <iostream>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "aidmatch/aidmatch.hpp"

namespace {

struct Options {
  std::string regions;
  std::string region_tags;
  std::string providers;
  std::string pools;
  std::vector<std::string> pairings;
  std::string matters;
  std::vector<std::string> policies;
  std::string out;
  std::string explain;
  std::string why_not;
  std::size_t top = 20;
  std::string state;
  std::optional<std::uint64_t> seed;
  std::string selection;
  std::string format;
  bool quiet = false;
  bool verbose = false;
};

// True when `path` ends in ".json", in any letter case.
bool has_json_extension(const std::string& path) {
  if (path.size() < 5) return false;
  std::string tail = path.substr(path.size() - 5);
  for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return tail == ".json";
}

// A failure to write the result, which is not an input error.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Assembles the tables: the embedded default for every part the options do
// not replace.
aidmatch::io::DatasetTables build_tables(const Options& options) {
  using aidmatch::io::Table;
  aidmatch::io::DatasetTables defaults = aidmatch::io::default_tables();
  const bool own_regions = !options.regions.empty();
  const bool own_batch = !options.providers.empty() || !options.matters.empty() ||
                         !options.pools.empty();

  aidmatch::io::DatasetTables tables{
      own_regions ? Table::read_file(options.regions) : defaults.regions,
      std::nullopt,
      own_batch ? Table::read_file(options.providers) : defaults.providers,
      std::nullopt,
      {},
      own_batch ? Table::read_file(options.matters) : defaults.matters};
  if (!options.region_tags.empty()) {
    tables.region_tags = Table::read_file(options.region_tags);
  } else if (!own_regions) {
    tables.region_tags = defaults.region_tags;
  }
  if (!options.pools.empty()) {
    tables.pools = Table::read_file(options.pools);
  } else if (!own_batch) {
    tables.pools = defaults.pools;
  }
  // defaults.pairings contains the Zhejiang mountain-sea list, then the
  // synthetic pairings.
  if (!own_regions) tables.pairings.push_back(defaults.pairings[0]);
  if (!own_regions && !own_batch) tables.pairings.push_back(defaults.pairings[1]);
  for (const std::string& path : options.pairings) {
    tables.pairings.push_back(Table::read_file(path));
  }
  return tables;
}

// Prints the explanation of one matter (and of one provider for it) to
// standard output, without dispatching the batch.
int explain(const aidmatch::Dataset& data, const aidmatch::PolicySet& policies,
            const Options& options) {
  std::optional<aidmatch::MatterIndex> matter;
  for (std::size_t i = 0; i < data.matters.size(); ++i) {
    if (data.matters[i].id == options.explain) {
      matter = static_cast<aidmatch::MatterIndex>(i);
    }
  }
  if (!matter) {
    throw aidmatch::NotFoundError("--explain: no matter has id \"" +
                                  options.explain +
                                  "\"; give an id from the matters file");
  }
  const aidmatch::Matter& m = data.matters[*matter];
  const aidmatch::Policy* policy = policies.size() == 1
                                       ? &policies.policies().front()
                                       : policies.in_force(m.date);
  if (policy == nullptr) {
    throw aidmatch::InputError("--explain: no policy is in force on " +
                               m.date.to_string() + ", the date of " + m.id);
  }
  const aidmatch::MatterExplanation explanation =
      aidmatch::explain_matter(data, *policy, *matter);
  std::cout << aidmatch::format_explanation(data, *policy, explanation,
                                            options.top);
  if (!options.why_not.empty()) {
    const auto provider = data.providers.find(options.why_not);
    if (!provider) {
      throw aidmatch::NotFoundError("--why-not: no provider has id \"" +
                                    options.why_not +
                                    "\"; give an id from the providers file");
    }
    std::cout << "why not " << options.why_not << ": "
              << aidmatch::why_not(data, *policy, *matter, *provider).text
              << "\n";
  }
  std::cout.flush();
  if (!std::cout) throw OutputError("cannot write to standard output");
  return 0;
}

// Prints an error about the data or policy and returns exit status 1.
int report_invalid_input(const std::exception& e) {
  std::cerr << "aidmatch-dispatch: invalid input: " << e.what() << "\n";
  return 1;
}

int run(const Options& options) {
  const aidmatch::LogLevel level = options.verbose ? aidmatch::LogLevel::kDebug
                                                   : aidmatch::LogLevel::kInfo;
  const bool quiet = options.quiet;
  const aidmatch::Logger logger(
      [quiet](aidmatch::LogLevel message_level, std::string_view message) {
        if (quiet && message_level < aidmatch::LogLevel::kWarning) return;
        std::cerr << "aidmatch-dispatch: " << aidmatch::to_string(message_level)
                  << ": " << message << "\n";
      },
      level);

  const aidmatch::Dataset data =
      aidmatch::io::load_dataset(build_tables(options), logger);
  std::vector<aidmatch::Policy> loaded;
  if (options.policies.empty()) {
    loaded.push_back(aidmatch::parse_policy(
        aidmatch::io::embedded_file("policy/default.json"),
        "<embedded>/policy/default.json"));
  }
  for (const std::string& path : options.policies) {
    loaded.push_back(
        aidmatch::parse_policy(aidmatch::io::read_text_file(path), path));
  }
  for (const aidmatch::Policy& policy : loaded) {
    logger.info("policy " + policy.name() + " version " + policy.version());
    for (const aidmatch::PolicyWarning& warning : policy.warnings()) {
      logger.warning(policy.source() + ": " + warning.path + ": " +
                     warning.message);
    }
  }
  const aidmatch::PolicySet policies(loaded);
  // The output has one column per score term, so every policy of a run must
  // have the same terms.
  for (const aidmatch::Policy& policy : policies.policies()) {
    std::vector<std::string> ids;
    std::vector<std::string> first_ids;
    for (const auto& term : policy.terms()) ids.push_back(term.id);
    for (const auto& term : policies.policies().front().terms()) {
      first_ids.push_back(term.id);
    }
    if (ids != first_ids) {
      throw aidmatch::InputError(
          policy.source() + ": its score terms differ from those of " +
          policies.policies().front().source() +
          "; policies dispatched together must list the same term ids in "
          "the same order");
    }
  }
  const aidmatch::Policy& policy = policies.policies().front();

  if (!options.explain.empty()) {
    return explain(data, policies, options);
  }

  aidmatch::SelectionState state;
  if (!options.state.empty()) {
    state = aidmatch::read_selection_state(options.state);
  }
  aidmatch::DispatchOptions dispatch_options;
  dispatch_options.logger = logger;
  dispatch_options.state = &state;
  dispatch_options.seed = options.seed;
  if (!options.selection.empty()) {
    dispatch_options.selection =
        options.selection == "rotation"
            ? aidmatch::SelectionMethod::kRotation
            : options.selection == "random_draw"
                  ? aidmatch::SelectionMethod::kRandomDraw
                  : aidmatch::SelectionMethod::kOptimise;
  }
  // A single policy applies to every matter, with a warning for a date
  // outside its range; several apply each on its own dates.
  const aidmatch::DispatchResult result =
      policies.size() == 1
          ? aidmatch::dispatch(data, policy, dispatch_options)
          : aidmatch::dispatch(data, policies, dispatch_options);

  std::string format = options.format;
  if (format.empty()) format = has_json_extension(options.out) ? "json" : "csv";
  std::ostringstream buffer;
  if (format == "json") {
    aidmatch::write_assignments_json(buffer, data, policy, result);
  } else {
    aidmatch::write_assignments_csv(buffer, data, policy, result);
  }
  if (options.out.empty()) {
    std::cout << buffer.str();
    std::cout.flush();
    if (!std::cout) {
      throw OutputError("cannot write the result to standard output");
    }
  } else {
    std::ofstream file(options.out, std::ios::binary);
    file << buffer.str();
    file.close();
    if (!file) {
      throw OutputError("cannot write " + options.out +
                        "; check that the folder exists and is writable");
    }
  }

  if (!options.state.empty()) {
    aidmatch::write_selection_state(options.state, state);
  }
  if (!quiet) {
    std::cerr << aidmatch::format_summary(aidmatch::summarize(data, result));
    char timing[160];
    std::snprintf(timing, sizeof timing,
                  "timing: scoring %.3f s, solving %.3f s (%lld eligible "
                  "pairs)\n",
                  result.stats.score_seconds, result.stats.solve_seconds,
                  static_cast<long long>(result.stats.eligible_pairs));
    std::cerr << timing;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Assign legal-aid matters to lawyers, firms' lawyers and volunteers "
      "across regions.\nWith no options, runs on the embedded default: "
      "Zhejiang's regions and mountain-sea pairings with a synthetic pool and "
      "matter batch.",
      "aidmatch-dispatch"};
  Options options;
  app.add_option("--regions", options.regions,
                 "Regions file (CSV or JSON); replaces the Zhejiang regions, "
                 "tags and mountain-sea pairings");
  app.add_option("--region-tags", options.region_tags,
                 "Dated region tags file (code, tag, valid_from, valid_to); "
                 "replaces the default Zhejiang tags");
  app.add_option("--providers", options.providers,
                 "Providers file; replaces the synthetic batch, so "
                 "--matters is then required");
  app.add_option("--pools", options.pools, "Pool membership file");
  app.add_option("--pairings", options.pairings,
                 "Pairings file, general or mountain-sea format; may be "
                 "repeated, and adds to the default pairings");
  app.add_option("--matters", options.matters,
                 "Matters file; replaces the synthetic batch, so "
                 "--providers is then required");
  app.add_option("--policy", options.policies,
                 "Policy JSON file (default: the embedded "
                 "data/policy/default.json); may be repeated, and each "
                 "matter then goes under the policy in force on its date");
  app.add_option("--explain", options.explain,
                 "Print the ranked candidates of matter MATTER_ID with "
                 "every score term, and the rule that excluded each other "
                 "candidate, instead of dispatching")
      ->type_name("MATTER_ID");
  app.add_option("--why-not", options.why_not,
                 "With --explain: also say why provider PROVIDER_ID is or "
                 "is not a candidate")
      ->type_name("PROVIDER_ID");
  app.add_option("--top", options.top,
                 "With --explain: how many ranked candidates to print "
                 "(default 20)")
      ->check(CLI::Range(1, 100000));
  app.add_option("--selection", options.selection,
                 "Override the policy's selection method")
      ->check(CLI::IsMember({"optimise", "rotation", "random_draw"}));
  app.add_option("--seed", options.seed,
                 "Seed of a random draw (default: the policy's, else one "
                 "derived from the state's draw count)");
  app.add_option("--state", options.state,
                 "Selection state file with the rotation cursors and the "
                 "draw count; read if it exists and rewritten after the "
                 "dispatch");
  app.add_option("--out", options.out,
                 "Output file; .json writes JSON, any other name CSV "
                 "(default: CSV on standard output)");
  app.add_option("--format", options.format,
                 "Output format, overriding the --out extension")
      ->check(CLI::IsMember({"csv", "json"}));
  app.add_flag("--quiet", options.quiet,
               "Print only warnings and errors to standard error, no summary");
  app.add_flag("--verbose", options.verbose, "Print debug messages as well");
  app.set_version_flag("--version", "aidmatch-dispatch 0.1.0");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "aidmatch-dispatch: usage error: " << e.what()
              << "\nRun with --help for the options.\n";
    return 2;
  }
  const bool own_batch = !options.providers.empty() ||
                         !options.matters.empty() || !options.pools.empty();
  if (own_batch && (options.providers.empty() || options.matters.empty())) {
    std::cerr << "aidmatch-dispatch: usage error: --providers and --matters "
                 "must be given together (with --pools optional)\n";
    return 2;
  }
  if (!options.why_not.empty() && options.explain.empty()) {
    std::cerr << "aidmatch-dispatch: usage error: --why-not needs --explain "
                 "MATTER_ID\n";
    return 2;
  }
  if (!options.regions.empty() && !own_batch) {
    std::cerr << "aidmatch-dispatch: usage error: --regions needs "
                 "--providers and --matters, because the default batch "
                 "refers to Zhejiang's regions\n";
    return 2;
  }

  try {
    return run(options);
  } catch (const OutputError& e) {
    std::cerr << "aidmatch-dispatch: error: " << e.what() << "\n";
    return 1;
  } catch (const std::invalid_argument& e) {  // InputError among them
    return report_invalid_input(e);
  } catch (const std::out_of_range& e) {  // NotFoundError among them
    return report_invalid_input(e);
  } catch (const std::overflow_error& e) {  // scores beyond the solver's range
    return report_invalid_input(e);
  } catch (const std::bad_alloc&) {
    std::cerr << "aidmatch-dispatch: error: out of memory; the input needs "
                 "more memory than this process may use; split the batch or "
                 "raise the memory limit\n";
    return 1;
  }
}
