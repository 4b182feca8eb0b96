// The results table's bodies (kinds 53 and 56, a page or the whole table),
// beside the other study bodies of study_encode.cpp and study_decode.cpp:
// the one wire form large enough to be packed a row at a time, straight
// from a study.

#include "protocol/study_codec.hpp"

#include "protocol/body_reader.hpp"

namespace summit::protocol::detail {

namespace {

std::vector<std::string> read_columns(const body_reader& r) {
  std::vector<std::string> columns;
  for (const auto& c : r.list("columns")) columns.push_back(r.string_of(c, "columns", r.limits().string));
  return columns;
}

}  // namespace

/// Kind 53, as coordinators before kind 56 sent it: every row a cell per
/// column, nil where there is no value.
model::results_table read_dense_results(const body_reader& r) {
  model::results_table t;
  t.columns = read_columns(r);
  t.first_metric = static_cast<std::uint32_t>(t.columns.size());
  for (const auto& row : r.list("rows")) {
    const auto cells = r.list_of(row, "rows");
    if (cells.size() != t.columns.size())
      r.invalid("rows", "a row of " + std::to_string(cells.size()) + " cells for " +
                            std::to_string(t.columns.size()) + " columns");
    auto& out = t.rows.emplace_back();
    for (std::uint32_t i = 0; i < cells.size(); ++i)
      if (cells[i].type != msgpack::type::NIL) out.emplace_back(i, r.value_of(cells[i], "rows"));
  }
  return t;
}

model::results_table read_results(const body_reader& r) {
  model::results_table t;
  t.columns = read_columns(r);
  const auto columns = static_cast<std::int64_t>(t.columns.size());
  t.first_metric = static_cast<std::uint32_t>(r.integer("first_metric", 0, columns));
  if (present(r, "next_after")) t.next_after = static_cast<trial_id>(r.integer("next_after", 0, INT64_MAX));
  if (present(r, "snapshot")) t.snapshot = static_cast<std::uint64_t>(r.integer("snapshot", 0, INT64_MAX));
  for (const auto& row : r.list("rows")) {
    const auto cells = r.list_of(row, "rows");
    if (cells.size() % 2 != 0) r.invalid("rows", "a row is a list of column, value pairs");
    auto& out = t.rows.emplace_back();
    out.reserve(cells.size() / 2);
    for (std::size_t i = 0; i < cells.size(); i += 2) {
      const auto column = static_cast<std::uint32_t>(r.integer_of(cells[i], "rows", 0, columns - 1));
      if (!out.empty() && column <= out.back().first) r.invalid("rows", "a row's columns must ascend");
      out.emplace_back(column, r.value_of(cells[i + 1], "rows"));
    }
  }
  return t;
}

namespace {

/// The fields before the rows, and the rows' list header.
void pack_results_head(packer& pk, const model::results_table& head, std::size_t rows) {
  const bool page = head.next_after != 0 || head.snapshot != 0;
  body_writer b(pk, page ? 5 : 3);
  b.field("columns").pack(head.columns);
  b.field("first_metric").pack(head.first_metric);
  if (page) {
    b.field("next_after").pack_uint64(head.next_after);
    b.field("snapshot").pack_uint64(head.snapshot);
  }
  b.field("rows").pack_array(static_cast<std::uint32_t>(rows));
}

void pack_results_row(packer& pk, const model::results_table::row& row) {
  pk.pack_array(static_cast<std::uint32_t>(row.size() * 2));
  for (const auto& [column, v] : row) {
    pk.pack(column);
    pack_value(pk, v);
  }
}

}  // namespace

void encode_study_body(packer& pk, const model::results_table& m) {
  pack_results_head(pk, m, m.rows.size());
  for (const auto& row : m.rows) pack_results_row(pk, row);
}

void encode_results_body(packer& pk, const model::study& s, const results_page& page) {
  auto head = model::results_header(s, page.metric_names);
  head.next_after = page.next_after;
  head.snapshot = page.snapshot;
  pack_results_head(pk, head, model::results_row_count(s));
  model::for_each_results_row(s, page.metric_names,
                              [&pk](const model::results_table::row& row) { pack_results_row(pk, row); });
}

}  // namespace summit::protocol::detail
