// Lists too large to hold in memory, sorted part by part: each part is
// written to a run file as records in key order, then the runs are merged
// k ways into the whole list's files, in the memory of a buffer per run and
// per output (about 1 MiB each), whatever the lists' size.
//
// A record is a key -- bytes compared as unsigned bytes; SortKey builds one
// that orders as a tuple of fields -- and one piece of text per output
// (say a line of alerts.csv and the same alert's line of alerts.jsonl). The
// merge writes piece i of every record to output i, in key order; records
// of equal keys come out in the order of the runs given, then of each run.
//
// A run file is a sequence of records, each a 4-byte little-endian length
// and the key, then for each piece its 4-byte length and its bytes; it is
// read back only by MergeSortedRuns in the same process.
//
// Thread-safe for distinct writers and distinct merges; one SortKey or
// SortedRunWriter per thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/io/files.h"

namespace safetynet {

// A key whose bytes order as the tuple of the fields added: a number by its
// value, a text byte by byte (as unsigned bytes, a prefix before the longer
// text), every byte value allowed. All keys compared must have the same kinds of
// fields in the same order. Reusable: Clear() between keys.
class SortKey {
 public:
  SortKey& Number(uint32_t value);        // 4 bytes, most significant first
  SortKey& Text(std::string_view field);  // 0x00 as 0x00 0xFF, then the end 0x00 0x01
  void Clear() { bytes_.clear(); }
  std::string_view bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

// Writes one run: records added in non-decreasing key order, each with the
// same number of pieces. The file is written as FileAppender writes it (a
// temporary renamed into place by Commit). One owner; movable.
class SortedRunWriter {
 public:
  // `pieces`: how many pieces each record has (at least 1). Errors: those of
  // FileAppender::Create.
  static absl::StatusOr<SortedRunWriter> Create(const std::string& path, size_t pieces);

  // Adds a record: `pieces.size()` must be the number given to Create, and the key not below the
  // previous record's, else Commit() fails (Internal: a bug of the caller's).
  void Add(std::string_view key, std::span<const std::string_view> pieces);
  // Errors: a broken rule of Add, a key or piece of 4 GiB or more, and the
  // write errors of FileAppender::Commit (naming the file).
  absl::Status Commit();

 private:
  SortedRunWriter(FileAppender file, size_t pieces) : file_(std::move(file)), pieces_(pieces) {}
  void AddLength(size_t size);
  FileAppender file_;
  size_t pieces_;
  std::string last_key_;
  absl::Status status_;
};

// Merges the committed `runs` (paths, whose records have `outputs.size()`
// pieces each) into `outputs`, which the caller then commits. Errors: a run
// that cannot be read, or is truncated or not of this shape (DataLoss, naming
// the file).
absl::Status MergeSortedRuns(std::span<const std::string> runs,
                             std::span<FileAppender* const> outputs);

}  // namespace safetynet
