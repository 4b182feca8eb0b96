#include "nodes/paths.hpp"

#include <filesystem>

namespace summit::nodes {

std::string executable_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

std::string python_client_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const fs::path& candidate : {fs::path(executable_dir()) / "../share/summit/python",
                                   fs::path(SUMMIT_SOURCE_DIR) / "clients/python"}) {
    if (fs::exists(candidate / "summit" / "__init__.py", ec))
      return fs::weakly_canonical(candidate, ec).string();
  }
  return {};
}

}  // namespace summit::nodes
