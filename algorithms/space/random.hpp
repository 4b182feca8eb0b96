#pragma once
// A small, fast, seedable generator whose output is the same on every
// platform and standard library (std::uniform_*_distribution is not), so a
// study's seed reproduces its trials anywhere.
// xoshiro256** (Blackman & Vigna 2018), seeded through splitmix64.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace summit {

/// splitmix64 step: mixes a 64-bit state into a well-distributed output.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A seed for the n-th independent stream of a study's seed: suggestion n of
/// a random search draws from derive_seed(seed, n), so it does not depend on
/// how many numbers earlier suggestions consumed (replay stays exact).
inline std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t s = seed ^ (stream * 0xd1b54a32d192ed03ULL);
  splitmix64(s);
  return splitmix64(s);
}

__extension__ using uint128 = unsigned __int128;  // -Wpedantic: GCC/Clang builtin

class random_engine {
 public:
  using result_type = std::uint64_t;

  explicit random_engine(std::uint64_t seed) {
    for (auto& word : s_) word = splitmix64(seed);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  /// Standard normal (Box-Muller).
  double normal() {
    const double u = std::max(uniform(), 1e-300);
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * uniform());
  }

  /// Uniform integer in [0, n), unbiased (Lemire 2019). n must be > 0.
  std::uint64_t below(std::uint64_t n) {
    uint128 m = static_cast<uint128>((*this)()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<uint128>((*this)()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace summit
