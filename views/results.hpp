#pragma once
// The results table (model/results/results_table.hpp) as the files and
// `study export` write it. Writing takes time in proportion to the output,
// and the writers stream: a million rows never become one string.

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "model/core/expected.hpp"
#include "model/results/results_table.hpp"
#include "views/json.hpp"

namespace summit::views {

/// RFC 4180 CSV with a header line; empty cells stay empty.
void write_csv(std::ostream& out, const model::results_table& t);
std::string to_csv(const model::results_table& t);

/// One object per row: every column before the context metrics (null when
/// empty), then the context metrics the row has.
json to_json(const model::results_table& t);
/// to_json's array, one row per line.
void write_json(std::ostream& out, const model::results_table& t);

/// Writes the table as `format` (csv or json), or refuses a format that is
/// neither, writing nothing.
status write_table(std::ostream& out, const model::results_table& t, std::string_view format);

/// A table written a page at a time as the pages arrive (a paged export):
/// the header with the first page, every page's rows, the end after the
/// last. The pages share their columns (one snapshot's).
class table_writer {
 public:
  enum class format : std::uint8_t { csv, json_lines };  // json_lines: a JSON array, one row per line
  /// Refuses a format that is neither csv nor json.
  static expected<format> format_named(std::string_view name);

  table_writer(std::ostream& out, format f) : out_(out), format_(f) {}
  void write(const model::results_table& page);
  void finish();

 private:
  std::ostream& out_;
  format format_;
  bool started_ = false;
  bool any_row_ = false;
};

/// Gives the page after `last` (nullptr: the first); a page whose
/// next_after is 0 is the last.
using next_page = std::function<expected<model::results_table>(const model::results_table* last)>;
/// Writes every page next() gives, or stops at the first it refuses.
status write_pages(std::ostream& out, table_writer::format f, const next_page& next);

}  // namespace summit::views
