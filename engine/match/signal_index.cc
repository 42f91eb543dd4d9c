#include "engine/match/signal_index.h"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_group.h>

#include <algorithm>

namespace safetynet {
namespace {

// Counting sort of (subject row, signal row) pairs into CSR form, then each
// subject's signals sorted by (type, date, row).
void Group(const std::vector<std::pair<uint32_t, uint32_t>>& pairs, size_t subjects,
           const SignalTable& signals, SignalIndex::Groups& groups) {
  std::vector<uint32_t>& offsets = groups.offsets;
  std::vector<uint32_t>& rows = groups.rows;
  offsets.assign(subjects + 1, 0);
  for (const auto& [subject, row] : pairs) ++offsets[subject + 1];
  for (size_t s = 0; s < subjects; ++s) offsets[s + 1] += offsets[s];
  rows.resize(pairs.size());
  groups.types.resize(pairs.size());
  groups.dates.resize(pairs.size());
  std::vector<uint32_t> next(offsets.begin(), offsets.end() - 1);
  for (const auto& [subject, row] : pairs) rows[next[subject]++] = row;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, subjects, 4096),
                    [&](const tbb::blocked_range<size_t>& range) {
                      for (size_t s = range.begin(); s < range.end(); ++s) {
                        std::sort(rows.begin() + offsets[s], rows.begin() + offsets[s + 1],
                                  [&](uint32_t a, uint32_t b) {
                                    if (signals.type[a] != signals.type[b])
                                      return signals.type[a] < signals.type[b];
                                    if (signals.event_date[a] != signals.event_date[b])
                                      return signals.event_date[a] < signals.event_date[b];
                                    return a < b;
                                  });
                        for (uint32_t k = offsets[s]; k < offsets[s + 1]; ++k) {
                          groups.types[k] = signals.type[rows[k]];
                          groups.dates[k] = signals.event_date[rows[k]];
                        }
                      }
                    });
}

}  // namespace

SignalIndex::SignalIndex(const Dataset& d, Days as_of) {
  const SignalTable& signals = d.signals;
  // Look every signal's person up in parallel, then bucket in row order. The
  // lookups miss the cache: each is prefetched some rows ahead.
  constexpr size_t kAhead = 16;
  std::vector<uint32_t> person_of(signals.size()), elderly_of(signals.size());
  tbb::parallel_for(tbb::blocked_range<size_t>(0, signals.size(), 16384),
                    [&](const tbb::blocked_range<size_t>& r) {
                      for (size_t row = r.begin(); row < r.end(); ++row) {
                        if (row + kAhead < r.end()) {
                          d.person_row_of.prefetch(signals.person_id[row + kAhead]);
                          d.elderly_row_of.prefetch(signals.person_id[row + kAhead]);
                        }
                        auto person = d.person_row_of.find(signals.person_id[row]);
                        auto elderly = d.elderly_row_of.find(signals.person_id[row]);
                        person_of[row] = person == d.person_row_of.end() ? kNoRow : person->second;
                        elderly_of[row] =
                            elderly == d.elderly_row_of.end() ? kNoRow : elderly->second;
                      }
                    });
  std::vector<std::pair<uint32_t, uint32_t>> person_pairs, elderly_pairs;
  person_pairs.reserve(signals.size());
  for (uint32_t row = 0; row < signals.size(); ++row) {
    bool known = person_of[row] != kNoRow || elderly_of[row] != kNoRow;
    if (!known) unmatched_.push_back(row);
    if (signals.event_date[row] > as_of) {
      ++future_dated_;
      if (!known) ++unmatched_future_dated_;
      continue;
    }
    if (!known) continue;
    ++matched_;
    if (person_of[row] != kNoRow) person_pairs.emplace_back(person_of[row], row);
    if (elderly_of[row] != kNoRow) elderly_pairs.emplace_back(elderly_of[row], row);
  }
  // Two independent pieces, side by side.
  tbb::task_group group;
  group.run([&] { Group(person_pairs, d.persons.size(), signals, person_); });
  Group(elderly_pairs, d.elderly.size(), signals, elderly_);
  group.wait();
}

}  // namespace safetynet
