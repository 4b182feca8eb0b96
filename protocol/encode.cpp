// Frames out: [version, kind, body] with each body a map of named fields.

#include "protocol/body_writer.hpp"
#include "protocol/codec.hpp"
#include "protocol/study_codec.hpp"

namespace summit::protocol {

namespace {

using detail::body_writer;
using detail::pack_params;
using detail::pack_double;
using detail::packer;

struct encoder {
  packer& pk;
  void operator()(const trial_request& m) const {
    body_writer b(pk, m.token.empty() ? 1 : 2);
    b.field("trial").pack_uint64(m.trial);
    if (!m.token.empty()) b.field("token").pack(m.token);
  }
  void operator()(const trial_info& m) const {
    body_writer b(pk, 3);
    b.field("trial").pack_uint64(m.trial);
    b.field("study").pack_uint64(m.study);
    pack_params(b.field("params"), m.parameters);
  }
  void operator()(const observation& m) const {
    body_writer b(pk, 3 + (m.objective ? 1 : 0) + (m.token.empty() ? 0 : 1));
    b.field("trial").pack_uint64(m.trial);
    b.field("iteration").pack_int64(m.iteration);
    if (m.objective) pack_double(b.field("objective"), *m.objective);
    b.field("context").pack_map(static_cast<std::uint32_t>(m.context.size()));
    for (const auto& [name, v] : m.context) {
      pk.pack(name);
      pack_double(pk, v);
    }
    if (!m.token.empty()) b.field("token").pack(m.token);
  }
  void operator()(const ack& m) const {
    body_writer b(pk, 3);
    b.field("trial").pack_uint64(m.trial);
    b.field("iteration").pack_int64(m.iteration);
    m.stop ? b.field("stop").pack_true() : b.field("stop").pack_false();
  }
  void operator()(const error_reply& m) const {
    const bool about_observation = m.trial != 0;
    body_writer b(pk, about_observation ? 4 : 2);
    b.field("code").pack_uint8(static_cast<std::uint8_t>(m.code));
    b.field("message").pack(m.message);
    if (!about_observation) return;
    b.field("trial").pack_uint64(m.trial);
    b.field("iteration").pack_int64(m.iteration);
  }
  void operator()(const register_worker& m) const {
    body_writer b(pk, m.study ? 6 : 5);
    b.field("name").pack(m.name);
    b.field("slots").pack_uint32(m.slots);
    b.field("resources").pack(m.resources);
    b.field("running").pack(m.running);
    b.field("ended").pack_array(static_cast<std::uint32_t>(m.ended.size()));
    for (const auto& e : m.ended) (*this)(e);
    if (m.study) b.field("study").pack_uint64(m.study);
  }
  void operator()(const registered& m) const {
    body_writer b(pk, 2);
    b.field("heartbeat_ms").pack_uint32(m.heartbeat_ms);
    b.field("timeout_ms").pack_uint32(m.timeout_ms);
  }
  void operator()(const heartbeat&) const { body_writer(pk, 0); }
  void operator()(const ended_ack& m) const { body_writer(pk, 1).field("trial").pack_uint64(m.trial); }
  void operator()(const observations& m) const {
    body_writer(pk, 1).field("items").pack_array(static_cast<std::uint32_t>(m.items.size()));
    for (const auto& o : m.items) (*this)(o);
  }
  void operator()(const replies& m) const {
    body_writer(pk, 1).field("items").pack_array(static_cast<std::uint32_t>(m.items.size()));
    for (const auto& r : m.items) std::visit(*this, r);
  }
  void operator()(const run_trial& m) const {
    body_writer b(pk, 5);
    b.field("trial").pack_uint64(m.trial);
    b.field("study").pack_uint64(m.study);
    pack_params(b.field("params"), m.parameters);
    b.field("command").pack(m.command);
    b.field("workdir").pack(m.workdir);
  }
  void operator()(const serve_algorithm& m) const {
    body_writer b(pk, 2);
    b.field("study").pack_uint64(m.study);
    b.field("name").pack(m.name);
  }
  void operator()(const suggest& m) const {
    body_writer b(pk, 2);
    b.field("study").pack_uint64(m.study);
    b.field("count").pack_uint32(m.count);
  }
  void operator()(const suggestions& m) const {
    body_writer b(pk, 3);
    b.field("study").pack_uint64(m.study);
    b.field("items").pack_array(static_cast<std::uint32_t>(m.items.size()));
    for (const auto& p : m.items) pack_params(pk, p);
    m.done ? b.field("done").pack_true() : b.field("done").pack_false();
  }
  void operator()(const kill_trial& m) const {
    body_writer b(pk, 3);
    b.field("trial").pack_uint64(m.trial);
    b.field("reason").pack(m.reason);
    m.now ? b.field("now").pack_true() : b.field("now").pack_false();
  }
  /// The study commands and their answers.
  template <class Study>
  void operator()(const Study& m) const {
    detail::encode_study_body(pk, m);
  }
  void operator()(const trial_ended& m) const {
    body_writer b(pk, 3 + (m.reason.empty() ? 0 : 1) + (m.last ? 1 : 0));
    b.field("trial").pack_uint64(m.trial);
    b.field("exit_code").pack_int32(m.exit_code);
    b.field("signal").pack_int32(m.signal);
    if (!m.reason.empty()) b.field("reason").pack(m.reason);
    if (m.last) {
      b.field("last");
      (*this)(*m.last);
    }
  }
  void operator()(const ask_trials& m) const { body_writer(pk, 1).field("count").pack_uint32(m.count); }
  void operator()(const study_over& m) const {
    body_writer b(pk, 2);
    b.field("study").pack_uint64(m.study);
    b.field("state").pack_uint8(static_cast<std::uint8_t>(m.state));
  }
};

}  // namespace

std::string encode(const message& m) {
  msgpack::sbuffer buf;
  packer pk(buf);
  pk.pack_array(3);
  pk.pack_uint32(version);
  pk.pack_uint8(static_cast<std::uint8_t>(kind_of(m)));
  std::visit(encoder{pk}, m);
  return std::string(buf.data(), buf.size());
}

}  // namespace summit::protocol
