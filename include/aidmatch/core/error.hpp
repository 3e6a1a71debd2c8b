// Exception types shared by every layer.
//
// Caller mistakes and invalid input are exceptions. Expected outcomes of a
// solve (a matter that no provider can serve, an infeasible network) are statuses in the
// result types instead, so that a batch never aborts on one bad matter.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace aidmatch {

// Invalid input data: a file, a record or a field that cannot be accepted.
// The message names the source (file and line, or JSON path), the field, the
// value received and what is expected. Derives from std::invalid_argument,
// so the Python bindings raise it as ValueError.
class InputError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A requested item (region code, provider id, matter id) that does not exist.
class NotFoundError : public std::out_of_range {
 public:
  using std::out_of_range::out_of_range;
};

// Returns `text` as an error message quotes it, short and printable
// whatever the input holds. Control characters become \xHH. Text longer
// than 80 bytes is cut at a UTF-8 character boundary and its full size
// appended: "abc... (12000 bytes)".
std::string message_excerpt(std::string_view text);

}  // namespace aidmatch
