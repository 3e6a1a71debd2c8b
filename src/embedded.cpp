// Lookup of the data files compiled into the library.
#include <string>

#include "aidmatch/core/error.hpp"
#include "aidmatch/io/load.hpp"

namespace aidmatch::io {

namespace detail {
const std::vector<std::pair<std::string_view, std::string_view>>&
embedded_files();
}  // namespace detail

std::string_view embedded_file(std::string_view name) {
  for (const auto& [file_name, content] : detail::embedded_files()) {
    if (file_name == name) return content;
  }
  throw NotFoundError("no embedded data file named \"" + message_excerpt(name) +
                      "\"");
}

std::vector<std::string_view> embedded_file_names() {
  std::vector<std::string_view> names;
  for (const auto& [file_name, content] : detail::embedded_files()) {
    names.push_back(file_name);
  }
  return names;
}

}  // namespace aidmatch::io
