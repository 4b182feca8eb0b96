#include "protocol/study_codec.hpp"

#include <cmath>
#include <limits>

#include "protocol/body_reader.hpp"

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

// Decoding, each from a body_reader over the map.

template <class Enum>
Enum enum_field(const body_reader& r, std::string_view key, std::optional<Enum> (*from)(std::uint8_t), int last) {
  return *from(static_cast<std::uint8_t>(r.integer(key, 1, last)));
}

model::copies_summary read_copies(const body_reader& r) {
  model::copies_summary c;
  for (const auto& t : r.list("trials")) c.trials.push_back(r.id_of(t, "trials"));
  const auto how = model::repeat_aggregate_from(r.string("aggregate"));
  if (!how) r.invalid("aggregate", "not mean, median or best");
  c.aggregate = *how;
  const auto number = [&r](const char* key) { return r.number_of(r.require(key), key).value_or(0); };
  c.value = number("value");
  c.min = number("min");
  c.max = number("max");
  c.stddev = number("stddev");
  return c;
}

model::study_summary read_summary(const body_reader& r) {
  model::study_summary s;
  s.id = r.id("id");
  s.name = r.string("name");
  s.state = enum_field(r, "state", study_state_from, 6);
  s.archived = r.boolean("archived");
  const auto counts = r.nested(r.require("counts"), "counts");
  s.counts.running = static_cast<std::size_t>(counts.integer("running", 0, INT64_MAX));
  s.counts.completed = static_cast<std::size_t>(counts.integer("completed", 0, INT64_MAX));
  s.counts.failed = static_cast<std::size_t>(counts.integer("failed", 0, INT64_MAX));
  s.counts.stopped = static_cast<std::size_t>(counts.integer("stopped", 0, INT64_MAX));
  if (present(r, "planned")) s.planned = static_cast<std::size_t>(r.integer("planned", 0, INT64_MAX));
  s.metric = r.string("metric");
  s.direction = r.integer("goal", 1, 2) == 1 ? goal::minimize : goal::maximize;
  if (present(r, "best")) {
    const auto best = r.nested(r.require("best"), "best");
    s.best = best.id("trial");
    s.best_value = best.number_of(best.require("objective"), "objective");
    s.best_parameters = best.parameters("parameters");
    if (present(best, "copies")) s.best_copies = read_copies(best.nested(best.require("copies"), "copies"));
  }
  s.observations = static_cast<std::size_t>(r.integer("observations", 0, INT64_MAX));
  if (present(r, "waiting")) s.waiting = r.string("waiting", 1024);
  if (present(r, "objectives")) {
    for (const auto& o : r.list("objectives")) {
      const auto pair = r.list_of(o, "objectives");
      if (pair.size() != 2) r.invalid("objectives", "expected [metric, goal] pairs");
      const auto direction = r.integer_of(pair[1], "objectives", 1, 2) == 1 ? goal::minimize : goal::maximize;
      s.objectives.emplace_back(r.string_of(pair[0], "objectives", max_name), direction);
    }
    s.front = static_cast<std::size_t>(r.integer("front", 0, INT64_MAX));
  }
  return s;
}

model::trial_row read_row(const body_reader& r) {
  model::trial_row t;
  t.id = r.id("id");
  t.status = enum_field(r, "status", trial_status_from, 4);
  t.parameters = r.parameters("parameters");
  if (present(r, "last_iteration")) t.last_iteration = r.integer("last_iteration", -1, max_iteration);
  t.objective = r.number_of(r.require("objective"), "objective");
  t.origin = enum_field(r, "origin", trial_origin_from, 3);
  if (t.origin == trial_origin::retry) t.retry_of = r.id("retry_of");  // what it re-runs; only a retry has one
  if (r.find("worker")) t.worker = r.string("worker");
  if (r.find("reason")) t.reason = r.string("reason");
  if (present(r, "ended_ms")) t.ended_ms = r.integer("ended_ms", 0, INT64_MAX);
  if (present(r, "objectives"))
    for (const auto& v : r.list("objectives")) t.objectives.push_back(r.number_of(v, "objectives"));
  if (r.find("violation"))
    t.violation = present(r, "violation") ? r.number_of(r.require("violation"), "violation")
                                          : std::numeric_limits<double>::infinity();
  return t;
}

model::parameter read_parameter(const body_reader& r) {
  model::parameter p;
  p.name = r.string("name", max_name);
  const auto type = algorithms::parameter_type_from(r.string("type", max_name));
  if (!type) r.invalid("type", "expected continuous, discrete, choice or ordinal");
  p.type = *type;
  if (p.is_numeric()) {
    const auto scaling = algorithms::scale_from(r.string("scale", max_name));
    if (!scaling) r.invalid("scale", "expected linear, log or reverse_log");
    p.scaling = *scaling;
    const auto range = r.list("range");
    if (range.size() != 2) r.invalid("range", "expected [low, high]");
    const auto low = r.number_of(range[0], "range"), high = r.number_of(range[1], "range");
    if (!low || !high) r.invalid("range", "expected numbers");
    p.low = *low;
    p.high = *high;
  } else {
    for (const auto& v : r.list("values")) p.values.push_back(r.value_of(v, "values"));
  }
  if (r.find("when")) {
    const auto& when = r.map("when");
    for (std::uint32_t i = 0; i < when.size; ++i) {
      algorithms::condition c;
      c.parent = r.string_of(when.ptr[i].key, "when", max_name);
      for (const auto& v : r.list_of(when.ptr[i].val, "when")) c.values.push_back(r.value_of(v, "when"));
      p.when.push_back(std::move(c));
    }
  }
  return p;
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

std::optional<message> decode_study_body(kind k, const msgpack::object& body, const decode_limits& limits) {
  if (static_cast<int>(k) < static_cast<int>(kind::submit_study)) return std::nullopt;
  const body_reader r(body, std::string(to_string(k)), limits);
  // Ids below 2^63, as everywhere a person types them.
  const auto study = [&r] { return static_cast<study_id>(r.integer("study", 1, INT64_MAX)); };
  switch (k) {
    case kind::submit_study: return submit_request{r.string("text"), r.string("source", max_name), r.string("workdir")};
    case kind::list_studies: return model::list_studies{r.boolean("archived")};
    case kind::show_study: return model::show_study{study()};
    case kind::show_best: return model::show_best{study()};
    case kind::show_metrics:
      return model::show_metrics{study(), r.find("metric") ? r.string("metric", max_name) : std::string()};
    case kind::export_results: {
      model::export_results m{study()};
      if (present(r, "page_values")) {  // a coordinator before paging ignores these and sends the whole table
        m.page_values = static_cast<std::uint64_t>(r.integer("page_values", 1, INT64_MAX));
        m.after = static_cast<trial_id>(r.integer("after", 0, INT64_MAX));
        m.snapshot = static_cast<std::uint64_t>(r.integer("snapshot", 0, INT64_MAX));
      }
      return m;
    }
    case kind::stop_study: return model::stop_study{study()};
    case kind::kill_study: return model::kill_study{study()};
    case kind::archive_study: return model::archive_study{study()};
    case kind::stop_trial: return model::stop_trial{study(), static_cast<trial_id>(r.integer("trial", 1, INT64_MAX))};
    case kind::study_submitted: return model::study_submitted{study(), r.string("name")};
    case kind::study_list: {
      model::study_list m;
      for (const auto& s : r.list("studies")) m.studies.push_back(read_summary(r.nested(s, "studies")));
      return m;
    }
    case kind::study_details: {
      model::study_details m{read_summary(r.nested(r.require("summary"), "summary")), {}, {}};
      for (const auto& p : r.list("space")) m.space.push_back(read_parameter(r.nested(p, "space")));
      for (const auto& t : r.list("trials")) m.trials.push_back(read_row(r.nested(t, "trials")));
      return m;
    }
    case kind::best_trial: {
      model::best_trial m{r.string("metric"), read_row(r.nested(r.require("trial"), "trial")), std::nullopt};
      if (present(r, "copies")) m.copies = read_copies(r.nested(r.require("copies"), "copies"));
      if (present(r, "metrics")) {
        for (const auto& n : r.list("metrics")) m.metrics.push_back(r.string_of(n, "metrics", max_name));
        for (const auto& t : r.list("front")) m.front.push_back(read_row(r.nested(t, "front")));
      }
      return m;
    }
    case kind::metric_series: {
      model::metric_series m;
      m.metric = r.string("metric");
      for (const auto& n : r.list("names")) m.names.push_back(r.string_of(n, "names", limits.string));
      for (const auto& o : r.list("series")) {
        const auto one = r.nested(o, "series");
        auto& out = m.trials.emplace_back(model::metric_series::series{one.id("trial"), {}});
        for (const auto& p : one.list("points")) {
          const auto point = one.list_of(p, "points");
          if (point.size() != 2) one.invalid("points", "expected [iteration, value]");
          const auto v = one.number_of(point[1], "points");
          if (!v) one.invalid("points", "expected a number, got nil");
          out.points.emplace_back(one.integer_of(point[0], "points", 0, max_iteration), *v);
        }
      }
      return m;
    }
    case kind::dense_results: return read_dense_results(r);
    case kind::results: return read_results(r);
    case kind::study_summary: return read_summary(r);
    case kind::trial_stopping: return model::trial_stopping{r.id("trial")};
    case kind::show_importance: {
      const auto quantile = r.number_of(r.require("quantile"), "quantile");
      if (!quantile || !(*quantile > 0 && *quantile <= 1)) r.invalid("quantile", "expected a number in (0, 1]");
      return model::show_importance{study(), *quantile};
    }
    case kind::importances: {
      model::importances m{r.string("metric"), 0, static_cast<std::uint64_t>(r.integer("trials", 0, INT64_MAX)),
                           static_cast<std::uint64_t>(r.integer("top_trials", 0, INT64_MAX)), {}, r.string("note")};
      const auto quantile = r.number_of(r.require("quantile"), "quantile");
      m.quantile = quantile.value_or(0);
      for (const auto& p : r.list("parameters")) {
        const auto pair = r.list_of(p, "parameters");
        if (pair.size() != 2) r.invalid("parameters", "expected [name, share]");
        const auto share = r.number_of(pair[1], "parameters");
        if (!share) r.invalid("parameters", "expected a number, got nil");
        m.parameters.emplace_back(r.string_of(pair[0], "parameters", max_name), *share);
      }
      return m;
    }
    default: return std::nullopt;
  }
}

}  // namespace summit::protocol::detail
