#include "views/results.hpp"

#include <optional>

#include <sstream>

namespace summit::views {

namespace {

void write_csv_field(std::ostream& out, const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    out << text;
    return;
  }
  out << '"';
  for (char ch : text) {
    if (ch == '"') out << '"';
    out << ch;
  }
  out << '"';
}

/// Appends without a search for the key: columns are distinct, and
/// ordered_json's operator[] would make a row cost its cells squared.
void append(json& object, const std::string& key, json v) {
  auto& members = object.get_ref<json::object_t&>();
  static_cast<std::vector<json::object_t::value_type>&>(members).emplace_back(key, std::move(v));
}

json row_json(const model::results_table& t, const model::results_table::row& row) {
  json r = json::object();
  auto cell = row.begin();
  for (std::uint32_t i = 0; i < t.first_metric; ++i) {
    const bool has = cell != row.end() && cell->first == i;
    append(r, t.columns[i], has ? to_json(cell->second) : json(nullptr));
    if (has) ++cell;
  }
  for (; cell != row.end(); ++cell) append(r, t.columns[cell->first], to_json(cell->second));
  return r;
}

}  // namespace

void write_csv(std::ostream& out, const model::results_table& t) {
  table_writer w(out, table_writer::format::csv);
  w.write(t);
  w.finish();
}

std::string to_csv(const model::results_table& t) {
  std::ostringstream out;
  write_csv(out, t);
  return out.str();
}

json to_json(const model::results_table& t) {
  auto rows = json::array();
  for (const auto& row : t.rows) rows.push_back(row_json(t, row));
  return rows;
}

void write_json(std::ostream& out, const model::results_table& t) {
  table_writer w(out, table_writer::format::json_lines);
  w.write(t);
  w.finish();
}

expected<table_writer::format> table_writer::format_named(std::string_view name) {
  if (name == "csv") return format::csv;
  if (name == "json") return format::json_lines;
  return make_error("--format must be csv or json, got '" + std::string(name) + "'");
}

status write_table(std::ostream& out, const model::results_table& t, std::string_view format) {
  auto f = table_writer::format_named(format);
  if (!f) return f.error();
  table_writer w(out, *f);
  w.write(t);
  w.finish();
  return {};
}

void table_writer::write(const model::results_table& t) {
  if (format_ == format::json_lines) {
    if (!started_) out_ << '[';
    started_ = true;
    for (const auto& row : t.rows) {
      out_ << (any_row_ ? ",\n" : "\n") << row_json(t, row).dump();
      any_row_ = true;
    }
    return;
  }
  if (!started_) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (i) out_ << ',';
      write_csv_field(out_, t.columns[i]);
    }
    out_ << '\n';
    started_ = true;
  }
  for (const auto& row : t.rows) {
    std::uint32_t column = 0;
    for (const auto& [index, v] : row) {
      for (; column < index; ++column) out_ << (column ? "," : "");
      out_ << (column ? "," : "");
      write_csv_field(out_, summit::to_text(v));
      ++column;
    }
    for (; column < t.columns.size(); ++column) out_ << (column ? "," : "");
    out_ << '\n';
  }
}

void table_writer::finish() {
  if (format_ == format::json_lines) out_ << (started_ ? "" : "[") << (any_row_ ? "\n]\n" : "]\n");
}

status write_pages(std::ostream& out, table_writer::format f, const next_page& next) {
  table_writer writer(out, f);
  for (std::optional<model::results_table> page;;) {
    auto following = next(page ? &*page : nullptr);
    if (!following) return following.error();
    page = std::move(*following);
    writer.write(*page);
    if (page->next_after == 0) break;
  }
  writer.finish();
  return std::nullopt;
}

}  // namespace summit::views
