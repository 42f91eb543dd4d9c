// libFuzzer target: a request body of the live service's API read as its
// JSON message (engine/serve/json_mapping.h) and, for signals, checked as
// imported rows (engine/serve/signal_check.h); for dispositions, checked as
// a night checks them (engine/cases/night.h). Any bytes: never a crash;
// every signal or disposition of a body that parses is accepted, repeated
// or rejected with a place and a reason -- none vanishes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/serve/case_messages.h"
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
  api::DispositionsRequest dispositions;
  if (ReadJson(body, dispositions).ok() && dispositions.dispositions_size() <= 1000) {
    // One known case, open from 2025-06-01, with a VISITED of 2025-06-02.
    const cases::DispositionCheck checked = cases::CheckDispositions(
        20300, DispositionRowsOf(dispositions),
        [](std::string_view case_id) -> std::optional<cases::EarlierCase> {
          if (case_id != "H4_DIBAO_CANDIDATE:HH1:20250601") return std::nullopt;
          return cases::EarlierCase{1, 20240, kNoDate, {{20241, cases::Action::kVisited}}};
        });
    if (checked.accepted.size() + checked.repeated + checked.rejected.size() !=
        static_cast<size_t>(dispositions.dispositions_size()))
      std::abort();  // a disposition neither kept, repeated nor refused
    for (const cases::RejectedDisposition& r : checked.rejected) {
      if (r.line < 0 || r.line >= dispositions.dispositions_size() || r.reason.empty())
        std::abort();
    }
  }
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
