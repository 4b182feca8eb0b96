// The study commands and answers: their bodies read, each from a
// body_reader over the map (study_encode.cpp writes them).

#include "protocol/study_codec.hpp"

#include <limits>

#include "protocol/body_reader.hpp"

namespace summit::protocol::detail {

namespace {

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
