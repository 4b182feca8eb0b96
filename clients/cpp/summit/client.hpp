#pragma once
// Summit's C++ trial client: header-only, needs cppzmq and msgpack-cxx.
//
//   summit::client::client c;                 // reads SUMMIT_ENDPOINT, SUMMIT_TRIAL_ID, SUMMIT_TRIAL_TOKEN
//   auto trial = c.get_trial();               // trial.parameters["lr"] ...
//   bool stop = c.send_metrics(trial, epoch, val_loss, {{"acc", acc}});
//   if (stop) return 0;                       // the stopping rule ended this trial
//
// send_metrics returns once the observation is durably stored;
// send_metrics_nowait returns at once and collect() waits for all those
// sent so (a trial that reports often). Requests are
// idempotent; a request that gets no answer, or an answer that the
// coordinator is away, is sent again until SUMMIT_TIMEOUT seconds (default
// 3600: a trial waits out a coordinator restart) have passed, then
// summit::client::error is thrown. The wire format is protocol/README.md;
// over plain TCP the client speaks ZMTP itself (zmtp.hpp), in the calling
// thread, and starts libzmq only for CURVE or another transport.
//
// Built with SUMMIT_CLIENT_WITHOUT_LIBZMQ defined, it needs msgpack-cxx
// only, and a worker key or an endpoint other than tcp:// and ipc:// is its
// error (`summit report` is built so, and leaves those to the full binary).

#include <chrono>
#include <cstdint>
#include <cstring>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <variant>

#include <msgpack.hpp>
#include <summit/connection.hpp>
#include <summit/frames.hpp>
#include <summit/zmtp.hpp>
#ifndef SUMMIT_CLIENT_WITHOUT_LIBZMQ
#include <zmq.hpp>
#endif

namespace summit::client {

struct trial {
  std::uint64_t id = 0;
  std::uint64_t study = 0;
  std::map<std::string, value> parameters;
};

class client {
 public:
  /// From the environment a worker gives every trial; throws error when
  /// the process is not a Summit trial.
  client()
      : client(from_env("SUMMIT_ENDPOINT"), parse_id(from_env("SUMMIT_TRIAL_ID")), env_timeout(),
               optional_env("SUMMIT_TRIAL_TOKEN"), optional_env("SUMMIT_WORKER_KEY")) {}

  /// token: the trial's SUMMIT_TRIAL_TOKEN; its worker refuses requests
  /// without it. worker_key: SUMMIT_WORKER_KEY, set when the worker's socket
  /// is encrypted (CURVE; this client then uses a key pair of its own).
  client(std::string endpoint, std::uint64_t trial_id,
         std::chrono::milliseconds timeout = std::chrono::seconds(3600), std::string token = "",
         std::string worker_key = "")
      : endpoint_(std::move(endpoint)),
        trial_id_(trial_id),
        timeout_(timeout),
        token_(std::move(token)),
        worker_key_(std::move(worker_key)) {}

  std::uint64_t trial_id() const { return trial_id_; }

  trial get_trial() {
    msgpack::sbuffer buf;
    msgpack::packer<msgpack::sbuffer> pk(buf);
    detail::header(pk, detail::kind_trial_request, token_.empty() ? 1 : 2);
    pk.pack(std::string("trial"));
    pk.pack_uint64(trial_id_);
    pack_token(pk);
    auto reply = call(std::string(buf.data(), buf.size()));
    const msgpack::object& body = detail::expect(reply.get(), detail::kind_trial_info);
    trial t;
    t.id = detail::field(body, "trial").as<std::uint64_t>();
    t.study = detail::field(body, "study").as<std::uint64_t>();
    const auto& params = detail::field(body, "params");
    for (std::uint32_t i = 0; i < params.via.map.size; ++i) {
      const auto& kv = params.via.map.ptr[i];
      t.parameters[kv.key.as<std::string>()] = detail::to_value(kv.val);
    }
    return t;
  }

  /// True when the trial should stop. objective may be empty when context
  /// holds the study's objective metric. Observations sent with
  /// send_metrics_nowait are collected first.
  bool send_metrics(const trial& t, std::int64_t iteration, std::optional<double> objective,
                    const std::map<std::string, double>& context = {}) {
    if (!pending_.empty()) {
      send_metrics_nowait(t, iteration, objective, context);
      return collect();
    }
    auto reply = call(observation_frame(t, iteration, objective, context));
    return detail::field(detail::expect(reply.get(), detail::kind_ack), "stop").as<bool>();
  }

  /// Sends without waiting, for a trial that reports often; collect() then
  /// waits until every observation so sent is durably stored. At most
  /// `window` are in flight: past that, a send first takes acknowledgements.
  void send_metrics_nowait(const trial& t, std::int64_t iteration, std::optional<double> objective,
                           const std::map<std::string, double>& context = {}) {
    wait_until(window - 1);
    auto frame = observation_frame(t, iteration, objective, context);
    send_pipelined(frame);
    pending_[{t.id, iteration}] = std::move(frame);
  }

  /// Waits for the acknowledgement of every observation sent with
  /// send_metrics_nowait. True when one said the trial should stop; a
  /// refused one is thrown once all have come.
  bool collect() {
    wait_until(0);
    if (refused_) {
      const error first = *refused_;
      refused_.reset();
      throw first;
    }
    return stop_;
  }

  static constexpr std::size_t window = 256;

 private:
  static std::string from_env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v)
      throw error(0, std::string("not inside a Summit trial: ") + name + " is not set");
    return v;
  }

  static std::string optional_env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
  }

  void pack_token(msgpack::packer<msgpack::sbuffer>& pk) const {
    if (token_.empty()) return;
    pk.pack(std::string("token"));
    pk.pack(token_);
  }

  static std::uint64_t parse_id(const std::string& s) {
    // Digits only: stoull would take "-5" as 2^64 - 5.
    if (!s.empty() && s.size() <= 19 && s.find_first_not_of("0123456789") == std::string::npos) {
      const auto id = std::stoull(s);
      if (id > 0 && id <= static_cast<std::uint64_t>(INT64_MAX)) return id;
    }
    throw error(0, "SUMMIT_TRIAL_ID is not a trial id: '" + s + "'");
  }

  static std::chrono::milliseconds env_timeout() {
    const char* v = std::getenv("SUMMIT_TIMEOUT");
    if (!v || !*v) return std::chrono::seconds(3600);
    try {
      std::size_t used = 0;
      const double seconds = std::stod(v, &used);
      // Also refuses nan, inf and "5s"; a year is long enough for any trial.
      if (used == std::strlen(v) && seconds > 0 && seconds <= 366 * 86400.0)
        return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    } catch (const std::exception&) {
    }
    throw error(0, std::string("SUMMIT_TIMEOUT is not a number of seconds: '") + v + "'");
  }

  std::string observation_frame(const trial& t, std::int64_t iteration, std::optional<double> objective,
                                const std::map<std::string, double>& context) const {
    msgpack::sbuffer buf;
    msgpack::packer<msgpack::sbuffer> pk(buf);
    detail::header(pk, detail::kind_observation, (objective ? 4 : 3) + (token_.empty() ? 0 : 1));
    pk.pack(std::string("trial"));
    pk.pack_uint64(t.id);
    pk.pack(std::string("iteration"));
    pk.pack_int64(iteration);
    if (objective) {
      pk.pack(std::string("objective"));
      detail::pack_float64(pk, *objective);
    }
    pk.pack(std::string("context"));
    pk.pack_map(static_cast<std::uint32_t>(context.size()));
    for (const auto& [name, v] : context) {
      pk.pack(name);
      detail::pack_float64(pk, v);
    }
    pack_token(pk);
    return std::string(buf.data(), buf.size());
  }

  /// Plain TCP and Unix sockets speak ZMTP in this thread (zmtp.hpp); CURVE
  /// and other transports go through libzmq, whose context is made when
  /// first needed.
  std::unique_ptr<detail::connection> connected() {
    const auto tcp = detail::zmtp_dealer::tcp_address(endpoint_);
    const auto ipc = detail::zmtp_dealer::ipc_path(endpoint_);
    try {
      if (tcp && worker_key_.empty())
        return std::make_unique<detail::zmtp_dealer>(tcp->first, tcp->second, std::chrono::seconds(5));
      if (ipc && worker_key_.empty()) return std::make_unique<detail::zmtp_dealer>(*ipc, std::chrono::seconds(5));
#ifdef SUMMIT_CLIENT_WITHOUT_LIBZMQ
      throw error(0, worker_key_.empty()
                         ? "SUMMIT_ENDPOINT is not an address Summit can reach: '" + endpoint_ + "' (built without libzmq)"
                         : "SUMMIT_WORKER_KEY needs CURVE: this client is built without libzmq");
#else
      if (!context_) context_ = std::make_unique<zmq::context_t>(1);
      return std::make_unique<detail::zmq_dealer_connection>(
          *context_, endpoint_, worker_key_.empty() ? std::nullopt : std::optional<std::string>(worker_key_));
#endif
    } catch (const std::invalid_argument& e) {
      throw error(0, "SUMMIT_ENDPOINT is not an address Summit can reach: '" + endpoint_ + "' (" + e.what() + ")");
    }
#ifndef SUMMIT_CLIENT_WITHOUT_LIBZMQ
    catch (const zmq::error_t& e) {
      throw error(0, (worker_key_.empty() ? "SUMMIT_ENDPOINT is not an address Summit can reach: '" + endpoint_ + "'"
                                          : "cannot reach SUMMIT_ENDPOINT '" + endpoint_ + "' with SUMMIT_WORKER_KEY") +
                         " (" + e.what() + ")");
    }
#endif
  }

  /// A worker that refuses or drops connections is tried again after this.
  static void pause_before_reconnecting(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    std::this_thread::sleep_for(std::max(std::chrono::milliseconds(0), std::min(left, std::chrono::milliseconds(100))));
  }

  // Pipelined observations go on a connection of their own; replies come in
  // any order. One that cannot be sent now stays pending, sent again later.
  void send_pipelined(const std::string& frame) {
    try {
      if (!dealer_) dealer_ = connected();
      dealer_->send(frame);
    } catch (const detail::broken&) {
      dealer_.reset();
    }
  }

  /// Takes replies until at most `most` observations are pending, sending
  /// the pending ones again (they are idempotent) after each try without an
  /// answer; beyond the sockets' queues a ROUTER would drop replies.
  void wait_until(std::size_t most) {
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + timeout_;
    while (pending_.size() > most) {
      const auto try_until = std::min(deadline, clock::now() + std::chrono::milliseconds(5000));
      try {
        while (dealer_ && pending_.size() > most && clock::now() < try_until) {
          const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(try_until - clock::now());
          const auto reply = dealer_->receive(std::max(std::chrono::milliseconds(1), left));
          if (!reply) break;
          take_reply(*reply);
        }
      } catch (const detail::broken&) {
        dealer_.reset();
      }
      if (pending_.size() <= most) break;
      if (clock::now() >= deadline)
        throw error(detail::unavailable, "no answer from the Summit worker at " + endpoint_ + " within " +
                                     std::to_string(timeout_.count() / 1000.0).substr(0, 5) + " s");
      if (!dealer_) pause_before_reconnecting(deadline);
      for (const auto& [key, frame] : pending_) send_pipelined(frame);
    }
  }

  void take_reply(const std::string& reply) {
    const auto handle = detail::unpack_reply(reply);
    const auto& frame = handle.get();
    if (detail::is_unavailable(frame)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // what is pending goes again after this try
      return;
    }
    if (frame.type != msgpack::type::ARRAY || frame.via.array.size != 3 ||
        frame.via.array.ptr[2].type != msgpack::type::MAP)
      throw error(1, "the worker's reply is not a Summit frame");
    const auto kind = frame.via.array.ptr[1].as<int>();
    const auto& body = frame.via.array.ptr[2];
    const auto* trial_field = detail::find_field(body, "trial");
    const auto* iteration_field = detail::find_field(body, "iteration");
    const auto key = std::pair{trial_field ? trial_field->as<std::uint64_t>() : 0,
                               iteration_field ? iteration_field->as<std::int64_t>() : -1};
    const auto it = pending_.find(key);
    if (kind == detail::kind_ack) {
      if (it != pending_.end()) {
        pending_.erase(it);
        stop_ = stop_ || detail::field(body, "stop").as<bool>();
      }
      return;
    }
    if (it == pending_.end()) detail::expect(frame, detail::kind_ack);  // a refusal of no observation of ours: thrown
    pending_.erase(it);
    if (!refused_) refused_ = error(detail::field(body, "code").as<int>(), detail::field(body, "message").as<std::string>());
  }

  // The lazy pirate pattern: a request that gets no answer goes again (it
  // is idempotent) on a fresh connection, so that a late reply to the first
  // cannot be taken for the second's.
  msgpack::object_handle call(const std::string& frame) {
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + timeout_;
    for (;;) {
      try {
        if (!socket_) socket_ = connected();
        socket_->send(frame);
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
        const auto reply = socket_->receive(std::max(std::chrono::milliseconds(1), std::min(left, std::chrono::milliseconds(5000))));
        if (reply) {
          auto handle = detail::unpack_reply(*reply);
          if (!detail::is_unavailable(handle.get())) return handle;
          const auto pause = std::min(std::chrono::milliseconds(1000),
                                      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()));
          if (pause.count() > 0) std::this_thread::sleep_for(pause);
        } else {
          socket_.reset();
        }
      } catch (const detail::broken&) {
        socket_.reset();
        pause_before_reconnecting(deadline);
      }
      if (clock::now() >= deadline)
        throw error(detail::unavailable, "no answer from the Summit worker at " + endpoint_ + " within " +
                                     std::to_string(timeout_.count() / 1000.0).substr(0, 5) + " s");
    }
  }

  std::string endpoint_;
  std::uint64_t trial_id_;
  std::chrono::milliseconds timeout_;
  std::string token_;
  std::string worker_key_;
#ifndef SUMMIT_CLIENT_WITHOUT_LIBZMQ
  std::unique_ptr<zmq::context_t> context_;  ///< for libzmq's connections only
#endif
  std::unique_ptr<detail::connection> socket_;  ///< requests that wait for their answer
  std::unique_ptr<detail::connection> dealer_;  ///< observations sent without waiting
  std::map<std::pair<std::uint64_t, std::int64_t>, std::string> pending_;  ///< (trial, iteration) -> frame
  bool stop_ = false;
  std::optional<error> refused_;
};

}  // namespace summit::client
