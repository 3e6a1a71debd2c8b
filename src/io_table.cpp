// CSV and JSON tables with located, typed field access.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aidmatch/core/error.hpp"
#include "aidmatch/io/table.hpp"
#include "json_input.hpp"

namespace aidmatch::io {

std::string trim(std::string_view text) {
  const auto blank = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  };
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && blank(text[begin])) ++begin;
  while (end > begin && blank(text[end - 1])) --end;
  return std::string(text.substr(begin, end - begin));
}

std::string csv_escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(field);
  }
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string read_text_file(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw InputError("cannot read " + path + ": it is a directory; give a "
                     "file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError("cannot open " + path + ": " + std::strerror(errno) +
                     "; check the path");
  }
  // A regular file is read in one call, so the text is stored once. Other
  // files, such as pipes, are read in blocks.
  std::string text;
  const auto size = std::filesystem::file_size(path, error);
  if (!error && std::filesystem::is_regular_file(path, error)) {
    text.resize(static_cast<std::size_t>(size));
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<std::size_t>(in.gcount()));
  }
  char block[1 << 16];
  while (in.read(block, sizeof block) || in.gcount() > 0) {
    text.append(block, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw InputError("cannot read " + path);
  return text;
}

// Fills a Table; kept out of the header so Table stays read-only to users.
class TableBuilder {
 public:
  explicit TableBuilder(Table& table) : table_(table) {}

  void set_columns(std::vector<std::string> columns) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const std::string name = trim(columns[i]);
      if (name.empty()) {
        throw InputError(table_.name_ + ":1: column " + std::to_string(i + 1) +
                         " has an empty name; every header cell needs one");
      }
      if (!table_.column_index_.emplace(name, i).second) {
        throw InputError(table_.name_ + ":1: column \"" + name +
                         "\" appears twice in the header");
      }
      table_.columns_.push_back(name);
    }
  }
  void add_row(std::vector<std::string> cells, std::size_t line) {
    table_.rows_.push_back(std::move(cells));
    table_.lines_.push_back(line);
  }
  void mark_list(std::size_t row, std::size_t column) {
    table_.list_cells_.insert(static_cast<std::uint64_t>(row) << 32 | column);
  }
  void mark_float(std::size_t row, std::size_t column) {
    table_.float_cells_.insert(static_cast<std::uint64_t>(row) << 32 | column);
  }
  std::size_t add_column(const std::string& name) {
    const auto [it, inserted] =
        table_.column_index_.emplace(name, table_.columns_.size());
    if (inserted) table_.columns_.push_back(name);
    return it->second;
  }

 private:
  Table& table_;
};

namespace {

// Far more fields than any table of the data format has. The limit stops a
// file of commas before it takes gigabytes.
constexpr std::size_t kMaxFields = 1024;
// A table nests three levels: the array, its objects and list values.
constexpr int kMaxTableNesting = 8;

// Joins names for a message, at most 40 of them, each shortened.
template <typename Names>
std::string join_for_message(const Names& names) {
  std::string out;
  std::size_t count = 0;
  for (const auto& name : names) {
    if (count == 40) {
      out += ", ... (" + std::to_string(names.size()) + " in all)";
      break;
    }
    out += out.empty() ? "" : ", ";
    out += message_excerpt(name);
    ++count;
  }
  return out;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.substr(text.size() - suffix.size()) == suffix;
}

// Splits CSV text into records of fields. Quoted fields may hold commas,
// doubled quotes and line breaks. Returns each record's starting line.
// Returns the 1-based line of the first byte sequence that is not valid
// UTF-8, or 0 when the text is valid.
std::size_t first_invalid_utf8_line(std::string_view text) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') ++line;
    std::size_t length = 0;
    unsigned minimum = 0;
    unsigned code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2, minimum = 0x80, code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, minimum = 0x800, code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, minimum = 0x10000, code = c & 0x07;
    } else {
      return line;
    }
    if (i + length > text.size()) return line;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return line;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return line;
    }
    i += length;
  }
  return 0;
}

void parse_csv(const std::string& name, std::string_view text,
               TableBuilder& builder) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (const std::size_t bad_line = first_invalid_utf8_line(text)) {
    throw InputError(name + ":" + std::to_string(bad_line) +
                     ": the text is not valid UTF-8; save the file as UTF-8 "
                     "(for example convert it from GBK with iconv)");
  }
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false;
  bool field_quoted = false;
  std::size_t line = 1;
  std::size_t record_line = 1;
  bool header_done = false;
  std::size_t width = 0;

  auto end_record = [&]() {
    record.push_back(std::move(field));
    field.clear();
    field_quoted = false;
    const bool blank = record.size() == 1 && trim(record[0]).empty();
    if (!header_done) {
      if (blank) {
        throw InputError(name + ":" + std::to_string(record_line) +
                         ": the header row is empty; the first line must "
                         "name the columns");
      }
      width = record.size();
      builder.set_columns(std::move(record));
      header_done = true;
    } else if (!blank) {
      if (record.size() != width) {
        throw InputError(name + ":" + std::to_string(record_line) + ": " +
                         std::to_string(record.size()) +
                         " fields, but the header has " +
                         std::to_string(width) +
                         "; quote fields that contain commas");
      }
      builder.add_row(std::move(record), record_line);
    }
    record.clear();
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      if (!trim(field).empty() || field_quoted) {
        throw InputError(name + ":" + std::to_string(line) +
                         ": a quote inside an unquoted field; quote the "
                         "whole field and double inner quotes");
      }
      field.clear();
      in_quotes = true;
      field_quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_quoted = false;
      if (record.size() >= kMaxFields) {
        throw InputError(name + ":" + std::to_string(record_line) +
                         ": more than " + std::to_string(kMaxFields) +
                         " fields in one record; check that this is the "
                         "intended CSV file");
      }
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
      record_line = line;
    } else if (c == '\0') {
      throw InputError(name + ":" + std::to_string(line) +
                       ": a NUL byte; the file must be UTF-8 text");
    } else {
      if (field_quoted && c != ' ' && c != '\t') {
        throw InputError(name + ":" + std::to_string(line) +
                         ": text after a closing quote; quote the whole "
                         "field");
      }
      field += c;
    }
  }
  if (in_quotes) {
    throw InputError(name + ":" + std::to_string(record_line) +
                     ": a quoted field is not closed before the end of the "
                     "file");
  }
  if (!field.empty() || !record.empty()) end_record();
  if (!header_done) {
    throw InputError(name + ": the file is empty; expected a header row");
  }
}

std::string json_scalar_text(const nlohmann::json& value,
                             const std::string& where) {
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    if (text.find('\0') != std::string::npos) {
      throw InputError(where + ": a NUL character in a string; remove it");
    }
    return text;
  }
  if (value.is_null()) return "";
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

void parse_json(const std::string& name, std::string_view text,
                TableBuilder& builder) {
  nlohmann::json document;
  try {
    document = detail::parse_json_input(text, name, kMaxTableNesting);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(name + ": malformed JSON at byte " +
                     std::to_string(e.byte) + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    // For example a number too large for a double.
    throw InputError(name + ": invalid JSON: " + e.what());
  }
  if (!document.is_array()) {
    throw InputError(name + ": expected a JSON array of objects, found " +
                     std::string(document.type_name()));
  }
  std::vector<std::vector<std::pair<std::size_t, std::string>>> cells;
  for (std::size_t i = 0; i < document.size(); ++i) {
    const auto& item = document[i];
    if (!item.is_object()) {
      throw InputError(name + ": [" + std::to_string(i) +
                       "]: expected an object, found " +
                       std::string(item.type_name()));
    }
    if (item.size() > kMaxFields) {
      throw InputError(name + ": [" + std::to_string(i) + "]: more than " +
                       std::to_string(kMaxFields) +
                       " fields in one object; check that this is the "
                       "intended JSON file");
    }
    auto& row = cells.emplace_back();
    for (const auto& [key, value] : item.items()) {
      std::string text_value;
      if (value.is_array()) {
        builder.mark_list(i, builder.add_column(key));
        for (std::size_t j = 0; j < value.size(); ++j) {
          const std::string where = name + ": [" + std::to_string(i) + "]." +
                                    key + "[" + std::to_string(j) + "]";
          if (value[j].is_array() || value[j].is_object()) {
            throw InputError(where + ": expected a string or number");
          }
          if (value[j].is_number_float()) {
            throw InputError(where + ": a list item that is a JSON number "
                             "with a fraction or exponent, " +
                             value[j].dump() + "; write it as a string");
          }
          if (j > 0) text_value += ';';
          text_value += json_scalar_text(value[j], where);
        }
      } else if (value.is_object()) {
        throw InputError(name + ": [" + std::to_string(i) + "]." + key +
                         ": expected a string, number, boolean or list");
      } else {
        text_value = json_scalar_text(
            value, name + ": [" + std::to_string(i) + "]." + key);
        if (value.is_number_float()) {
          builder.mark_float(i, builder.add_column(key));
        }
      }
      row.emplace_back(builder.add_column(key), std::move(text_value));
    }
  }
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::vector<std::string> row;
    for (auto& [column, value] : cells[i]) {
      if (row.size() <= column) row.resize(column + 1);
      row[column] = std::move(value);
    }
    builder.add_row(std::move(row), i);
  }
}

}  // namespace

Table Table::parse(std::string_view name, std::string_view content) {
  Table table;
  table.name_ = std::string(name);
  TableBuilder builder(table);
  if (ends_with(name, ".json")) {
    table.json_ = true;
    parse_json(table.name_, content, builder);
  } else if (ends_with(name, ".csv")) {
    parse_csv(table.name_, content, builder);
  } else {
    throw InputError(std::string(name) +
                     ": unknown file type; use a .csv or .json file");
  }
  return table;
}

Table Table::read_file(const std::string& path) {
  return parse(path, read_text_file(path));
}

bool Table::has_column(std::string_view column) const {
  return column_index_.count(std::string(column)) != 0;
}

void Table::require_columns(
    const std::vector<std::string_view>& columns) const {
  std::string missing;
  for (std::string_view column : columns) {
    if (!has_column(column)) {
      missing += missing.empty() ? "" : ", ";
      missing += column;
    }
  }
  if (missing.empty()) return;
  // A JSON file with no records has no columns to check.
  if (json_ && rows_.empty()) return;
  const std::string found = join_for_message(columns_);
  throw InputError(name_ + ": missing " +
                   (json_ ? std::string("field ") : std::string("column ")) +
                   missing + "; found: " + (found.empty() ? "none" : found));
}

void Table::reject_unknown_columns(
    const std::vector<std::string_view>& known) const {
  for (const std::string& column : columns_) {
    if (std::find(known.begin(), known.end(), column) != known.end()) continue;
    throw InputError(name_ + ": unknown " +
                     (json_ ? std::string("field") : std::string("column")) +
                     " \"" + message_excerpt(column) +
                     "\"; expected only: " + join_for_message(known));
  }
}

std::string Table::location(std::size_t row) const {
  if (json_) return name_ + ": [" + std::to_string(lines_.at(row)) + "]";
  return name_ + ":" + std::to_string(lines_.at(row));
}

bool Table::has_cell(const std::unordered_set<std::uint64_t>& cells,
                     std::size_t row, std::string_view column) const {
  if (cells.empty()) return false;
  const auto it = column_index_.find(std::string(column));
  if (it == column_index_.end()) return false;
  return cells.count(static_cast<std::uint64_t>(row) << 32 | it->second) != 0;
}

bool Table::is_json_float(std::size_t row, std::string_view column) const {
  return has_cell(float_cells_, row, column);
}

bool Table::is_json_list(std::size_t row, std::string_view column) const {
  return has_cell(list_cells_, row, column);
}

std::string_view Table::raw(std::size_t row, std::string_view column) const {
  const auto it = column_index_.find(std::string(column));
  if (it == column_index_.end()) return {};
  const auto& cells = rows_.at(row);
  return it->second < cells.size() ? std::string_view(cells[it->second])
                                   : std::string_view();
}

void Record::fail(std::string_view field, std::string_view value,
                  std::string_view expected) const {
  throw InputError(location() + ": field \"" + std::string(field) +
                   "\": invalid value \"" + message_excerpt(value) +
                   "\"; expected " + std::string(expected));
}

namespace {

// Text fields refuse a JSON number with a fraction or exponent, whose text
// is the parser's (1.10 becomes 1.1).
void reject_json_float(const Record& record, const Table& table,
                       std::size_t row, std::string_view field) {
  if (table.is_json_float(row, field)) {
    record.fail(field, record.raw(field),
                "text; a JSON number with a fraction or exponent is not read "
                "exactly, so write it as a string");
  }
}

}  // namespace

std::string Record::text(std::string_view field, bool required) const {
  reject_json_float(*this, table_, row_, field);
  return value(field, required);
}

std::string Record::value(std::string_view field, bool required,
                          bool list) const {
  if (!list && table_.is_json_list(row_, field)) {
    fail(field, raw(field),
         "one value, not a JSON list; lists belong in list columns only");
  }
  std::string value = trim(raw(field));
  if (required && value.empty()) {
    throw InputError(location() + ": field \"" + std::string(field) +
                     "\" is empty; a value is required");
  }
  return value;
}

std::int64_t Record::integer(std::string_view field, std::int64_t min,
                             std::int64_t max,
                             std::optional<std::int64_t> fallback) const {
  const std::string value = this->value(field, !fallback.has_value());
  if (value.empty()) return *fallback;
  std::int64_t parsed = 0;
  const auto [end, error] =
      std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (error != std::errc() || end != value.data() + value.size() ||
      parsed < min || parsed > max) {
    fail(field, value,
         "an integer from " + std::to_string(min) + " to " +
             std::to_string(max));
  }
  return parsed;
}

double Record::number(std::string_view field, double min, double max,
                      std::optional<double> fallback) const {
  const std::string value = this->value(field, !fallback.has_value());
  if (value.empty()) return *fallback;
  // from_chars reads plain decimal or exponent notation only: no hex
  // floats, no "inf" or "nan" accepted silently, no locale.
  double parsed = 0.0;
  const auto [end, error] =
      std::from_chars(value.data(), value.data() + value.size(), parsed,
                      std::chars_format::general);
  if (error != std::errc() || end != value.data() + value.size() ||
      !std::isfinite(parsed) || parsed < min || parsed > max) {
    std::ostringstream range;
    range << "a finite number from " << min << " to " << max;
    fail(field, value, range.str());
  }
  return parsed;
}

bool Record::boolean(std::string_view field, bool fallback) const {
  std::string value = this->value(field, false);
  if (value.empty()) return fallback;
  std::string lower = value;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower == "true" || lower == "1" || lower == "yes") return true;
  if (lower == "false" || lower == "0" || lower == "no") return false;
  fail(field, value, "true or false");
}

std::optional<Date> Record::date(std::string_view field, bool required) const {
  const std::string value = this->value(field, required);
  if (value.empty()) return std::nullopt;
  const auto parsed = Date::parse(value);
  if (!parsed) fail(field, value, "a date YYYY-MM-DD");
  return parsed;
}

std::vector<std::string> Record::list(std::string_view field) const {
  std::vector<std::string> items;
  reject_json_float(*this, table_, row_, field);
  const std::string value = this->value(field, false, true);
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t end = std::min(value.find(';', start), value.size());
    std::string item = trim(std::string_view(value).substr(start, end - start));
    if (!item.empty()) items.push_back(std::move(item));
    start = end + 1;
  }
  return items;
}

}  // namespace aidmatch::io
