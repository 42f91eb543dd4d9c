// Signals posted to the live service (POST /v1/signals, docs/api.md),
// checked exactly as the import checks the rows of signals.csv: the posted
// fields are written as the rows of a signals file and read by the import's
// own code (engine/io/import_tables.h), so the same value gets the same
// reject kind and reason. Also refused: a signal_id already taken (in the
// snapshot or posted before). Pure; thread-safe.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "engine/io/import.h"
#include "engine/table/dataset.h"
#include "safetynet/api.pb.h"

namespace safetynet::serve {

struct SignalCheck {
  SignalTable accepted;                       // the good signals, in request order
  std::vector<int32_t> accepted_index;        // each one's place in the request
  std::vector<api::RejectedSignal> rejected;  // by place in the request
};

// `known` tells whether a signal_id (as the import keeps it) was taken
// before. `options.accepted_ids`: irregular ids taken as written (import
// --accept-ids); the rest of `options` is not used.
SignalCheck CheckSignals(const api::SignalsRequest& request, const ImportOptions& options,
                         const std::function<bool(std::string_view signal_id)>& known);

}  // namespace safetynet::serve
