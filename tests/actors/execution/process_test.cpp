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

launch_options options(const test::temp_dir& dir, const std::string& supervisor, const std::string& command) {
  return {command, dir.str(), {"PATH=/usr/bin:/bin", "GREETING=hello"}, dir.str() + "/logs/t.log", supervisor};
}

// Every case runs twice: with the summit-trial program, as Summit starts
// trials, and with a fork of this process, where that program is missing.
#define EACH_SUPERVISOR() \
  const std::string supervisor = GENERATE(as<std::string>{}, std::string(SUMMIT_TRIAL_PROGRAM), std::string())

bool alive(pid_t pid) { return kill(pid, 0) == 0; }

/// The pid a trial wrote to `name` in its directory, once it is there.
pid_t pid_written(const test::temp_dir& dir, const std::string& name) {
  pid_t pid = 0;
  for (int i = 0; i < 500 && pid == 0; ++i) {
    std::ifstream in(dir.str() + "/" + name);
    in >> pid;
    if (pid == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pid;
}

bool ends_soon(pid_t pid) {
  for (int i = 0; i < 300 && alive(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return !alive(pid);
}

// A process that left the trial's session, and one whose parent then exited
// (an orphan, reparented to the supervisor rather than to init).
constexpr const char* escapes =
    "setsid sleep 300 & echo $! > escaped.pid; "
    "sh -c 'setsid sleep 300 & echo $! > orphan.pid'; ";

}  // namespace

TEST_CASE("summit-trial sits beside a program that has it, and is absent beside one that has not", "[process]") {
  CHECK(supervisor_path().empty());  // this test program's directory has none
  CHECK(access(SUMMIT_TRIAL_PROGRAM, X_OK) == 0);
}

TEST_CASE("a launched command runs in its directory with its environment and log", "[process]") {
  EACH_SUPERVISOR();
  test::temp_dir dir;
  auto pid = launch(options(dir, supervisor, "echo $GREETING from $(pwd); echo oops >&2; exit 3"));
  REQUIRE(pid.has_value());
  const auto status = decode_wait_status(wait_for(*pid));
  CHECK(status.exit_code == 3);
  CHECK(status.signal == 0);
  const auto log = read_file(dir.str() + "/logs/t.log");
  CHECK(log.find("hello from " + dir.str()) != std::string::npos);
  CHECK(log.find("oops") != std::string::npos);
}

TEST_CASE("a missing working directory is exit code 127 with a reason in the log", "[process]") {
  EACH_SUPERVISOR();
  test::temp_dir dir;
  auto o = options(dir, supervisor, "true");
  o.workdir = dir.str() + "/missing";
  auto pid = launch(o);
  REQUIRE(pid.has_value());
  CHECK(decode_wait_status(wait_for(*pid)).exit_code == 127);
  CHECK(read_file(o.log_path).find("cannot enter the study's directory") != std::string::npos);
}

TEST_CASE("a group kill reaches the command's own children", "[process]") {
  EACH_SUPERVISOR();
  test::temp_dir dir;
  auto pid = launch(options(dir, supervisor, "sleep 60 & echo $! > child.pid; wait"));
  REQUIRE(pid.has_value());
  const pid_t child = pid_written(dir, "child.pid");
  REQUIRE(child > 0);
  CHECK(alive(child));
  signal_group(*pid, SIGTERM);
  const auto status = decode_wait_status(wait_for(*pid));
  CHECK(status.signal == SIGTERM);
  CHECK(ends_soon(child));
}

TEST_CASE("setsid escapes a stop's SIGTERM: the supervisor passes it on", "[process]") {
  EACH_SUPERVISOR();
  test::temp_dir dir;
  auto pid = launch(options(dir, supervisor, std::string(escapes) + "sleep 300"));
  REQUIRE(pid.has_value());
  const pid_t escaped = pid_written(dir, "escaped.pid"), orphan = pid_written(dir, "orphan.pid");
  REQUIRE(escaped > 0);
  REQUIRE(orphan > 0);
  for (int i = 0; i < 300 && getpgid(escaped) == *pid; ++i)  // setsid runs after $! is known
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(getpgid(escaped) != *pid);
  signal_group(*pid, SIGTERM);
  CHECK(decode_wait_status(wait_for(*pid)).signal == SIGTERM);
  CHECK(ends_soon(escaped));
  CHECK(ends_soon(orphan));
}

TEST_CASE("setsid escapes a kill that ignores SIGTERM: kill_trial ends every process", "[process]") {
  EACH_SUPERVISOR();
  test::temp_dir dir;
  auto pid = launch(options(dir, supervisor, "trap '' TERM; setsid sh -c 'trap \"\" TERM; echo $$ > escaped.pid; sleep 300' & "
                                 "sleep 300"));
  REQUIRE(pid.has_value());
  const pid_t escaped = pid_written(dir, "escaped.pid");
  REQUIRE(escaped > 0);
  signal_group(*pid, SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(alive(escaped));
  kill_trial(*pid);
  CHECK(decode_wait_status(wait_for(*pid)).signal == SIGKILL);
  CHECK(ends_soon(escaped));
}

TEST_CASE("setsid escapes the command's end: what a trial leaves running ends with it", "[process]") {
  EACH_SUPERVISOR();
  test::temp_dir dir;
  auto pid = launch(options(dir, supervisor, std::string(escapes) + "exit 4"));
  REQUIRE(pid.has_value());
  CHECK(decode_wait_status(wait_for(*pid)).exit_code == 4);
  const pid_t escaped = pid_written(dir, "escaped.pid"), orphan = pid_written(dir, "orphan.pid");
  CHECK(ends_soon(escaped));
  CHECK(ends_soon(orphan));
}

TEST_CASE("a command that ignores SIGTERM ends on SIGKILL", "[process]") {
  EACH_SUPERVISOR();
  test::temp_dir dir;
  auto pid = launch(options(dir, supervisor, "trap '' TERM; sleep 60"));
  REQUIRE(pid.has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  signal_group(*pid, SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(alive(*pid));
  signal_group(*pid, SIGKILL);
  CHECK(decode_wait_status(wait_for(*pid)).signal == SIGKILL);
}
