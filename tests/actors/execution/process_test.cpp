#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "../../storage/temp_dir.hpp"
#include "actors/execution/process.hpp"

using namespace summit;
using namespace summit::actors;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

launch_options options(const test::temp_dir& dir, const std::string& command) {
  return {command, dir.str(), {"PATH=/usr/bin:/bin", "GREETING=hello"}, dir.str() + "/logs/t.log"};
}

bool alive(pid_t pid) { return kill(pid, 0) == 0; }

}  // namespace

TEST_CASE("a launched command runs in its directory with its environment and log", "[process]") {
  test::temp_dir dir;
  auto pid = launch(options(dir, "echo $GREETING from $(pwd); echo oops >&2; exit 3"));
  REQUIRE(pid.has_value());
  const auto status = decode_wait_status(wait_for(*pid));
  CHECK(status.exit_code == 3);
  CHECK(status.signal == 0);
  const auto log = read_file(dir.str() + "/logs/t.log");
  CHECK(log.find("hello from " + dir.str()) != std::string::npos);
  CHECK(log.find("oops") != std::string::npos);
}

TEST_CASE("a missing working directory is exit code 127 with a reason in the log", "[process]") {
  test::temp_dir dir;
  auto o = options(dir, "true");
  o.workdir = dir.str() + "/missing";
  auto pid = launch(o);
  REQUIRE(pid.has_value());
  CHECK(decode_wait_status(wait_for(*pid)).exit_code == 127);
  CHECK(read_file(o.log_path).find("cannot enter the study's directory") != std::string::npos);
}

TEST_CASE("a group kill reaches the command's own children", "[process]") {
  test::temp_dir dir;
  auto pid = launch(options(dir, "sleep 60 & echo $! > child.pid; wait"));
  REQUIRE(pid.has_value());
  pid_t child = 0;
  for (int i = 0; i < 200 && child == 0; ++i) {
    std::ifstream in(dir.str() + "/child.pid");
    in >> child;
    if (child == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(child > 0);
  CHECK(alive(child));
  signal_group(*pid, SIGTERM);
  const auto status = decode_wait_status(wait_for(*pid));
  CHECK(status.signal == SIGTERM);
  for (int i = 0; i < 200 && alive(child); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK_FALSE(alive(child));
}

TEST_CASE("a command that ignores SIGTERM ends on SIGKILL", "[process]") {
  test::temp_dir dir;
  auto pid = launch(options(dir, "trap '' TERM; sleep 60"));
  REQUIRE(pid.has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  signal_group(*pid, SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(alive(*pid));
  signal_group(*pid, SIGKILL);
  CHECK(decode_wait_status(wait_for(*pid)).signal == SIGKILL);
}
