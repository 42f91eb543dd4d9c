// Writes a Dataset back out as the four exchange CSV files
// (docs/exchange-format.md), e.g. for synthetic data, driven by the column
// declarations (engine/table/model.h). Importing the files gives the same
// tables. Also gives single rows as fields, for tools that build CSV rows of
// their own (the dirty-data generator). Pure functions of the dataset;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/io/import.h"
#include "engine/table/dataset.h"

namespace safetynet {

// "households.csv", "persons.csv", "elderly.csv", "signals.csv".
std::string ExchangeFileName(Entity table);
// The file's column names, in the order the exporter writes them.
std::vector<std::string_view> ExchangeHeader(Entity table);
size_t ExchangeRowCount(const Dataset& dataset, Entity table);
// The fields of `row` of the table, in header order, as the file writes them.
std::vector<std::string> ExchangeRow(const Dataset& dataset, Entity table, size_t row);

ExchangeFiles ExportExchangeFiles(const Dataset& dataset);

// Writes DIR/households.csv, persons.csv, elderly.csv, signals.csv atomically.
absl::Status WriteExchangeDirectory(const ExchangeFiles& files, const std::string& directory);

}  // namespace safetynet
