// aidmatch-synth: writes a seeded synthetic batch (providers, pools,
// pairings, matters) over the embedded Zhejiang regions. The committed
// data/synthetic/ files are its output with the default options.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "aidmatch/aidmatch.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Write a synthetic provider pool and matter batch over "
               "Zhejiang's regions.",
               "aidmatch-synth"};
  aidmatch::synth::SyntheticOptions options;
  std::string out_dir;
  app.add_option("--out-dir", out_dir, "Folder for the four CSV files")
      ->required();
  app.add_option("--seed", options.seed, "Random seed")
      ->capture_default_str();
  app.add_option("--lawyers", options.lawyers, "Number of lawyers")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  app.add_option("--volunteers", options.volunteers, "Number of volunteers")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  app.add_option("--matters", options.matters, "Number of matters")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "aidmatch-synth: usage error: " << e.what()
              << "\nRun with --help for the options.\n";
    return 2;
  }

  try {
    const aidmatch::RegionGraph regions = aidmatch::io::default_regions();
    const aidmatch::synth::SyntheticTables tables =
        aidmatch::synth::generate(regions, options);

    std::filesystem::create_directories(out_dir);
    const std::pair<const char*, const std::string*> files[] = {
        {"providers.csv", &tables.providers},
        {"pools.csv", &tables.pools},
        {"pairings.csv", &tables.pairings},
        {"matters.csv", &tables.matters}};
    for (const auto& [name, text] : files) {
      const auto path = std::filesystem::path(out_dir) / name;
      std::ofstream file(path, std::ios::binary);
      file << *text;
      file.close();
      if (!file) {
        std::cerr << "aidmatch-synth: cannot write " << path.string() << "\n";
        return 1;
      }
      std::cerr << "aidmatch-synth: wrote " << path.string() << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "aidmatch-synth: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
