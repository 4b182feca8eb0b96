#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "../../storage/temp_dir.hpp"
#include "actors/transport/curve_keys.hpp"
#include "actors/transport/new_file.hpp"

using namespace summit;
using namespace summit::actors;
namespace fs = std::filesystem;

namespace {

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("keygen refuses a dangling symlink at NAME.key_secret and writes nothing through it", "[transport]") {
  test::temp_dir dir;
  const auto target = fs::path(dir.str()) / "elsewhere";
  fs::create_symlink(target, fs::path(dir.str()) / "w.key_secret");
  auto written = write_key_files(dir.str(), "w");
  REQUIRE_FALSE(written.has_value());
  CHECK(written.error().message.find("w.key_secret exists already") != std::string::npos);
  CHECK_FALSE(fs::exists(target));
  CHECK_FALSE(fs::exists(fs::path(dir.str()) / "w.key"));
}

TEST_CASE("keygen's secret is 0600 from its creation, whatever the umask", "[transport]") {
  test::temp_dir dir;
  const mode_t old = ::umask(0);
  auto written = write_key_files(dir.str(), "w");
  ::umask(old);
  REQUIRE(written.has_value());
  CHECK(mode_of(fs::path(dir.str()) / "w.key_secret") == 0600);
  CHECK(mode_of(fs::path(dir.str()) / "w.key") == 0644);
}

TEST_CASE("a replaced file is a new one: the symlink in its place goes, its target stays untouched", "[transport]") {
  test::temp_dir dir;
  const auto target = fs::path(dir.str()) / "target";
  std::ofstream(target) << "keep";
  const auto path = fs::path(dir.str()) / "job.sbatch";
  fs::create_symlink(target, path);
  REQUIRE_FALSE(write_new_file(path.string(), "secret", 0600, if_exists::replace));
  CHECK_FALSE(fs::is_symlink(path));
  CHECK(mode_of(path) == 0600);
  std::ifstream in(target);
  std::string kept;
  in >> kept;
  CHECK(kept == "keep");
  auto refused = write_new_file(path.string(), "again", 0600, if_exists::refuse);
  REQUIRE(refused.has_value());
  CHECK(refused->message == path.string() + " exists already; not overwriting it");
}
