#include "actors/transport/new_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace summit::actors {

status write_new_file(const std::string& path, const std::string& text, mode_t mode, if_exists existing) {
  const auto failure = [&path](const std::string& what, int error) {
    return make_error("cannot write " + path + ": " + what + std::strerror(error));
  };
  if (existing == if_exists::replace && ::unlink(path.c_str()) != 0 && errno != ENOENT)
    return failure("", errno);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return make_error(path + " exists already; not overwriting it");
    return failure("", errno);
  }
  // The umask may only have taken bits away; make the mode exactly `mode`.
  int error = ::fchmod(fd, mode) == 0 ? 0 : errno;
  for (std::size_t done = 0; error == 0 && done < text.size();) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) error = n < 0 ? errno : EIO;
    else done += static_cast<std::size_t>(n);
  }
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  ::close(fd);
  if (error == 0) return std::nullopt;
  ::unlink(path.c_str());
  return failure("", error);
}

}  // namespace summit::actors
