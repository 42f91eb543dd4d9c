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
  // Appends `count` texts whose bytes are `data` and whose lengths are `lengths`.
  // Returns false if the lengths do not add up to data.size().
  bool AppendBlock(std::string_view data, const uint32_t* lengths, size_t count);
  size_t bytes() const { return data_.size(); }
  const std::string& data() const { return data_; }
  bool operator==(const StringColumn& other) const = default;

 private:
  std::string data_;
  std::vector<uint64_t> offsets_;  // size() + 1 entries; offsets_[0] == 0
};

}  // namespace safetynet
