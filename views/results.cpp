#include "views/results.hpp"

namespace summit::views {

namespace {

std::string csv_field(const model::results_table::cell& c) {
  if (!c) return "";
  std::string text = summit::to_text(*c);
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

}  // namespace

std::string to_csv(const model::results_table& t) {
  std::string out;
  for (std::size_t i = 0; i < t.columns.size(); ++i) out += (i ? "," : "") + csv_field(value{t.columns[i]});
  out += "\n";
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
    out += "\n";
  }
  return out;
}

json to_json(const model::results_table& t) {
  auto rows = json::array();
  for (const auto& row : t.rows) {
    json r;
    for (std::size_t i = 0; i < row.size(); ++i) r[t.columns[i]] = row[i] ? to_json(*row[i]) : json(nullptr);
    rows.push_back(std::move(r));
  }
  return rows;
}

expected<std::string> to_text(const model::results_table& t, std::string_view format) {
  if (format == "csv") return to_csv(t);
  if (format == "json") return to_json(t).dump(2) + "\n";
  return make_error("--format must be csv or json, got '" + std::string(format) + "'");
}

}  // namespace summit::views
