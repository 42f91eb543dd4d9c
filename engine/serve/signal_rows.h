// The API's signals (api::SignalFields) as the rows of a signals.csv
// (docs/exchange-format.md), for the import's code to read: the checks of
// posted signals (signal_check.h) and the night's import of the journal
// (journal_signals.h). Pure; thread-safe.
#pragma once

#include "engine/io/csv_writer.h"
#include "safetynet/api.pb.h"

namespace safetynet::serve {

// The header line of signals.csv, its columns in the exchange format's order.
void AppendSignalsHeader(CsvWriter& csv);

// `signal` as one row under that header (fields quoted where needed).
void AppendSignalRow(const api::SignalFields& signal, CsvWriter& csv);

}  // namespace safetynet::serve
