// Frames in: every length, type and range is checked before use, and any
// failure becomes an error value with a stable code.

#include "protocol/body_reader.hpp"
#include "protocol/study_codec.hpp"

namespace summit::protocol {

namespace {

using detail::body_reader;
using detail::refusal;
using detail::refuse;

message decode_body(kind k, const msgpack::object& body, const decode_limits& limits);

trial_ended decode_ended(const body_reader& r, const decode_limits& limits) {
  trial_ended m{r.id("trial"), static_cast<std::int32_t>(r.integer("exit_code", INT32_MIN, INT32_MAX)),
                static_cast<std::int32_t>(r.integer("signal", 0, 255)), {}};
  if (r.find("reason")) m.reason = r.string("reason", 1024);
  if (const auto* o = r.find("last")) {
    m.last = std::get<observation>(decode_body(kind::observation, *o, limits));
    if (m.last->trial != m.trial) refuse(errc::invalid_field, "trial_ended.last is an observation of another trial");
  }
  return m;
}

message decode_body(kind k, const msgpack::object& body, const decode_limits& limits) {
  if (auto study = detail::decode_study_body(k, body, limits)) return std::move(*study);
  body_reader r(body, std::string(to_string(k)), limits);
  switch (k) {
    case kind::trial_request:
      return trial_request{r.id("trial"), r.find("token") ? r.string("token", max_token) : std::string()};
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
      if (r.find("token")) m.token = r.string("token", max_token);
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
        for (const auto& o : r.list("ended")) m.ended.push_back(decode_ended(body_reader(o, "trial_ended", limits), limits));
      if (r.find("study")) m.study = r.id("study");
      return m;
    }
    case kind::registered:
      return registered{static_cast<std::uint32_t>(r.integer("heartbeat_ms", 10, 3600000)),
                        static_cast<std::uint32_t>(r.integer("timeout_ms", 10, 3600000))};
    case kind::heartbeat: return heartbeat{};
    case kind::ended_ack: return ended_ack{r.id("trial")};
    case kind::observations: {
      observations m;
      for (const auto& o : r.list("items"))
        m.items.push_back(std::get<observation>(decode_body(kind::observation, o, limits)));
      return m;
    }
    case kind::replies: {
      replies m;
      for (const auto& o : r.list("items")) {
        if (body_reader(o, "replies", limits).find("code"))
          m.items.emplace_back(std::get<error_reply>(decode_body(kind::error, o, limits)));
        else
          m.items.emplace_back(std::get<ack>(decode_body(kind::ack, o, limits)));
      }
      return m;
    }
    case kind::run_trial:
      return run_trial{r.id("trial"), r.id("study"), r.parameters("params"), r.string("command"),
                       r.string("workdir")};
    case kind::kill_trial: return kill_trial{r.id("trial"), r.string("reason"), r.boolean("now")};
    case kind::trial_ended: return decode_ended(r, limits);
    case kind::serve_algorithm: return serve_algorithm{r.id("study"), r.string("name", max_name)};
    case kind::suggest: return suggest{r.id("study"), static_cast<std::uint32_t>(r.integer("count", 1, 1024))};
    case kind::ask_trials: return ask_trials{static_cast<std::uint32_t>(r.integer("count", 1, 1024))};
    case kind::study_over:  // stopping ... killed: the states that make no more trials
      return study_over{r.id("study"), static_cast<study_state>(r.integer("state", 3, 6))};
    case kind::suggestions: {
      suggestions m{r.id("study"), {}, r.boolean("done")};
      for (const auto& o : r.list("items")) m.items.push_back(r.parameters_of(o, "items"));
      return m;
    }
    default: break;
  }
  refuse(errc::unknown_kind, "unknown kind");
}

bool known_kind(std::uint64_t k) {
  return (k >= 1 && k <= 5) || (k >= 16 && k <= 29) || (k >= 32 && k <= 42) || (k >= 48 && k <= 57);
}

// What a command line of an earlier release sends.
bool retired_kind(std::uint64_t k) { return k == 30 || k == 31; }

}  // namespace

expected<message> decode(std::string_view frame, const decode_limits& limits) {
  if (frame.size() > limits.frame)
    return make_error(errc::too_large, "frame of " + std::to_string(frame.size()) +
                                           " bytes exceeds " + std::to_string(limits.frame));
  try {
    // Limits bound what a hostile frame can make the unpacker allocate.
    // Depth 6 by default: frame, body, a batch's items, an item, its context
    // map; a list of studies: frame, body, studies, a summary, its best, its
    // parameters.
    const msgpack::unpack_limit unpack_limits(limits.entries, limits.entries, limits.string, limits.string, 0,
                                              limits.depth);
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
    if (items[1].type == msgpack::type::POSITIVE_INTEGER && retired_kind(items[1].via.u64))
      refuse(errc::unknown_kind, "message kind " + std::to_string(items[1].via.u64) +
                                     " (study_request, study_reply) was retired: study commands have kinds of "
                                     "their own now; use a summit command line of the same release");
    if (items[1].type != msgpack::type::POSITIVE_INTEGER || !known_kind(items[1].via.u64))
      refuse(errc::unknown_kind, "unknown message kind");
    return decode_body(static_cast<kind>(items[1].via.u64), items[2], limits);
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
