// The case store's values as the API's messages and back (docs/api.md
// "Reading", "Dispositions"): a stored case as an api::CaseRecord, posted
// dispositions as the rows a night checks. Pure; thread-safe.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "engine/cases/case.h"
#include "engine/cases/night.h"
#include "engine/lang/program.h"
#include "engine/serve/http_message.h"
#include "safetynet/api.pb.h"

namespace safetynet::serve {

// The fields of `c` (not its firings, status or worklist fields). The label
// is the rule's in `program` (its id if it has none); the last disposition
// is the latest by date, on equal dates the later row (docs/monitoring.md
// section 3), a posted one waiting for the next night included (then
// last_action_waiting); `live` if the case opened or escalated after the
// store's `last_night`; `days_open` up to its closing, or to `live_date`
// (cases::LiveDate) while open.
api::CaseRecord CaseRecordOf(const cases::Case& c, const lang::Program& program, Days last_night,
                             Days live_date);

// 503 STORE_UNAVAILABLE: the case store could not be read, and why.
HttpResponse StoreUnavailable(const absl::Status& status);

// The request's dispositions as rows (`line` = the place in the request,
// from 0), each field without the blanks around it.
std::vector<cases::DispositionRow> DispositionRowsOf(const api::DispositionsRequest& request);

}  // namespace safetynet::serve
