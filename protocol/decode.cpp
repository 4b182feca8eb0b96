// Frames in: every length, type and range is checked before use, and any
// failure becomes an error value with a stable code.

#include <cmath>

#include <msgpack.hpp>

#include "model/core/utf8.hpp"
#include "protocol/codec.hpp"

namespace summit::protocol {

namespace {

// Thrown inside decode() only, and turned into its error value there.
struct refusal {
  errc code;
  std::string message;
};

[[noreturn]] void refuse(errc code, std::string message) { throw refusal{code, std::move(message)}; }

const char* type_name(const msgpack::object& o) {
  switch (o.type) {
    case msgpack::type::NIL: return "nil";
    case msgpack::type::BOOLEAN: return "a boolean";
    case msgpack::type::POSITIVE_INTEGER:
    case msgpack::type::NEGATIVE_INTEGER: return "an integer";
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return "a float";
    case msgpack::type::STR: return "a string";
    case msgpack::type::BIN: return "binary";
    case msgpack::type::ARRAY: return "a list";
    case msgpack::type::MAP: return "a map";
    default: return "an extension";
  }
}

class body_reader {
 public:
  body_reader(const msgpack::object& body, kind k, std::size_t max_string_length)
      : kind_(to_string(k)), max_string_(max_string_length) {
    if (body.type != msgpack::type::MAP)
      refuse(errc::malformed, kind_ + ": body must be a map, got " + type_name(body));
    map_ = body.via.map;
  }

  const msgpack::object* find(std::string_view key) const {
    for (std::uint32_t i = 0; i < map_.size; ++i) {
      const auto& k = map_.ptr[i].key;
      if (k.type == msgpack::type::STR && std::string_view(k.via.str.ptr, k.via.str.size) == key)
        return &map_.ptr[i].val;
    }
    return nullptr;
  }

  const msgpack::object& require(std::string_view key) const {
    const auto* o = find(key);
    if (!o) invalid(key, "missing");
    return *o;
  }

  [[noreturn]] void invalid(std::string_view key, const std::string& why) const {
    refuse(errc::invalid_field, kind_ + "." + std::string(key) + ": " + why);
  }

  std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max) const {
    const auto& o = require(key);
    std::int64_t v = 0;
    if (o.type == msgpack::type::POSITIVE_INTEGER) {
      if (o.via.u64 > static_cast<std::uint64_t>(max))
        invalid(key, "must be at most " + std::to_string(max) + ", got " + std::to_string(o.via.u64));
      v = static_cast<std::int64_t>(o.via.u64);
    } else if (o.type == msgpack::type::NEGATIVE_INTEGER) {
      v = o.via.i64;
    } else {
      invalid(key, std::string("expected an integer, got ") + type_name(o));
    }
    if (v < min || v > max)
      invalid(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                       ", got " + std::to_string(v));
    return v;
  }

  std::uint64_t id(std::string_view key) const { return id_of(require(key), key); }

  std::uint64_t id_of(const msgpack::object& o, std::string_view key) const {
    if (o.type != msgpack::type::POSITIVE_INTEGER || o.via.u64 == 0)
      invalid(key, std::string("expected a positive integer id, got ") + type_name(o));
    return o.via.u64;
  }

  /// The elements of a list field, its length checked.
  std::vector<msgpack::object> list(std::string_view key) const {
    const auto& o = require(key);
    if (o.type != msgpack::type::ARRAY) invalid(key, std::string("expected a list, got ") + type_name(o));
    if (o.via.array.size > max_entries)
      refuse(errc::too_large, kind_ + "." + std::string(key) + ": more than " + std::to_string(max_entries) + " entries");
    return std::vector<msgpack::object>(o.via.array.ptr, o.via.array.ptr + o.via.array.size);
  }

  bool boolean(std::string_view key) const {
    const auto& o = require(key);
    if (o.type != msgpack::type::BOOLEAN) invalid(key, std::string("expected a boolean, got ") + type_name(o));
    return o.via.boolean;
  }

  std::string string(std::string_view key) const { return string_of(require(key), key, max_string_); }
  std::string string(std::string_view key, std::size_t max) const {
    return string_of(require(key), key, max);
  }

  std::string string_of(const msgpack::object& o, std::string_view key, std::size_t max) const {
    if (o.type != msgpack::type::STR) invalid(key, std::string("expected a string, got ") + type_name(o));
    if (o.via.str.size > max)
      refuse(errc::too_large, kind_ + "." + std::string(key) + ": longer than " + std::to_string(max) + " bytes");
    const std::string_view text(o.via.str.ptr, o.via.str.size);
    if (auto at = invalid_utf8_at(text))
      invalid(key, "not UTF-8 text (byte " + std::to_string(*at) + ")");
    return std::string(text);
  }

  /// A number, integers included; nullopt for nil. NaN passes (a model that
  /// diverged reports it, and the median rule stops such a trial);
  /// infinities do not.
  std::optional<double> number_of(const msgpack::object& o, const std::string& key) const {
    double v = 0;
    switch (o.type) {
      case msgpack::type::NIL: return std::nullopt;
      case msgpack::type::POSITIVE_INTEGER: v = static_cast<double>(o.via.u64); break;
      case msgpack::type::NEGATIVE_INTEGER: v = static_cast<double>(o.via.i64); break;
      case msgpack::type::FLOAT32:
      case msgpack::type::FLOAT64: v = o.via.f64; break;
      default: invalid(key, std::string("expected a number, got ") + type_name(o));
    }
    if (std::isinf(v)) invalid(key, "must be a finite number or NaN, got " + std::to_string(v));
    return v;
  }

  const msgpack::object_map& map(std::string_view key) const {
    const auto& o = require(key);
    if (o.type != msgpack::type::MAP) invalid(key, std::string("expected a map, got ") + type_name(o));
    if (o.via.map.size > max_entries)
      refuse(errc::too_large, kind_ + "." + std::string(key) + ": more than " +
                                  std::to_string(max_entries) + " entries");
    return o.via.map;
  }

  params parameters(std::string_view key) const {
    params out;
    const auto& m = map(key);
    for (std::uint32_t i = 0; i < m.size; ++i) {
      const std::string name = string_of(m.ptr[i].key, key, max_name);
      const auto& v = m.ptr[i].val;
      const std::string at = std::string(key) + "." + name;
      switch (v.type) {
        case msgpack::type::BOOLEAN: out[name] = v.via.boolean; break;
        case msgpack::type::POSITIVE_INTEGER:
          if (v.via.u64 > static_cast<std::uint64_t>(INT64_MAX)) invalid(at, "integer out of range");
          out[name] = static_cast<std::int64_t>(v.via.u64);
          break;
        case msgpack::type::NEGATIVE_INTEGER: out[name] = v.via.i64; break;
        case msgpack::type::FLOAT32:
        case msgpack::type::FLOAT64: out[name] = v.via.f64; break;
        case msgpack::type::STR: out[name] = string_of(v, at, max_string_); break;
        default: invalid(at, std::string("expected a scalar, got ") + type_name(v));
      }
    }
    return out;
  }

  std::map<std::string, std::string> strings(std::string_view key) const {
    std::map<std::string, std::string> out;
    const auto& m = map(key);
    for (std::uint32_t i = 0; i < m.size; ++i)
      out[string_of(m.ptr[i].key, key, max_name)] = string_of(m.ptr[i].val, key, max_string_);
    return out;
  }

  std::size_t max_string() const { return max_string_; }

 private:
  std::string kind_;
  std::size_t max_string_;
  msgpack::object_map map_{};
};

trial_ended decode_ended(const body_reader& r) {
  trial_ended m{r.id("trial"), static_cast<std::int32_t>(r.integer("exit_code", INT32_MIN, INT32_MAX)),
                static_cast<std::int32_t>(r.integer("signal", 0, 255)), {}};
  if (r.find("reason")) m.reason = r.string("reason", 1024);
  return m;
}

message decode_body(kind k, const msgpack::object& body, std::size_t max_string_length) {
  body_reader r(body, k, max_string_length);
  switch (k) {
    case kind::trial_request: return trial_request{r.id("trial")};
    case kind::trial_info: return trial_info{r.id("trial"), r.id("study"), r.parameters("params")};
    case kind::observation: {
      observation m{r.id("trial"), r.integer("iteration", 0, max_iteration), std::nullopt, {}};
      if (const auto* o = r.find("objective")) m.objective = r.number_of(*o, "objective");
      if (r.find("context")) {
        const auto& ctx = r.map("context");
        for (std::uint32_t i = 0; i < ctx.size; ++i) {
          std::string name = r.string_of(ctx.ptr[i].key, "context", max_name);
          if (name.empty()) r.invalid("context", "metric names must not be empty");
          auto v = r.number_of(ctx.ptr[i].val, "context." + name);
          if (!v) r.invalid("context." + name, "expected a number, got nil");
          m.context.emplace_back(std::move(name), *v);
        }
      }
      return m;
    }
    case kind::ack: return ack{r.id("trial"), r.integer("iteration", 0, max_iteration), r.boolean("stop")};
    case kind::error: {
      const auto code = r.integer("code", 1, 255);
      error_reply m{static_cast<errc>(code), r.string("message"), 0, -1};
      if (r.find("trial")) {
        m.trial = r.id("trial");
        m.iteration = r.integer("iteration", 0, max_iteration);
      }
      return m;
    }
    case kind::register_worker: {
      register_worker m{r.string("name", max_name),
                        static_cast<std::uint32_t>(r.integer("slots", 0, 1 << 20)), {}, {}, {}};
      for (const auto& o : r.list("resources")) m.resources.push_back(r.string_of(o, "resources", max_name));
      // Optional, so a worker of an earlier build still registers.
      if (r.find("running"))
        for (const auto& o : r.list("running")) m.running.push_back(r.id_of(o, "running"));
      if (r.find("ended"))
        for (const auto& o : r.list("ended")) {
          body_reader e(o, kind::trial_ended, r.max_string());
          m.ended.push_back(decode_ended(e));
        }
      return m;
    }
    case kind::registered:
      return registered{static_cast<std::uint32_t>(r.integer("heartbeat_ms", 10, 3600000)),
                        static_cast<std::uint32_t>(r.integer("timeout_ms", 10, 3600000))};
    case kind::heartbeat: return heartbeat{};
    case kind::ended_ack: return ended_ack{r.id("trial")};
    case kind::observations: {
      observations m;
      for (const auto& o : r.list("items")) m.items.push_back(std::get<observation>(decode_body(kind::observation, o, max_string_length)));
      return m;
    }
    case kind::replies: {
      replies m;
      for (const auto& o : r.list("items")) {
        body_reader item(o, kind::replies, max_string_length);
        if (item.find("code"))
          m.items.emplace_back(std::get<error_reply>(decode_body(kind::error, o, max_string_length)));
        else
          m.items.emplace_back(std::get<ack>(decode_body(kind::ack, o, max_string_length)));
      }
      return m;
    }
    case kind::run_trial:
      return run_trial{r.id("trial"), r.id("study"), r.parameters("params"), r.string("command"),
                       r.string("workdir")};
    case kind::kill_trial: return kill_trial{r.id("trial"), r.string("reason"), r.boolean("now")};
    case kind::study_request:
      return study_request{r.string("command", max_name),
                           static_cast<study_id>(r.integer("study", 0, INT64_MAX)), r.strings("args")};
    case kind::study_reply: return study_reply{r.string("json")};
    case kind::trial_ended: return decode_ended(r);
  }
  refuse(errc::unknown_kind, "unknown kind");
}

bool known_kind(std::uint64_t k) {
  return (k >= 1 && k <= 5) || (k >= 16 && k <= 24) || k == 30 || k == 31;
}

}  // namespace

expected<message> decode(std::string_view frame, const decode_limits& limits) {
  if (frame.size() > limits.frame)
    return make_error(errc::too_large, "frame of " + std::to_string(frame.size()) +
                                           " bytes exceeds " + std::to_string(limits.frame));
  try {
    // Limits bound what a hostile frame can make the unpacker allocate.
    // Depth 6: frame, body, a batch's items, an item, its context map.
    const msgpack::unpack_limit unpack_limits(max_entries, max_entries, limits.string, limits.string, 0, 6);
    std::size_t offset = 0;
    msgpack::object_handle handle;
    msgpack::unpack(handle, frame.data(), frame.size(), offset, nullptr, nullptr, unpack_limits);
    if (offset != frame.size())
      refuse(errc::malformed, std::to_string(frame.size() - offset) + " bytes after the frame");
    const msgpack::object& root = handle.get();
    if (root.type != msgpack::type::ARRAY || root.via.array.size != 3)
      refuse(errc::malformed, "a frame is [version, kind, body]");
    const auto& items = root.via.array.ptr;
    if (items[0].type != msgpack::type::POSITIVE_INTEGER)
      refuse(errc::malformed, "version must be an integer");
    if (items[0].via.u64 != version)
      refuse(errc::unsupported_version, "protocol version " + std::to_string(items[0].via.u64) +
                                            " is not supported (this side speaks " +
                                            std::to_string(version) + ")");
    if (items[1].type != msgpack::type::POSITIVE_INTEGER || !known_kind(items[1].via.u64))
      refuse(errc::unknown_kind, "unknown message kind");
    return decode_body(static_cast<kind>(items[1].via.u64), items[2], limits.string);
  } catch (const refusal& r) {
    return make_error(r.code, r.message);
  } catch (const msgpack::depth_size_overflow&) {
    return make_error(errc::too_large, "the frame is nested too deeply");
  } catch (const msgpack::size_overflow&) {
    return make_error(errc::too_large, "a string, list or map in the frame exceeds its limit");
  } catch (const std::exception& e) {
    return make_error(errc::malformed, std::string("not a msgpack frame: ") + e.what());
  }
}

}  // namespace summit::protocol
