#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <zmq.h>

#include "actors/transport/curve_keys.hpp"
#include "actors/transport/rate_limit.hpp"
#include "actors/transport/socket_security.hpp"

using namespace summit::actors;
namespace fs = std::filesystem;

namespace {

struct temp_dir {
  fs::path path = fs::temp_directory_path() / ("summit-keys-" + std::to_string(::getpid()) + "-" +
                                               std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  temp_dir() { fs::create_directories(path); }
  ~temp_dir() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string raw_key(const std::string& z85) {
  std::string raw(32, '\0');
  zmq_z85_decode(reinterpret_cast<std::uint8_t*>(raw.data()), z85.c_str());
  return raw;
}

std::vector<std::string> zap_request(const std::string& mechanism, const std::string& credentials) {
  return {"1.0", "7", "", "10.0.0.9", "", mechanism, credentials};
}

}  // namespace

TEST_CASE("keygen writes a certificate pair that reads back, and never overwrites", "[actors][security]") {
  temp_dir dir;
  auto written = write_key_files(dir.path.string(), "gpu-3");
  REQUIRE(written);
  CHECK(*written == dir / "gpu-3.key");
  CHECK((fs::status(dir / "gpu-3.key_secret").permissions() & fs::perms::others_read) == fs::perms::none);
  auto pair = read_secret_key_file(dir / "gpu-3.key_secret");
  REQUIRE(pair);
  auto pub = read_public_key_file(dir / "gpu-3.key");
  REQUIRE(pub);
  CHECK(*pub == pair->public_key);
  CHECK(pair->secret_key.size() == 40);
  auto again = write_key_files(dir.path.string(), "gpu-3");
  REQUIRE_FALSE(again);
  CHECK(again.error().message.find("exists already") != std::string::npos);
  CHECK(read_secret_key_file(dir / "gpu-3.key_secret")->secret_key == pair->secret_key);
  CHECK_FALSE(write_key_files(dir.path.string(), "../escape"));
  CHECK_FALSE(write_key_files(dir.path.string(), ""));
}

TEST_CASE("key files that hold no key are refused by name", "[actors][security]") {
  temp_dir dir;
  std::ofstream(dir / "junk.key") << "public-key = \"not a key\"\n";
  std::ofstream(dir / "empty.key_secret") << "";
  REQUIRE(write_key_files(dir.path.string(), "w"));
  auto junk = read_public_key_file(dir / "junk.key");
  REQUIRE_FALSE(junk);
  CHECK(junk.error().message.find("junk.key holds no public key") != std::string::npos);
  CHECK_FALSE(read_secret_key_file(dir / "empty.key_secret"));
  CHECK_FALSE(read_secret_key_file(dir / "w.key"));  // a public file given as the secret one
  CHECK_FALSE(read_public_key_file(dir / "missing.key"));
}

TEST_CASE("the accepted keys are every *.key but the coordinator's; stray files are skipped", "[actors][security]") {
  temp_dir dir;
  REQUIRE(write_key_files(dir.path.string(), "coordinator"));
  REQUIRE(write_key_files(dir.path.string(), "a"));
  REQUIRE(write_key_files(dir.path.string(), "b"));
  std::ofstream(dir / "README.key") << "not a certificate\n";
  const auto keys = authorized_keys(dir.path.string());
  CHECK(keys == std::set<std::string>{*read_public_key_file(dir / "a.key"), *read_public_key_file(dir / "b.key")});
  CHECK(authorized_keys(dir / "nowhere").empty());
}

TEST_CASE("ZAP: a listed CURVE key is accepted, anything else refused with a reason", "[actors][security]") {
  auto listed = generate_key_pair();
  auto stranger = generate_key_pair();
  REQUIRE(listed);
  REQUIRE(stranger);
  const std::set<std::string> authorized{listed->public_key};
  std::string refusal;

  auto ok = answer_zap(zap_request("CURVE", raw_key(listed->public_key)), authorized, refusal);
  CHECK(ok == std::vector<std::string>{"1.0", "7", "200", "OK", "", ""});
  CHECK(refusal.empty());

  auto no = answer_zap(zap_request("CURVE", raw_key(stranger->public_key)), authorized, refusal);
  CHECK(no[2] == "400");
  CHECK(refusal.find("10.0.0.9") != std::string::npos);
  CHECK(refusal.find(stranger->public_key) != std::string::npos);

  refusal.clear();
  CHECK(answer_zap(zap_request("NULL", ""), authorized, refusal)[2] == "400");
  CHECK(refusal.find("did not use a CURVE key") != std::string::npos);
  CHECK(answer_zap(zap_request("CURVE", "short"), authorized, refusal)[2] == "400");
  CHECK(answer_zap({"2.0", "1"}, authorized, refusal)[2] == "400");
  CHECK(answer_zap({}, authorized, refusal).size() == 6);
}

TEST_CASE("a client names why its handshake failed", "[actors][security]") {
  const auto event = [](std::uint16_t e, std::uint32_t v) {
    std::string frame(6, '\0');
    std::memcpy(frame.data(), &e, 2);
    std::memcpy(frame.data() + 2, &v, 4);
    return frame;
  };
  handshake_watch watch(true);
  auto refused = event(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400);
  CHECK(watch.on_event(refused.data(), refused.size()).find("refused this client's key") != std::string::npos);
  auto connected = event(ZMQ_EVENT_CONNECTED, 0), closed = event(ZMQ_EVENT_DISCONNECTED, 0);
  CHECK(watch.on_event(connected.data(), connected.size()).empty());
  CHECK(watch.on_event(closed.data(), closed.size()).find("--coordinator-key") != std::string::npos);
  auto ok = event(ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0);
  CHECK_FALSE(watch.accepted_once());
  CHECK(watch.on_event(connected.data(), connected.size()).empty());
  CHECK(watch.on_event(ok.data(), ok.size()).empty());
  CHECK(watch.accepted_once());
  // After a handshake, a disconnection is the coordinator going away, not a key problem.
  CHECK(watch.on_event(closed.data(), closed.size()).empty());
  auto mismatch = event(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH);
  CHECK(watch.on_event(mismatch.data(), mismatch.size()).find("do not match") != std::string::npos);
  CHECK(watch.on_event("ab", 2).empty());
  CHECK(server_handshake_event(mismatch.data(), mismatch.size()).find("without keys") != std::string::npos);
}

TEST_CASE("only loopback and local transports count as private", "[actors][security]") {
  CHECK_FALSE(reachable_from_other_hosts("tcp://127.0.0.1:7700"));
  CHECK_FALSE(reachable_from_other_hosts("tcp://localhost:7700"));
  CHECK_FALSE(reachable_from_other_hosts("tcp://[::1]:7700"));
  CHECK_FALSE(reachable_from_other_hosts("ipc:///tmp/summit"));
  CHECK(reachable_from_other_hosts("tcp://*:7700"));
  CHECK(reachable_from_other_hosts("tcp://0.0.0.0:7700"));
  CHECK(reachable_from_other_hosts("tcp://10.1.2.3:7700"));
  CHECK(reachable_from_other_hosts("tcp://eth0:7700"));
}

TEST_CASE("the rate limit admits a burst, then the rate, per peer", "[actors][security]") {
  using namespace std::chrono_literals;
  rate_limit limit(100);
  const auto t0 = rate_limit::clock::time_point{} + 1h;
  int admitted = 0;
  for (int i = 0; i < 1000; ++i) admitted += limit.admit("greedy", t0);
  CHECK(admitted == 100);
  CHECK(limit.admit("polite", t0));  // one peer's flood leaves the others alone
  CHECK_FALSE(limit.admit("greedy", t0 + 5ms));
  admitted = 0;
  for (int i = 0; i < 1000; ++i) admitted += limit.admit("greedy", t0 + 500ms);
  CHECK(admitted == 50);
  // Idle peers are forgotten, with a full bucket when they come back.
  CHECK(limit.admit("greedy", t0 + 60s));
  CHECK(limit.peers() == 1);
  rate_limit none(0);
  for (int i = 0; i < 10000; ++i) REQUIRE(none.admit("x", t0));
}
