#pragma once
// A token bucket per peer: each peer may send `rate` frames a second on
// average, and a burst of as many at once. One busy or hostile connection
// then cannot take the coordinator from the others. Time is passed in, so
// tests need no clock.

#include <chrono>
#include <string>
#include <unordered_map>

namespace summit::actors {

class rate_limit {
 public:
  using clock = std::chrono::steady_clock;

  /// rate 0: every frame is admitted.
  explicit rate_limit(double frames_per_second) : rate_(frames_per_second) {}

  /// Takes one token from `peer`'s bucket; false when it is empty.
  bool admit(const std::string& peer, clock::time_point now) {
    if (rate_ <= 0) return true;
    forget_idle(now);
    auto [it, fresh] = buckets_.try_emplace(peer, bucket{rate_, now});
    auto& b = it->second;
    if (!fresh) {
      const std::chrono::duration<double> elapsed = now - b.last;
      b.tokens = std::min(rate_, b.tokens + elapsed.count() * rate_);
      b.last = now;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  std::size_t peers() const { return buckets_.size(); }

 private:
  struct bucket {
    double tokens;
    clock::time_point last;
  };

  // A full bucket says nothing a fresh one would not: drop the peers that
  // have been quiet long enough to refill, so the table does not grow with
  // every connection ever seen.
  void forget_idle(clock::time_point now) {
    if (now - last_sweep_ < std::chrono::seconds(10)) return;
    last_sweep_ = now;
    for (auto it = buckets_.begin(); it != buckets_.end();)
      it = now - it->second.last > std::chrono::seconds(10) ? buckets_.erase(it) : std::next(it);
  }

  double rate_;
  std::unordered_map<std::string, bucket> buckets_;
  clock::time_point last_sweep_{};
};

}  // namespace summit::actors
