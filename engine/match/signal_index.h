// Signal matching: the signals dated on or before the as-of date, grouped by
// the person and by the elderly resident they are about (matched by resident
// id) and sorted by type, then date, then signal row -- so that windowed
// aggregates are short linear scans. (The links between the tables are the
// Dataset's: engine/table/links.h.)
//
// Signals about nobody known are "unmatched"; signals dated after the as-of
// date are "future-dated" and kept out of every rule. Built once per run,
// then read-only; concurrent reads are safe.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/common/date.h"
#include "engine/table/dataset.h"

namespace safetynet {

class SignalIndex {
 public:
  SignalIndex(const Dataset& dataset, Days as_of);

  // The signal rows about person row p: [begin, end) of rows().
  uint32_t PersonBegin(uint32_t p) const { return person_.offsets[p]; }
  uint32_t PersonEnd(uint32_t p) const { return person_.offsets[p + 1]; }
  uint32_t ElderlyBegin(uint32_t e) const { return elderly_.offsets[e]; }
  uint32_t ElderlyEnd(uint32_t e) const { return elderly_.offsets[e + 1]; }
  // Signal rows, grouped as above, with the type and the date of each beside
  // it (a scan reads them in order instead of looking each signal up).
  const std::vector<uint32_t>& person_rows() const { return person_.rows; }
  const std::vector<uint32_t>& elderly_rows() const { return elderly_.rows; }
  const std::vector<SignalType>& person_types() const { return person_.types; }
  const std::vector<SignalType>& elderly_types() const { return elderly_.types; }
  const std::vector<Days>& person_dates() const { return person_.dates; }
  const std::vector<Days>& elderly_dates() const { return elderly_.dates; }

  // Signal rows about nobody in persons or elderly (any date), in row order.
  const std::vector<uint32_t>& unmatched() const { return unmatched_; }
  size_t future_dated() const { return future_dated_; }
  size_t matched() const { return matched_; }  // matched and not future-dated
  // Unmatched and future-dated both (counted in each report): signals =
  // matched + unmatched + future_dated - unmatched_future_dated.
  size_t unmatched_future_dated() const { return unmatched_future_dated_; }

  // One subject table's signals in CSR form: subject s has entries
  // [offsets[s], offsets[s + 1]) of rows, types and dates.
  struct Groups {
    std::vector<uint32_t> offsets, rows;
    std::vector<SignalType> types;
    std::vector<Days> dates;
  };

 private:
  Groups person_, elderly_;
  std::vector<uint32_t> unmatched_;
  size_t future_dated_ = 0;
  size_t matched_ = 0;
  size_t unmatched_future_dated_ = 0;
};

}  // namespace safetynet
