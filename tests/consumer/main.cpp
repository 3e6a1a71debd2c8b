// Links against an installed aidmatch and dispatches the embedded default.
#include <aidmatch/aidmatch.hpp>
#include <iostream>

int main() {
  const aidmatch::Dataset data =
      aidmatch::io::load_dataset(aidmatch::io::default_tables());
  const aidmatch::Policy policy = aidmatch::parse_policy(
      aidmatch::io::embedded_file("policy/default.json"), "default.json");
  const aidmatch::DispatchResult result = aidmatch::dispatch(data, policy);
  std::cout << "consumer: " << result.assigned_count << " of "
            << data.matters.size() << " matters assigned\n";
  return result.assigned_count > 0 ? 0 : 1;
}
