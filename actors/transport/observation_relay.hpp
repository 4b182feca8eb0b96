#pragma once
// A worker's observations on their way to its coordinator, and the answers
// on their way back, handled in the threads of the two sockets they cross
// (its trials' socket and its link to the coordinator): handed to actors,
// each round trip woke two more threads and cost more CPU than the rest of
// the worker (bench/ingest).
//
// It keeps every observation the coordinator has not answered, with where
// each asker waits: a trial that asks again from a new socket (its client
// resends after 5 s) waits beside the first, at most four of them. While
// the coordinator is away observations wait; when the link registers again
// they all go again. Observations are keyed by (trial, iteration), so a
// resend is stored once. The link's other traffic (registration, runs,
// kills, ends) stays with its actor.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "actors/atoms.hpp"
#include "actors/transport/trial_passes.hpp"

namespace summit::actors {

class observation_relay {
 public:
  using clock = std::chrono::steady_clock;
  /// Queues a frame on a socket: the trials' (with the asker's envelope) or
  /// the coordinator's (no envelope). socket_bridge::post, thread-safe.
  using post_fn = std::function<void(std::vector<std::string> envelope, std::string frame)>;

  observation_relay(std::shared_ptr<trial_passes> passes, post_fn to_trials, post_fn to_coordinator);

  /// In the trials' socket thread, with what one wake-up read: takes the
  /// observations (refusing those without their trial's token) and sends
  /// them on as one frame; the rest is left for the worker node.
  void from_trials(std::vector<bridge_request>& ready);

  /// In the link's socket thread: takes the coordinator's answers to
  /// observations and passes each to whoever waits for it; the rest (and
  /// a refusal such as not_registered) is left for the link's actor.
  void from_coordinator(std::vector<bridge_request>& ready);

  /// The link registered (again): everything unanswered goes again.
  void connected();
  /// The coordinator is away: observations wait for connected().
  void disconnected();

  /// When a frame last came from the coordinator through here, and when
  /// one last went to it: the link's timeout and heartbeat count them.
  clock::time_point last_heard() const { return clock::time_point(clock::duration(last_heard_.load())); }
  clock::time_point last_sent() const { return clock::time_point(clock::duration(last_sent_.load())); }

  /// Observations the coordinator has not answered yet.
  std::size_t unanswered();

 private:
  using key = std::pair<trial_id, std::int64_t>;
  struct waiting {
    protocol::observation observation;
    std::vector<std::vector<std::string>> askers;  ///< envelopes, oldest first
  };
  using outbox = std::vector<std::pair<std::vector<std::string>, std::string>>;

  /// Under the lock: the answer to `k` for each of its askers.
  void answer(const key& k, const protocol::message& m, outbox& replies);
  void send(const std::vector<protocol::observation>& batch);

  std::shared_ptr<trial_passes> passes_;
  post_fn to_trials_, to_coordinator_;
  std::mutex mutex_;
  std::map<key, waiting> waiting_;
  bool connected_ = false;
  std::atomic<clock::rep> last_heard_{0}, last_sent_{0};
};

}  // namespace summit::actors
