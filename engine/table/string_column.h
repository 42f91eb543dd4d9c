// A column of UTF-8 texts stored as one buffer plus offsets (no allocation per
// text). Owned by its table; reading from several threads is safe, appending
// is not.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace safetynet {

class StringColumn {
 public:
  StringColumn() : offsets_{0} {}

  size_t size() const { return offsets_.size() - 1; }
  std::string_view operator[](size_t row) const {
    return std::string_view(data_).substr(offsets_[row], offsets_[row + 1] - offsets_[row]);
  }
  void push_back(std::string_view text);
  void reserve(size_t rows, size_t bytes);
  // Keeps the first `rows` texts (rows <= size()).
  void truncate(size_t rows);
  // Makes the column `rows` texts of `bytes` bytes in all, to be filled by
  // SetBlock: blocks that tile the column, which may be set from several
  // threads at once. Until then the texts are undefined.
  void ResizeForBlocks(size_t rows, size_t bytes);
  // Sets the texts of rows [first_row, first_row + count), whose bytes are
  // `data`, to begin at byte `first_byte` of the column; `lengths` holds
  // each text's length as a little-endian uint32 (4 * count bytes, in any
  // alignment) and they add up to data.size() (the caller checks both).
  void SetBlock(size_t first_row, size_t first_byte, std::string_view data,
                std::string_view lengths);
  // The texts of rows [begin, end) as they lie, one after the other
  // (begin <= end <= size()).
  std::string_view Range(size_t begin, size_t end) const {
    return std::string_view(data_).substr(offsets_[begin], offsets_[end] - offsets_[begin]);
  }
  size_t bytes() const { return data_.size(); }
  const std::string& data() const { return data_; }
  bool operator==(const StringColumn& other) const = default;

 private:
  std::string data_;
  std::vector<uint64_t> offsets_;  // size() + 1 entries; offsets_[0] == 0
};

}  // namespace safetynet
