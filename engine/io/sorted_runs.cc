#include "engine/io/sorted_runs.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "engine/common/status.h"
#include "engine/common/text.h"

namespace safetynet {
namespace {

constexpr size_t kLengthBytes = 4;
constexpr size_t kReadBuffer = size_t{1} << 20;

uint32_t LengthAt(const char* p) {
  uint32_t value = 0;
  for (size_t i = 0; i < kLengthBytes; ++i)
    value |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return value;
}

// The records of one run, read through a buffer. The views of the current
// record stay valid until the next call of Next().
class RunReader {
 public:
  RunReader(std::string path, int fd, size_t pieces)
      : path_(std::move(path)), fd_(fd), buffer_(kReadBuffer, '\0'), pieces_(pieces) {}
  RunReader(const RunReader&) = delete;
  RunReader& operator=(const RunReader&) = delete;
  ~RunReader() { ::close(fd_); }

  // Steps to the next record: false at the end of the run, or on an error
  // (then status() says which).
  bool Next() {
    begin_ = next_;
    // The lengths first, as offsets from begin_ (the buffer may move while it fills).
    size_t at = 0;
    std::vector<std::pair<size_t, size_t>>& spans = spans_;  // offset and length of each field
    spans.clear();
    for (size_t field = 0; field <= pieces_; ++field) {
      if (!Fill(at + kLengthBytes)) {
        if (field == 0 && end_ == begin_ && status_.ok()) return false;  // the clean end
        return Truncated();
      }
      const size_t length = LengthAt(buffer_.data() + begin_ + at);
      at += kLengthBytes;
      if (!Fill(at + length)) return Truncated();
      spans.emplace_back(at, length);
      at += length;
    }
    const char* base = buffer_.data() + begin_;
    key_ = std::string_view(base + spans[0].first, spans[0].second);
    pieces_text_.clear();
    for (size_t p = 1; p <= pieces_; ++p)
      pieces_text_.emplace_back(base + spans[p].first, spans[p].second);
    next_ = begin_ + at;
    return true;
  }

  std::string_view key() const { return key_; }
  std::string_view piece(size_t i) const { return pieces_text_[i]; }
  const absl::Status& status() const { return status_; }

 private:
  // Whether `want` bytes from begin_ are (or could be made) in the buffer.
  bool Fill(size_t want) {
    if (end_ - begin_ >= want) return true;
    if (!status_.ok()) return false;
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    next_ -= begin_;
    begin_ = 0;
    if (buffer_.size() < want) buffer_.resize(std::max(want, 2 * buffer_.size()));
    while (end_ < want) {
      const ssize_t got = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        status_ = absl::DataLossError(Cat("cannot read ", path_, ": ", std::strerror(errno)));
        return false;
      }
      if (got == 0) return false;
      end_ += static_cast<size_t>(got);
    }
    return true;
  }

  bool Truncated() {
    if (status_.ok()) status_ = absl::DataLossError(Cat(path_, " ends inside a record"));
    return false;
  }

  std::string path_;
  int fd_;
  std::string buffer_;
  size_t begin_ = 0, next_ = 0, end_ = 0;  // the current record, the next, the bytes read
  size_t pieces_;
  std::vector<std::pair<size_t, size_t>> spans_;
  std::string_view key_;
  std::vector<std::string_view> pieces_text_;
  absl::Status status_;
};

}  // namespace

SortKey& SortKey::Number(uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) bytes_ += static_cast<char>((value >> shift) & 0xFF);
  return *this;
}

SortKey& SortKey::Text(std::string_view field) {
  for (char c : field) {
    bytes_ += c;
    if (c == '\0') bytes_ += '\xFF';
  }
  bytes_ += '\0';
  bytes_ += '\x01';
  return *this;
}

absl::StatusOr<SortedRunWriter> SortedRunWriter::Create(const std::string& path, size_t pieces) {
  SAFETYNET_ASSIGN_OR_RETURN(FileAppender file, FileAppender::Create(path));
  return SortedRunWriter(std::move(file), pieces);
}

void SortedRunWriter::AddLength(size_t size) {
  if (size > std::numeric_limits<uint32_t>::max()) {
    status_ = absl::OutOfRangeError("a record of a sorted run holds a text of 4 GiB or more");
    return;
  }
  char bytes[kLengthBytes];
  for (size_t i = 0; i < kLengthBytes; ++i) bytes[i] = static_cast<char>((size >> (8 * i)) & 0xFF);
  file_.Append({bytes, kLengthBytes});
}

void SortedRunWriter::Add(std::string_view key, std::span<const std::string_view> pieces) {
  if (!status_.ok()) return;
  if (pieces.size() != pieces_) {
    status_ = absl::InternalError(
        Cat("a record of ", pieces.size(), " pieces added to a sorted run of ", pieces_));
    return;
  }
  if (key < std::string_view(last_key_)) {
    status_ = absl::InternalError("a record added to a sorted run out of order");
    return;
  }
  last_key_.assign(key);
  AddLength(key.size());
  file_.Append(key);
  for (std::string_view piece : pieces) {
    AddLength(piece.size());
    file_.Append(piece);
  }
}

absl::Status SortedRunWriter::Commit() {
  SAFETYNET_RETURN_IF_ERROR(status_);
  return file_.Commit();
}

absl::Status MergeSortedRuns(std::span<const std::string> runs,
                             std::span<FileAppender* const> outputs) {
  std::vector<std::unique_ptr<RunReader>> readers;
  std::vector<size_t> heap;  // the runs with a current record, the smallest key on top
  for (const std::string& run : runs) {
    SAFETYNET_ASSIGN_OR_RETURN(int fd, OpenRegularFile(run));
    readers.push_back(std::make_unique<RunReader>(run, fd, outputs.size()));
    if (readers.back()->Next()) heap.push_back(readers.size() - 1);
    SAFETYNET_RETURN_IF_ERROR(readers.back()->status());
  }
  // Whether run a's record comes after run b's: by key, then by run.
  auto after = [&](size_t a, size_t b) {
    const int order = readers[a]->key().compare(readers[b]->key());
    return order != 0 ? order > 0 : a > b;
  };
  std::make_heap(heap.begin(), heap.end(), after);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), after);
    RunReader& reader = *readers[heap.back()];
    for (size_t i = 0; i < outputs.size(); ++i) outputs[i]->Append(reader.piece(i));
    if (reader.Next()) {
      std::push_heap(heap.begin(), heap.end(), after);
    } else {
      SAFETYNET_RETURN_IF_ERROR(reader.status());
      heap.pop_back();
    }
  }
  return absl::OkStatus();
}

}  // namespace safetynet
