// The study commands and answers: their bodies written (study_decode.cpp
// reads them back).

#include "protocol/study_codec.hpp"

#include <cmath>

namespace summit::protocol::detail {

namespace {

void pack_optional_double(packer& pk, const std::optional<double>& v) {
  if (v)
    pack_double(pk, *v);
  else
    pk.pack_nil();
}

void pack_copies(packer& pk, const model::copies_summary& c) {
  body_writer b(pk, 6);
  b.field("trials").pack_array(static_cast<std::uint32_t>(c.trials.size()));
  for (const trial_id t : c.trials) pk.pack_uint64(t);
  b.field("aggregate").pack(std::string(to_string(c.aggregate)));
  pack_double(b.field("value"), c.value);
  pack_double(b.field("min"), c.min);
  pack_double(b.field("max"), c.max);
  pack_double(b.field("stddev"), c.stddev);
}

void pack_study(packer& pk, study_id study) { body_writer(pk, 1).field("study").pack_uint64(study); }

void pack_optional_doubles(packer& pk, const std::vector<std::optional<double>>& values) {
  pk.pack_array(static_cast<std::uint32_t>(values.size()));
  for (const auto& v : values) pack_optional_double(pk, v);
}

void pack_summary(packer& pk, const model::study_summary& s) {
  const bool several = !s.objectives.empty();
  body_writer b(pk, 10 + (s.waiting.empty() ? 0 : 1) + (several ? 2 : 0));
  b.field("id").pack_uint64(s.id);
  b.field("name").pack(s.name);
  b.field("state").pack_uint8(static_cast<std::uint8_t>(s.state));
  s.archived ? b.field("archived").pack_true() : b.field("archived").pack_false();
  body_writer counts(b.field("counts"), 4);
  counts.field("running").pack_uint64(s.counts.running);
  counts.field("completed").pack_uint64(s.counts.completed);
  counts.field("failed").pack_uint64(s.counts.failed);
  counts.field("stopped").pack_uint64(s.counts.stopped);
  s.planned ? b.field("planned").pack_uint64(*s.planned) : b.field("planned").pack_nil();
  b.field("metric").pack(s.metric);
  b.field("goal").pack_uint8(static_cast<std::uint8_t>(s.direction));
  if (s.best) {
    body_writer best(b.field("best"), s.best_copies ? 4 : 3);
    best.field("trial").pack_uint64(*s.best);
    pack_optional_double(best.field("objective"), s.best_value);
    pack_params(best.field("parameters"), s.best_parameters);
    if (s.best_copies) pack_copies(best.field("copies"), *s.best_copies);
  } else {
    b.field("best").pack_nil();
  }
  b.field("observations").pack_uint64(s.observations);
  if (!s.waiting.empty()) b.field("waiting").pack(s.waiting);
  if (!several) return;
  b.field("objectives").pack_array(static_cast<std::uint32_t>(s.objectives.size()));
  for (const auto& [metric, direction] : s.objectives) {
    pk.pack_array(2);
    pk.pack(metric);
    pk.pack_uint8(static_cast<std::uint8_t>(direction));
  }
  b.field("front").pack_uint64(s.front);
}

void pack_row(packer& pk, const model::trial_row& t) {
  const bool retry = t.origin == trial_origin::retry;
  body_writer b(pk, 6 + (retry ? 1 : 0) + (t.worker.empty() ? 0 : 1) + (t.reason.empty() ? 0 : 1) +
                        (t.ended_ms ? 1 : 0) + (t.objectives.empty() ? 0 : 1) + (t.violation ? 1 : 0));
  b.field("id").pack_uint64(t.id);
  b.field("status").pack_uint8(static_cast<std::uint8_t>(t.status));
  pack_params(b.field("parameters"), t.parameters);
  t.last_iteration ? b.field("last_iteration").pack_int64(*t.last_iteration) : b.field("last_iteration").pack_nil();
  pack_optional_double(b.field("objective"), t.objective);
  b.field("origin").pack_uint8(static_cast<std::uint8_t>(t.origin));
  if (retry) b.field("retry_of").pack_uint64(t.retry_of);
  if (!t.worker.empty()) b.field("worker").pack(t.worker);
  if (!t.reason.empty()) b.field("reason").pack(t.reason);
  if (t.ended_ms) b.field("ended_ms").pack_int64(t.ended_ms);
  if (!t.objectives.empty()) pack_optional_doubles(b.field("objectives"), t.objectives);
  // +∞ (a constraint's metric missing) travels as nil: numbers on the wire are finite or NaN.
  if (t.violation) std::isinf(*t.violation) ? b.field("violation").pack_nil() : pack_double(b.field("violation"), *t.violation);
}

void pack_parameter(packer& pk, const model::parameter& p) {
  body_writer b(pk, (p.is_numeric() ? 4 : 3) + (p.when.empty() ? 0 : 1));
  b.field("name").pack(p.name);
  b.field("type").pack(std::string(to_string(p.type)));
  if (p.is_numeric()) {
    b.field("scale").pack(std::string(to_string(p.scaling)));
    b.field("range").pack_array(2);
    pack_double(pk, p.low);
    pack_double(pk, p.high);
  } else {
    b.field("values").pack_array(static_cast<std::uint32_t>(p.values.size()));
    for (const auto& v : p.values) pack_value(pk, v);
  }
  if (p.when.empty()) return;
  b.field("when").pack_map(static_cast<std::uint32_t>(p.when.size()));  // parent: the values it must hold
  for (const auto& c : p.when) {
    pk.pack(c.parent);
    pk.pack_array(static_cast<std::uint32_t>(c.values.size()));
    for (const auto& v : c.values) pack_value(pk, v);
  }
}

}  // namespace

void encode_study_body(packer& pk, const submit_request& m) {
  body_writer b(pk, 3);
  b.field("text").pack(m.text);
  b.field("source").pack(m.source);
  b.field("workdir").pack(m.workdir);
}

void encode_study_body(packer& pk, const model::list_studies& m) {
  m.archived ? body_writer(pk, 1).field("archived").pack_true() : body_writer(pk, 1).field("archived").pack_false();
}

void encode_study_body(packer& pk, const model::show_study& m) { pack_study(pk, m.study); }
void encode_study_body(packer& pk, const model::show_best& m) { pack_study(pk, m.study); }
void encode_study_body(packer& pk, const model::export_results& m) {
  if (m.page_values == 0) return pack_study(pk, m.study);  // the whole table, as before paging
  body_writer b(pk, 4);
  b.field("study").pack_uint64(m.study);
  b.field("page_values").pack_uint64(m.page_values);
  b.field("after").pack_uint64(m.after);
  b.field("snapshot").pack_uint64(m.snapshot);
}
void encode_study_body(packer& pk, const model::stop_study& m) { pack_study(pk, m.study); }
void encode_study_body(packer& pk, const model::kill_study& m) { pack_study(pk, m.study); }
void encode_study_body(packer& pk, const model::archive_study& m) { pack_study(pk, m.study); }

void encode_study_body(packer& pk, const model::show_metrics& m) {
  body_writer b(pk, m.metric.empty() ? 1 : 2);
  b.field("study").pack_uint64(m.study);
  if (!m.metric.empty()) b.field("metric").pack(m.metric);
}

void encode_study_body(packer& pk, const model::stop_trial& m) {
  body_writer b(pk, 2);
  b.field("study").pack_uint64(m.study);
  b.field("trial").pack_uint64(m.trial);
}

void encode_study_body(packer& pk, const model::study_submitted& m) {
  body_writer b(pk, 2);
  b.field("study").pack_uint64(m.id);
  b.field("name").pack(m.name);
}

void encode_study_body(packer& pk, const model::study_list& m) {
  body_writer(pk, 1).field("studies").pack_array(static_cast<std::uint32_t>(m.studies.size()));
  for (const auto& s : m.studies) pack_summary(pk, s);
}

void encode_study_body(packer& pk, const model::study_details& m) {
  body_writer b(pk, 3);
  pack_summary(b.field("summary"), m.summary);
  b.field("space").pack_array(static_cast<std::uint32_t>(m.space.size()));
  for (const auto& p : m.space) pack_parameter(pk, p);
  b.field("trials").pack_array(static_cast<std::uint32_t>(m.trials.size()));
  for (const auto& t : m.trials) pack_row(pk, t);
}

void encode_study_body(packer& pk, const model::best_trial& m) {
  const bool several = !m.metrics.empty();
  body_writer b(pk, (m.copies ? 3 : 2) + (several ? 2 : 0));
  b.field("metric").pack(m.metric);
  pack_row(b.field("trial"), m.trial);
  if (m.copies) pack_copies(b.field("copies"), *m.copies);
  if (!several) return;
  b.field("metrics").pack_array(static_cast<std::uint32_t>(m.metrics.size()));
  for (const auto& name : m.metrics) pk.pack(name);
  b.field("front").pack_array(static_cast<std::uint32_t>(m.front.size()));
  for (const auto& t : m.front) pack_row(pk, t);
}

void encode_study_body(packer& pk, const model::metric_series& m) {
  body_writer b(pk, 3);
  b.field("metric").pack(m.metric);
  b.field("names").pack(m.names);
  b.field("series").pack_array(static_cast<std::uint32_t>(m.trials.size()));
  for (const auto& one : m.trials) {
    body_writer s(pk, 2);
    s.field("trial").pack_uint64(one.trial);
    s.field("points").pack_array(static_cast<std::uint32_t>(one.points.size()));
    for (const auto& [iteration, v] : one.points) {
      pk.pack_array(2);
      pk.pack_int64(iteration);
      pack_double(pk, v);
    }
  }
}

void encode_study_body(packer& pk, const model::study_summary& m) { pack_summary(pk, m); }

void encode_study_body(packer& pk, const model::show_importance& m) {
  body_writer b(pk, 2);
  b.field("study").pack_uint64(m.study);
  pack_double(b.field("quantile"), m.quantile);
}

void encode_study_body(packer& pk, const model::importances& m) {
  body_writer b(pk, 6);
  b.field("metric").pack(m.metric);
  pack_double(b.field("quantile"), m.quantile);
  b.field("trials").pack_uint64(m.trials);
  b.field("top_trials").pack_uint64(m.top_trials);
  b.field("parameters").pack_array(static_cast<std::uint32_t>(m.parameters.size()));
  for (const auto& [name, share] : m.parameters) {
    pk.pack_array(2);
    pk.pack(name);
    pack_double(pk, share);
  }
  b.field("note").pack(m.note);
}

void encode_study_body(packer& pk, const model::trial_stopping& m) {
  body_writer(pk, 1).field("trial").pack_uint64(m.trial);
}

}  // namespace summit::protocol::detail
