// An output file that appears complete or not at all: written to a temporary file in the target's
// folder (so the final rename is atomic) and renamed over the target only when every byte was
// written and the file closed cleanly; otherwise the temporary file is removed.
#pragma once

#include <fstream>
#include <string>

namespace vg::cli {

class OutputFile {
 public:
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();  // removes the temporary file unless committed

  // Creates the temporary file next to `path` (so a path that cannot be written fails here, before
  // any work). A device or pipe (/dev/null, /dev/stdout) is written in place. Returns "" or a message
  // naming the path.
  std::string open(const std::string& path);
  std::ostream& stream() { return stream_; }
  bool is_open() const { return stream_.is_open(); }
  // Flushes, closes and renames onto the target. Returns "" or a message (the temporary file is gone).
  std::string commit();

 private:
  void discard();
  void forget_temporary();  // after a rename or removal

  std::string path_, temporary_;  // temporary_ is empty when writing in place
  int slot_ = -1;                 // in the signal handler's list of partial files
  std::ofstream stream_;
};

// Makes SIGINT, SIGTERM and SIGHUP remove the temporary files of every open OutputFile before the
// process ends as the signal says (so Ctrl-C leaves no partial file behind either).
void remove_partial_files_on_signals();

// The path as messages show it (cut and escaped, see message_excerpt).
std::string quoted_path(const std::string& path);

}  // namespace vg::cli
