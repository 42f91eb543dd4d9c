// Dirty data: appends bad rows of every kind the exchange format lists
// (wrong column count, broken quoting, malformed numbers, dates and ids,
// negative amounts, unknown codes, failed checksums, birth dates that
// disagree with the id, overlong text, duplicate keys, persons of unknown or
// rejected households) to exported CSV files, and
// records each one -- file, line, kind -- as the importer must report it.
// Deterministic per seed. Thread-safe: calls share nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/io/exchange_export.h"
#include "engine/io/rejects.h"
#include "engine/table/dataset.h"

namespace safetynet::synth {

struct BadRow {
  std::string file;
  size_t line;
  RejectKind kind;
};

// Appends `per_kind` bad rows of each kind to `files` (exported from `dataset`).
std::vector<BadRow> AddBadRows(const Dataset& dataset, ExchangeFiles& files, uint64_t seed,
                               size_t per_kind);

// The list as CSV: file,line,kind.
std::string BadRowsCsv(const std::vector<BadRow>& rows);

}  // namespace safetynet::synth
