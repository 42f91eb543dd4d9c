#include "engine/table/string_column.h"

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

bool StringColumn::AppendBlock(std::string_view data, const uint32_t* lengths, size_t count) {
  uint64_t total = 0;
  for (size_t i = 0; i < count; ++i) total += lengths[i];
  if (total != data.size()) return false;
  uint64_t offset = data_.size();
  data_.append(data);
  for (size_t i = 0; i < count; ++i) {
    offset += lengths[i];
    offsets_.push_back(offset);
  }
  return true;
}

}  // namespace safetynet
