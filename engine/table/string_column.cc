#include "engine/table/string_column.h"

#include <cstring>

#include "engine/common/huge_pages.h"

namespace safetynet {

void StringColumn::push_back(std::string_view text) {
  data_.append(text);
  offsets_.push_back(data_.size());
}

void StringColumn::reserve(size_t rows, size_t bytes) {
  ReserveHuge(offsets_, rows + 1);
  ReserveHuge(data_, bytes);
}

void StringColumn::truncate(size_t rows) {
  offsets_.resize(rows + 1);
  data_.resize(offsets_.back());
}

void StringColumn::ResizeForBlocks(size_t rows, size_t bytes) {
  reserve(rows, bytes);
  offsets_.resize(rows + 1);
  offsets_[0] = 0;
  data_.resize(bytes);
}

void StringColumn::SetBlock(size_t first_row, size_t first_byte, std::string_view data,
                            std::string_view lengths) {
  if (!data.empty()) std::memcpy(data_.data() + first_byte, data.data(), data.size());
  uint64_t offset = first_byte;
  for (size_t i = 0; i < lengths.size() / sizeof(uint32_t); ++i) {
    uint32_t length;
    std::memcpy(&length, lengths.data() + i * sizeof(uint32_t), sizeof(uint32_t));
    offset += length;
    offsets_[first_row + 1 + i] = offset;
  }
}

}  // namespace safetynet
