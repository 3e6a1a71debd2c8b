// Tabular records read from CSV or JSON, with typed field access whose errors
// name the file, the line or JSON path, the field and the value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "aidmatch/core/date.hpp"

namespace aidmatch::io {

// Records of one file. CSV: a header row, then one record per line (RFC 4180
// quoting, CRLF or LF, an optional UTF-8 byte order mark). JSON: an array of
// objects; scalar values become text, arrays become ';'-joined lists that
// only Record::list() accepts, and null counts as empty.
class Table {
 public:
  // Parses `content`, in the format given by the extension of `name`
  // (.csv or .json). Throws InputError naming `name` and the line or path
  // of any syntax error.
  static Table parse(std::string_view name, std::string_view content);
  // Reads and parses a file; throws InputError when it cannot be read.
  static Table read_file(const std::string& path);

  const std::string& name() const { return name_; }
  std::size_t size() const { return rows_.size(); }
  bool has_column(std::string_view column) const;
  const std::vector<std::string>& columns() const { return columns_; }
  // Throws InputError listing every missing column and the columns found.
  void require_columns(const std::vector<std::string_view>& columns) const;
  // Throws InputError naming the first column (or JSON field) that is not
  // in `known`, so that a misspelt column never falls back to a default.
  void reject_unknown_columns(const std::vector<std::string_view>& known) const;

  // "file:line" for CSV rows (the header is line 1), "file: [i]" for JSON.
  std::string location(std::size_t row) const;
  // The raw text of a field; empty when the column is absent or empty.
  std::string_view raw(std::size_t row, std::string_view column) const;
  // True for a JSON number with a fraction or exponent, whose text form is
  // the parser's and may differ from the file (1.10 becomes 1.1).
  bool is_json_float(std::size_t row, std::string_view column) const;
  // True for a JSON array, which only list columns accept.
  bool is_json_list(std::size_t row, std::string_view column) const;

 private:
  bool has_cell(const std::unordered_set<std::uint64_t>& cells,
                std::size_t row, std::string_view column) const;

  std::string name_;
  bool json_ = false;
  std::vector<std::string> columns_;
  std::unordered_map<std::string, std::size_t> column_index_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> lines_;
  // Cells (row << 32 | column) that held a JSON number with a fraction or
  // exponent.
  std::unordered_set<std::uint64_t> float_cells_;
  // Cells that held a JSON array.
  std::unordered_set<std::uint64_t> list_cells_;

  friend class TableBuilder;
};

// Typed access to one record. Each getter throws InputError whose message
// has the form `FILE:LINE: field "NAME": invalid value "V"; expected ...`.
class Record {
 public:
  Record(const Table& table, std::size_t row) : table_(table), row_(row) {}

  std::string location() const { return table_.location(row_); }
  std::string_view raw(std::string_view field) const {
    return table_.raw(row_, field);
  }
  // Text, trimmed of surrounding blanks. Throws when the field is required
  // and empty, and for a JSON number with a fraction or exponent, because
  // its text is not kept exactly. Ids and names must be JSON strings or
  // integers. Every getter but list() rejects a JSON array.
  std::string text(std::string_view field, bool required = false) const;
  std::int64_t integer(std::string_view field, std::int64_t min,
                       std::int64_t max,
                       std::optional<std::int64_t> fallback) const;
  // Rejects NaN and infinities.
  double number(std::string_view field, double min, double max,
                std::optional<double> fallback) const;
  // Accepts true/false, 1/0, yes/no (any case).
  bool boolean(std::string_view field, bool fallback) const;
  std::optional<Date> date(std::string_view field, bool required) const;
  // A ';'-separated list with blanks trimmed and empty items dropped.
  std::vector<std::string> list(std::string_view field) const;

  [[noreturn]] void fail(std::string_view field, std::string_view value,
                         std::string_view expected) const;

 private:
  // The trimmed text of any field, for the typed getters; a JSON array
  // only when `list` is true.
  std::string value(std::string_view field, bool required,
                    bool list = false) const;

  const Table& table_;
  std::size_t row_;
};

std::string trim(std::string_view text);

// Quotes a CSV field when it contains a comma, quote or line break.
std::string csv_escape(std::string_view field);

// Reads a whole file; throws InputError naming the path when it cannot.
std::string read_text_file(const std::string& path);

}  // namespace aidmatch::io
