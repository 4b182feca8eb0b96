#pragma once
// Errors as values: every fallible call in Summit returns expected<T> (or
// std::optional<error> when there is nothing else to return). algorithms/ is
// free of CAF, so this small type stands in for caf::expected; the actors
// convert at their edge.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace summit {

/// A failure with a stable numeric code (0 when the domain defines none) and
/// a one-line message that names what was wrong, e.g.
/// "parameters.lr.range: min 0.1 is greater than max 0.001".
struct error {
  std::uint16_t code = 0;
  std::string message;
};

template <class T>
class [[nodiscard]] expected {
 public:
  expected(T v) : v_(std::move(v)) {}                    // NOLINT: implicit by design
  expected(summit::error failure) : v_(std::move(failure)) {}  // NOLINT: implicit by design

  explicit operator bool() const { return v_.index() == 0; }
  bool has_value() const { return v_.index() == 0; }

  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }
  T&& operator*() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }

  const summit::error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, summit::error> v_;
};

/// For calls that succeed with nothing to return.
using status = std::optional<error>;

inline error make_error(std::string message, std::uint16_t code = 0) {
  return error{code, std::move(message)};
}

}  // namespace summit
