#pragma once
// Byte encodings for keys and records. Keys use big-endian fixed-width
// integers so that RocksDB's bytewise order is numeric order; records use
// varints and length-prefixed strings. The reader checks every length
// against the end of its buffer and reports a short or bad buffer instead
// of reading past it.

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace summit::storage {

inline void put_fixed64_be(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

inline void put_fixed32_be(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

inline void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

/// Signed values zigzag-encoded, so small negatives stay short.
inline void put_varint_signed(std::string& out, std::int64_t v) {
  put_varint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

inline void put_double(std::string& out, double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  put_fixed64_be(out, bits);
}

inline void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s.data(), s.size());
}

/// Reads what the put_* functions wrote. Every getter returns nullopt (and
/// the reader stays failed) when the buffer is too short or malformed.
class reader {
 public:
  explicit reader(std::string_view in) : in_(in) {}

  bool done() const { return in_.empty(); }
  bool failed() const { return failed_; }

  std::optional<std::uint64_t> fixed64_be() {
    if (!take(8)) return std::nullopt;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(taken_[i]);
    return v;
  }

  std::optional<std::uint32_t> fixed32_be() {
    if (!take(4)) return std::nullopt;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(taken_[i]);
    return v;
  }

  std::optional<std::uint64_t> varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift <= 63; shift += 7) {
      if (!take(1)) return std::nullopt;
      const auto byte = static_cast<unsigned char>(taken_[0]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    return fail();
  }

  std::optional<std::int64_t> varint_signed() {
    auto v = varint();
    if (!v) return std::nullopt;
    return static_cast<std::int64_t>((*v >> 1) ^ (~(*v & 1) + 1));
  }

  std::optional<double> float64() {
    auto bits = fixed64_be();
    if (!bits) return std::nullopt;
    double v;
    std::memcpy(&v, &*bits, sizeof v);
    return v;
  }

  std::optional<std::string> string() {
    auto n = varint();
    if (!n || *n > in_.size()) return fail<std::string>();
    take(static_cast<std::size_t>(*n));
    return std::string(taken_);
  }

  std::optional<std::uint8_t> byte() {
    if (!take(1)) return std::nullopt;
    return static_cast<std::uint8_t>(taken_[0]);
  }

 private:
  bool take(std::size_t n) {
    if (failed_ || in_.size() < n) {
      failed_ = true;
      return false;
    }
    taken_ = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }

  template <class T = std::uint64_t>
  std::optional<T> fail() {
    failed_ = true;
    return std::nullopt;
  }

  std::string_view in_;
  std::string_view taken_;
  bool failed_ = false;
};

}  // namespace summit::storage
