#include "actors/transport/zmtp_reader.hpp"

#include <cstdint>
#include <cstring>
#include <map>
#include <optional>

namespace summit::actors {

namespace {

constexpr std::uint8_t more_flag = 1, long_flag = 2, command_flag = 4;

/// The properties of a READY command's body from `at`, or nullopt when
/// they do not parse.
std::optional<std::map<std::string, std::string>> properties(const std::string& body, std::size_t at) {
  std::map<std::string, std::string> out;
  while (at < body.size()) {
    const std::size_t name_size = static_cast<unsigned char>(body[at++]);
    if (name_size + 4 > body.size() - at) return std::nullopt;
    auto name = body.substr(at, name_size);
    at += name_size;
    std::uint32_t value_size = 0;
    for (int k = 0; k < 4; ++k) value_size = (value_size << 8) | static_cast<unsigned char>(body[at++]);
    if (value_size > body.size() - at) return std::nullopt;
    out[std::move(name)] = body.substr(at, value_size);
    at += value_size;
  }
  return out;
}

}  // namespace

namespace zmtp {

void append_frame(std::string& wire, bool more, bool command, const std::string& body) {
  const auto flags = static_cast<std::uint8_t>((more ? more_flag : 0) | (command ? command_flag : 0));
  if (body.size() <= 255) {
    wire.push_back(static_cast<char>(flags));
    wire.push_back(static_cast<char>(body.size()));
  } else {
    wire.push_back(static_cast<char>(flags | long_flag));
    for (int shift = 56; shift >= 0; shift -= 8) wire.push_back(static_cast<char>((body.size() >> shift) & 0xff));
  }
  wire += body;
}

std::string handshake(const std::string& socket_type, const std::string& identity) {
  std::string wire(greeting_size, '\0');
  wire[0] = static_cast<char>(0xff);
  wire[9] = 0x7f;
  wire[10] = 3;  // version 3.0
  std::memcpy(&wire[12], "NULL", 4);
  std::string ready = "\5READY";
  const auto property = [&ready](const std::string& name, const std::string& value) {
    ready.push_back(static_cast<char>(name.size()));
    ready += name;
    for (int shift = 24; shift >= 0; shift -= 8) ready.push_back(static_cast<char>((value.size() >> shift) & 0xff));
    ready += value;
  };
  property("Socket-Type", socket_type);
  if (!identity.empty()) property("Identity", identity);
  append_frame(wire, false, true, ready);
  return wire;
}

}  // namespace zmtp

zmtp::event zmtp_reader::fail(std::string why, bool other_mechanism) {
  at_ = stage::broken;
  in_.clear();
  parsed_ = 0;
  parts_.clear();
  return zmtp::broken{std::move(why), other_mechanism};
}

void zmtp_reader::compact() {
  // What is parsed is dropped now and then, not after every frame.
  if (parsed_ > 65536 || parsed_ == in_.size()) {
    in_.erase(0, parsed_);
    parsed_ = 0;
  }
}

zmtp::event zmtp_reader::next() {
  for (;;) {
    if (at_ == stage::broken) return zmtp::broken{"the connection broke the protocol before"};
    const std::size_t left = in_.size() - parsed_;
    const char* at = in_.data() + parsed_;
    if (at_ == stage::greeting) {
      if (left < zmtp::greeting_size) return zmtp::need_more{};
      // Bytes 1-8 are padding, any value (libzmq sends a length there).
      if (static_cast<std::uint8_t>(at[0]) != 0xff || at[9] != 0x7f) return fail("not a ZeroMQ peer");
      if (at[10] < 3) return fail("ZMTP " + std::to_string(at[10]) + ".x: this side speaks 3");
      if (std::memcmp(at + 12, "NULL\0", 5) != 0) return fail("a security mechanism other than NULL", true);
      parsed_ += zmtp::greeting_size;
      at_ = stage::ready;
      continue;
    }
    if (left < 2) return zmtp::need_more{};
    const auto flags = static_cast<std::uint8_t>(at[0]);
    std::size_t header = 2;
    std::uint64_t size = static_cast<unsigned char>(at[1]);
    if (flags & long_flag) {
      header = 9;
      if (left < header) return zmtp::need_more{};
      size = 0;
      for (int k = 1; k <= 8; ++k) size = (size << 8) | static_cast<unsigned char>(at[k]);
    }
    if (size > max_frame_) return fail("a frame of " + std::to_string(size) + " bytes");
    if (left - header < size) return zmtp::need_more{};
    std::string body(at + header, size);
    parsed_ += header + size;
    compact();
    if (flags & command_flag) {
      if (at_ == stage::ready) {
        if (body.compare(0, 6, "\5READY") != 0) return fail("the handshake did not start with READY");
        const auto props = properties(body, 6);
        if (!props) return fail("a READY whose properties do not parse");
        const auto type = props->find("Socket-Type");
        if (type == props->end()) return fail("a READY without Socket-Type");
        const auto identity = props->find("Identity");
        at_ = stage::traffic;
        return zmtp::ready{type->second, identity == props->end() ? "" : identity->second};
      }
      // PING: its two-byte TTL, then the context the PONG carries back.
      if (body.compare(0, 5, "\4PING") == 0 && body.size() >= 7) return zmtp::ping{body.substr(7)};
      continue;  // another command: nothing this side acts on
    }
    if (at_ != stage::traffic) return fail("a message before the handshake");
    parts_.push_back(std::move(body));
    if (flags & more_flag) {
      if (parts_.size() >= max_parts_) return fail("a message of more than " + std::to_string(max_parts_) + " frames");
      continue;
    }
    zmtp::message whole;
    whole.swap(parts_);
    return whole;
  }
}

}  // namespace summit::actors
