#include "output_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "config.h"

namespace vg::cli {
namespace fs = std::filesystem;

// Paths get more room than values: the end of a path is what tells files apart.
namespace {

// The temporary files being written, as fixed buffers a signal handler may read (it can only call
// async-signal-safe functions: unlink, signal, raise).
constexpr int kMaxOpenFiles = 8;
char partial_paths[kMaxOpenFiles][4096];

int register_partial(const std::string& path) {
  if (path.size() >= sizeof partial_paths[0]) return -1;
  for (int slot = 0; slot < kMaxOpenFiles; ++slot) {
    if (partial_paths[slot][0] == 0) {
      path.copy(partial_paths[slot], path.size());
      partial_paths[slot][path.size()] = 0;
      return slot;
    }
  }
  return -1;
}

void unregister_partial(int slot) {
  if (slot >= 0) partial_paths[slot][0] = 0;
}

extern "C" void remove_partials_and_end(int signal_number) {
  for (auto& path : partial_paths)
    if (path[0] != 0) ::unlink(path);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

}  // namespace

void remove_partial_files_on_signals() {
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, remove_partials_and_end);
}

std::string quoted_path(const std::string& path) { return "'" + message_excerpt(path, 160) + "'"; }

OutputFile::~OutputFile() { discard(); }

void OutputFile::discard() {
  if (stream_.is_open()) stream_.close();
  if (temporary_.empty()) return;
  std::remove(temporary_.c_str());
  forget_temporary();
}

void OutputFile::forget_temporary() {
  unregister_partial(slot_);
  slot_ = -1;
  temporary_.clear();
}

std::string OutputFile::open(const std::string& path) {
  discard();
  if (path.empty()) return "an output path is empty";
  std::error_code error;
  const auto status = fs::status(path, error);
  if (fs::is_directory(status)) return quoted_path(path) + " is a directory";
  path_ = path;
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    // A device or a pipe (/dev/null, /dev/stdout) is written in place: it cannot be half a file.
    stream_.open(path, std::ios::binary);
    return stream_ ? "" : "cannot write " + quoted_path(path);
  }
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  // A hidden name in the same folder: rename() within one file system replaces the target atomically.
  std::string name = (folder / ("." + target.filename().string() + ".partial-XXXXXX")).string();
  std::vector<char> buffer(name.begin(), name.end());
  buffer.push_back('\0');
  const int fd = ::mkstemp(buffer.data());
  if (fd < 0) return "cannot create a file in the folder of " + quoted_path(path) + ": " + std::strerror(errno);
  // mkstemp makes the file private; a finished output gets the usual permissions (0666 less the umask).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  temporary_ = buffer.data();
  slot_ = register_partial(temporary_);
  stream_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!stream_) {
    discard();
    return "cannot write " + quoted_path(path);
  }
  return "";
}

std::string OutputFile::commit() {
  if (!stream_.is_open()) return "cannot write " + quoted_path(path_);
  stream_.flush();
  const bool written = static_cast<bool>(stream_);
  stream_.close();
  if (!written || stream_.fail()) {
    discard();
    return "cannot write " + quoted_path(path_) +
           ": writing failed (disk full, a file-size limit or an I/O error); no partial file was left";
  }
  if (!temporary_.empty() && std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    discard();
    return "cannot write " + quoted_path(path_) + ": " + reason;
  }
  forget_temporary();
  return "";
}

}  // namespace vg::cli
