// libFuzzer target: arbitrary bytes as the live service's journal file
// (engine/serve/journal.h), read as Journal::Open reads it when the service
// starts. Reading must never crash: either the records are replayed (a torn
// tail truncated) or an error says what is wrong. What Open replays must be
// what ParseJournal reads, and a journal Open accepted must, after one more
// append, reopen with that record last (the truncation left no damage).
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "engine/serve/journal.h"
#include "engine/serve/journal_format.h"

namespace {

char folder_made[64];  // removed at exit
void RemoveFolder() { rmdir(folder_made); }

// A private folder for the journal file, on tmpfs where there is one (its
// fsyncs cost nothing).
const std::string& JournalPath() {
  static const std::string path = [] {
    std::string folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm/journal_fuzzer.XXXXXX"
                                                       : "/tmp/journal_fuzzer.XXXXXX";
    if (mkdtemp(folder.data()) == nullptr || folder.size() >= sizeof folder_made) abort();
    folder.copy(folder_made, folder.size());
    std::atexit(RemoveFolder);
    return folder + "/fuzz.journal";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto parsed = safetynet::ParseJournal(bytes, "fuzz.journal");
  if (parsed.ok() && parsed->valid_bytes + parsed->torn_bytes != size) abort();

  const std::string& path = JournalPath();
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr || std::fwrite(data, 1, size, file) != size || std::fclose(file) != 0)
    abort();
  std::vector<std::string> replayed;
  auto journal = safetynet::Journal::Open(path, &replayed);
  if (journal.ok() != parsed.ok()) abort();
  if (journal.ok()) {
    if (replayed != parsed->records) abort();
    if (!(*journal)->AppendAndWait({"appended"}).ok()) abort();
    journal->reset();
    std::vector<std::string> again;
    auto reopened = safetynet::Journal::Open(path, &again);
    replayed.push_back("appended");
    if (!reopened.ok() || again != replayed || (*reopened)->counters().torn_bytes != 0) abort();
  }
  unlink(path.c_str());
  return 0;
}
