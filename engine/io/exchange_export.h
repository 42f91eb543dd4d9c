// Writes a Dataset back out as the four exchange CSV files
// (docs/exchange-format.md), e.g. for synthetic data. Importing the files
// gives the same tables. Also gives single rows as fields, for tools that
// build CSV rows of their own (the dirty-data generator). Pure functions of
// the dataset; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/io/import.h"
#include "engine/table/dataset.h"

namespace safetynet {

enum class ExchangeFile { kHouseholds, kPersons, kElderly, kSignals };

std::string_view ExchangeFileName(ExchangeFile file);
std::span<const std::string_view> ExchangeHeader(ExchangeFile file);
size_t ExchangeRowCount(const Dataset& dataset, ExchangeFile file);
// The fields of `row` of the file's table, in header order.
std::vector<std::string> ExchangeRow(const Dataset& dataset, ExchangeFile file, size_t row);

ExchangeFiles ExportExchangeFiles(const Dataset& dataset);

// Writes DIR/households.csv, persons.csv, elderly.csv, signals.csv atomically.
absl::Status WriteExchangeDirectory(const ExchangeFiles& files, const std::string& directory);

}  // namespace safetynet
