// The first use shown in the README: dispatch the embedded default batch and
// print where the first few matters went.
#include <iostream>

#include "aidmatch/aidmatch.hpp"

int main() {
  const aidmatch::Dataset data =
      aidmatch::io::load_dataset(aidmatch::io::default_tables());
  const aidmatch::Policy policy = aidmatch::parse_policy(
      aidmatch::io::embedded_file("policy/default.json"), "default.json");

  const aidmatch::DispatchResult result = aidmatch::dispatch(data, policy);
  for (int i = 0; i < 5; ++i) {
    const aidmatch::Assignment& a = result.assignments[i];
    std::cout << data.matters[a.matter].id << " -> "
              << (a.assigned() ? data.providers[a.provider].id
                               : "unassigned: " + a.reason_text)
              << "\n";
  }
  std::cout << result.assigned_count << " of " << data.matters.size()
            << " matters assigned\n";
}
