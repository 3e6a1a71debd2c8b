// JSON parsing for the library's input files. Before json::parse, one SAX
// pass makes two checks that json::parse does not. It limits nesting,
// because json::dump() in error messages and the policy compiler recurse
// once per level. It also rejects a key that appears twice in one object,
// whose first value json::parse would drop silently. The pass takes about half the
// time of json::parse.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "aidmatch/core/error.hpp"

namespace aidmatch::detail {

// A SAX handler that throws InputError at the first check that fails and
// stops quietly at a syntax error, which json::parse then reports.
class JsonInputChecker final : public nlohmann::json::json_sax_t {
 public:
  JsonInputChecker(const std::string& source, int max_depth)
      : source_(source), max_depth_(max_depth) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    open();
    keys_.emplace_back();
    return true;
  }
  bool key(string_t& key) override {
    if (!keys_.back().insert(key).second) {
      throw InputError(source_ + ": key \"" + key +
                       "\" appears twice in one object; keep one");
    }
    return true;
  }
  bool end_object() override {
    keys_.pop_back();
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    open();
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::json::exception&) override {
    return false;
  }

 private:
  void open() {
    if (++depth_ > max_depth_) {
      throw InputError(source_ + ": arrays and objects nested more than " +
                       std::to_string(max_depth_) +
                       " levels deep; check that this is the intended file");
    }
  }

  const std::string& source_;
  int max_depth_;
  int depth_ = 0;
  std::vector<std::set<std::string>> keys_;  // one set per open object
};

// Parses `text`. Throws InputError naming `source` for arrays and objects
// nested more than `max_depth` levels deep and for a repeated key, and
// nlohmann::json::exception for malformed JSON, as json::parse does.
inline nlohmann::json parse_json_input(std::string_view text,
                                       const std::string& source,
                                       int max_depth) {
  JsonInputChecker checker(source, max_depth);
  nlohmann::json::sax_parse(text, &checker);
  return nlohmann::json::parse(text);
}

}  // namespace aidmatch::detail
