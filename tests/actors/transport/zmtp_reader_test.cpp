#include <catch2/catch.hpp>

#include "actors/transport/zmtp_reader.hpp"

using namespace summit::actors;

namespace {

/// A READY with these properties, as a peer would send it.
std::string ready_command(const std::vector<std::pair<std::string, std::string>>& props) {
  std::string body = "\5READY";
  for (const auto& [name, value] : props) {
    body.push_back(static_cast<char>(name.size()));
    body += name;
    for (int shift = 24; shift >= 0; shift -= 8) body.push_back(static_cast<char>((value.size() >> shift) & 0xff));
    body += value;
  }
  std::string wire;
  zmtp::append_frame(wire, false, true, body);
  return wire;
}

/// Feeds `wire` one byte at a time and collects every event but need_more.
std::vector<zmtp::event> read_bytewise(zmtp_reader& r, const std::string& wire) {
  std::vector<zmtp::event> out;
  for (char c : wire) {
    r.feed(&c, 1);
    for (auto e = r.next(); !std::holds_alternative<zmtp::need_more>(e); e = r.next()) {
      const bool broken = std::holds_alternative<zmtp::broken>(e);
      out.push_back(std::move(e));
      if (broken) return out;
    }
  }
  return out;
}

std::string libzmq_greeting() {
  std::string g(zmtp::greeting_size, '\0');
  g[0] = static_cast<char>(0xff);
  g[8] = 1;  // libzmq puts a length in the padding
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = 1;  // ZMTP 3.1
  g.replace(12, 4, "NULL");
  return g;
}

}  // namespace

TEST_CASE("a ZMTP reader takes a handshake and messages however the bytes are split", "[transport][zmtp]") {
  zmtp_reader r(1 << 20);
  std::string wire = zmtp::handshake("DEALER");
  std::string long_body(300, 'z');
  zmtp::append_frame(wire, true, false, "");
  zmtp::append_frame(wire, false, false, long_body);
  zmtp::append_frame(wire, false, false, "solo");
  const auto events = read_bytewise(r, wire);
  REQUIRE(events.size() == 3);
  CHECK(std::get<zmtp::ready>(events[0]).socket_type == "DEALER");
  CHECK(std::get<zmtp::ready>(events[0]).identity.empty());
  CHECK(std::get<zmtp::message>(events[1]) == zmtp::message{"", long_body});
  CHECK(std::get<zmtp::message>(events[2]) == zmtp::message{"solo"});
}

TEST_CASE("a ZMTP reader takes libzmq's greeting and READY with an identity", "[transport][zmtp]") {
  zmtp_reader r(1 << 20);
  const auto wire = libzmq_greeting() + ready_command({{"Socket-Type", "DEALER"}, {"Identity", "gpu-3"}});
  r.feed(wire.data(), wire.size());
  const auto hello = std::get<zmtp::ready>(r.next());
  CHECK(hello.socket_type == "DEALER");
  CHECK(hello.identity == "gpu-3");
  CHECK(std::holds_alternative<zmtp::need_more>(r.next()));
}

TEST_CASE("a PING asks for its context back; other commands are skipped", "[transport][zmtp]") {
  zmtp_reader r(1 << 20);
  std::string wire = zmtp::handshake("REQ");
  zmtp::append_frame(wire, false, true, std::string("\4PING\0\x64", 7) + "ctx");
  zmtp::append_frame(wire, false, true, "\5HELLO");
  zmtp::append_frame(wire, false, false, "body");
  const auto events = read_bytewise(r, wire);
  REQUIRE(events.size() == 3);
  CHECK(std::get<zmtp::ping>(events[1]).context == "ctx");
  CHECK(std::get<zmtp::message>(events[2]) == zmtp::message{"body"});
}

TEST_CASE("a ZMTP reader refuses what is not ZMTP 3 with NULL, and stays refused", "[transport][zmtp]") {
  const auto broken_by = [](const std::string& wire, std::size_t max_frame = 1 << 20) {
    zmtp_reader r(max_frame);
    const auto events = read_bytewise(r, wire);
    REQUIRE_FALSE(events.empty());
    const auto* b = std::get_if<zmtp::broken>(&events.back());
    REQUIRE(b);
    const std::string more = "more";
    r.feed(more.data(), more.size());
    CHECK(std::holds_alternative<zmtp::broken>(r.next()));
    return b->why;
  };
  CHECK(broken_by("GET / HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\nUser-Agent: curl/7.88.1\r\n\r\n") ==
        "not a ZeroMQ peer");
  auto v2 = libzmq_greeting();
  v2[10] = 1;
  CHECK_THAT(broken_by(v2), Catch::Contains("this side speaks 3"));
  auto curve = libzmq_greeting();
  curve.replace(12, 5, "CURVE");
  CHECK_THAT(broken_by(curve), Catch::Contains("mechanism"));
  std::string early = libzmq_greeting();
  zmtp::append_frame(early, false, false, "no handshake");
  CHECK_THAT(broken_by(early), Catch::Contains("before the handshake"));
  CHECK_THAT(broken_by(libzmq_greeting() + ready_command({{"Identity", "x"}})), Catch::Contains("Socket-Type"));
  std::string truncated = libzmq_greeting();
  zmtp::append_frame(truncated, false, true, std::string("\5READY\4name\0\0\0\x09", 15));
  CHECK_THAT(broken_by(truncated), Catch::Contains("do not parse"));
  // A long frame's size is checked before anything is read or allocated.
  std::string huge = zmtp::handshake("DEALER") + std::string("\2\x7f\xff\xff\xff\xff\xff\xff\xff", 9);
  CHECK_THAT(broken_by(huge), Catch::Contains("bytes"));
  std::string big = zmtp::handshake("DEALER");
  zmtp::append_frame(big, false, false, std::string(101, 'x'));
  CHECK_THAT(broken_by(big, 100), Catch::Contains("101 bytes"));
  std::string many = zmtp::handshake("DEALER");
  for (int k = 0; k < 16; ++k) zmtp::append_frame(many, true, false, "part");
  CHECK_THAT(broken_by(many), Catch::Contains("more than 16 frames"));
}
