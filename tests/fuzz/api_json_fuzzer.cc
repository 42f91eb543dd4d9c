// libFuzzer target: a request body of the live service's API read as its
// JSON message (engine/serve/json_mapping.h) and, for signals, checked as
// imported rows (engine/serve/signal_check.h). Any bytes: never a crash;
// every signal of a body that parses is either accepted or rejected with a
// place, a kind and a reason -- none vanishes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/serve/json_mapping.h"
#include "engine/serve/signal_check.h"

using namespace safetynet;
using namespace safetynet::serve;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  api::WhatIfRequest what_if;
  (void)ReadJson(body, what_if);
  api::SweepRequest sweep;
  (void)ReadJson(body, sweep);
  api::SignalsRequest request;
  if (!ReadJson(body, request).ok() || request.signals_size() > 1000) return 0;
  static const ImportOptions options;
  const SignalCheck check =
      CheckSignals(request, options, [](std::string_view id) { return id == "TAKEN"; });
  if (check.accepted.size() + check.rejected.size() < static_cast<size_t>(request.signals_size()))
    std::abort();  // a signal neither taken nor refused
  for (const api::RejectedSignal& r : check.rejected) {
    if (r.index() < 0 || r.index() >= request.signals_size() || r.kind().empty() ||
        r.reason().empty())
      std::abort();
  }
  return 0;
}
