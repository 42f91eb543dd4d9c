#include "engine/serve/signal_rows.h"

namespace safetynet::serve {

void AppendSignalsHeader(CsvWriter& csv) {
  csv.Row(
      {"signal_id", "source", "type", "person_id", "event_date", "amount", "inpatient", "detail"});
}

void AppendSignalRow(const api::SignalFields& s, CsvWriter& csv) {
  csv.Row({s.signal_id(), s.source(), s.type(), s.person_id(), s.event_date(), s.amount(),
           s.inpatient(), s.detail()});
}

}  // namespace safetynet::serve
