#include "storage/records.hpp"

#include "model/study_file/study_file.hpp"
#include "storage/coding.hpp"
#include "storage/keys.hpp"

namespace summit::storage {

namespace {

constexpr std::uint8_t record_format = 1;

enum class value_tag : std::uint8_t { boolean = 1, integer = 2, float64 = 3, string = 4 };

void put_params(std::string& out, const params& p) {
  put_varint(out, p.size());
  for (const auto& [name, v] : p) {
    put_string(out, name);
    if (auto b = std::get_if<bool>(&v)) {
      out.push_back(static_cast<char>(value_tag::boolean));
      out.push_back(static_cast<char>(*b));
    } else if (auto i = std::get_if<std::int64_t>(&v)) {
      out.push_back(static_cast<char>(value_tag::integer));
      put_varint_signed(out, *i);
    } else if (auto d = std::get_if<double>(&v)) {
      out.push_back(static_cast<char>(value_tag::float64));
      put_double(out, *d);
    } else {
      out.push_back(static_cast<char>(value_tag::string));
      put_string(out, std::get<std::string>(v));
    }
  }
}

std::optional<params> get_params(reader& in) {
  auto n = in.varint();
  if (!n) return std::nullopt;
  params out;
  for (std::uint64_t i = 0; i < *n && !in.failed(); ++i) {
    auto name = in.string();
    auto tag = in.byte();
    if (!name || !tag) return std::nullopt;
    switch (static_cast<value_tag>(*tag)) {
      case value_tag::boolean:
        if (auto b = in.byte()) out[*name] = *b != 0;
        break;
      case value_tag::integer:
        if (auto v = in.varint_signed()) out[*name] = *v;
        break;
      case value_tag::float64:
        if (auto v = in.float64()) out[*name] = *v;
        break;
      case value_tag::string:
        if (auto v = in.string()) out[*name] = *v;
        break;
      default: return std::nullopt;
    }
  }
  if (in.failed()) return std::nullopt;
  return out;
}

struct encoder {
  std::pair<std::string, std::string> operator()(const model::study_record& s) const {
    std::string v(1, static_cast<char>(record_format));
    put_varint(v, s.id);
    put_string(v, model::canonical_text(s.spec));
    v.push_back(static_cast<char>(s.state));
    v.push_back(static_cast<char>(s.archived));
    put_string(v, s.workdir);
    put_varint_signed(v, s.created_ms);
    return {study_key(s.id), std::move(v)};
  }
  std::pair<std::string, std::string> operator()(const model::trial_record& t) const {
    std::string v(1, static_cast<char>(record_format));
    put_varint(v, t.id);
    put_varint(v, t.study);
    put_params(v, t.parameters);
    v.push_back(static_cast<char>(t.origin));
    put_varint(v, t.retry_of);
    put_varint(v, t.attempt);
    v.push_back(static_cast<char>(t.status));
    put_varint_signed(v, t.exit_code);
    put_varint_signed(v, t.signal);
    v.push_back(static_cast<char>(t.interrupted));
    put_string(v, t.reason);
    put_string(v, t.worker);
    put_varint_signed(v, t.started_ms);
    put_varint_signed(v, t.ended_ms);
    return {trial_key(t.study, t.id), std::move(v)};
  }
  std::pair<std::string, std::string> operator()(const observation_record& o) const {
    std::string v(1, static_cast<char>(record_format));
    put_double(v, o.objective);
    put_varint_signed(v, o.recorded_ms);
    put_varint(v, o.context.size());
    for (const auto& [name, x] : o.context) {
      put_string(v, name);
      put_double(v, x);
    }
    return {observation_key(o.trial, o.iteration), std::move(v)};
  }
};

summit::error corrupt(const std::string& what) { return make_error("corrupt " + what + " record"); }

bool check_format(reader& in) {
  auto f = in.byte();
  return f && *f == record_format;
}

}  // namespace

std::pair<std::string, std::string> encode(const record& r) { return std::visit(encoder{}, r); }

expected<model::study_record> decode_study(std::string_view value) {
  reader in(value);
  if (!check_format(in)) return corrupt("study");
  model::study_record s;
  auto id = in.varint();
  auto spec_json = in.string();
  auto state = in.byte();
  auto archived = in.byte();
  auto workdir = in.string();
  auto created = in.varint_signed();
  if (in.failed() || !in.done() || !study_state_from(*state)) return corrupt("study");
  auto spec = model::parse_study(*spec_json, "stored study " + std::to_string(*id), model::study_origin::stored);
  if (!spec) return spec.error();
  return model::study_record{*id, std::move(*spec), *study_state_from(*state), *archived != 0,
                                  std::move(*workdir), *created};
}

expected<model::trial_record> decode_trial(std::string_view value) {
  reader in(value);
  if (!check_format(in)) return corrupt("trial");
  model::trial_record t;
  auto id = in.varint();
  auto study = in.varint();
  auto parameters = get_params(in);
  auto origin = in.byte();
  auto retry_of = in.varint();
  auto attempt = in.varint();
  auto status = in.byte();
  auto exit_code = in.varint_signed();
  auto signal = in.varint_signed();
  auto interrupted = in.byte();
  auto reason = in.string();
  auto worker = in.string();
  auto started = in.varint_signed();
  auto ended = in.varint_signed();
  if (in.failed() || !in.done() || !parameters || !trial_origin_from(*origin) ||
      !trial_status_from(*status))
    return corrupt("trial");
  t.id = *id;
  t.study = *study;
  t.parameters = std::move(*parameters);
  t.origin = *trial_origin_from(*origin);
  t.retry_of = *retry_of;
  t.attempt = static_cast<std::uint32_t>(*attempt);
  t.status = *trial_status_from(*status);
  t.exit_code = static_cast<std::int32_t>(*exit_code);
  t.signal = static_cast<std::int32_t>(*signal);
  t.interrupted = *interrupted != 0;
  t.reason = std::move(*reason);
  t.worker = std::move(*worker);
  t.started_ms = *started;
  t.ended_ms = *ended;
  return t;
}

expected<observation_record> decode_observation(std::string_view key, std::string_view value) {
  reader k(key.substr(key.empty() ? 0 : 1));
  auto trial = k.fixed64_be();
  auto iteration = k.fixed64_be();
  reader in(value);
  if (!trial || !iteration || !k.done() || !check_format(in)) return corrupt("observation");
  observation_record o;
  o.trial = *trial;
  o.iteration = static_cast<std::int64_t>(*iteration);
  auto objective = in.float64();
  auto recorded = in.varint_signed();
  auto n = in.varint();
  if (!objective || !recorded || !n) return corrupt("observation");
  o.objective = *objective;
  o.recorded_ms = *recorded;
  for (std::uint64_t i = 0; i < *n && !in.failed(); ++i) {
    auto name = in.string();
    auto v = in.float64();
    if (name && v) o.context.emplace_back(std::move(*name), *v);
  }
  if (in.failed() || !in.done()) return corrupt("observation");
  return o;
}

expected<record> decode(std::string_view key, std::string_view value) {
  const auto as_record = [](auto decoded) -> expected<record> {
    if (!decoded) return decoded.error();
    return record(std::move(*decoded));
  };
  switch (static_cast<key_kind>(key.empty() ? 0 : key[0])) {
    case key_kind::study: return as_record(decode_study(value));
    case key_kind::trial: return as_record(decode_trial(value));
    case key_kind::observation: return as_record(decode_observation(key, value));
    default: return make_error("unknown key kind " + std::to_string(key.empty() ? 0 : key[0]));
  }
}

}  // namespace summit::storage
