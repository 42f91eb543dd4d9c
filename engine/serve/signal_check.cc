#include "engine/serve/signal_check.h"

#include <algorithm>

#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/io/import_tables.h"
#include "engine/serve/signal_rows.h"
#include "engine/table/dataset_slice.h"

namespace safetynet::serve {

SignalCheck CheckSignals(const api::SignalsRequest& request, const ImportOptions& options,
                         const std::function<bool(std::string_view signal_id)>& known) {
  // The request as a signals file: a header, then a row per signal; the
  // line each row starts on (a quoted field may hold line breaks).
  CsvWriter csv;
  AppendSignalsHeader(csv);
  std::vector<size_t> first_line;  // by place in the request
  size_t line = 2;
  for (const api::SignalFields& s : request.signals()) {
    first_line.push_back(line);
    const size_t before = csv.contents().size();
    AppendSignalRow(s, csv);
    line += std::count(csv.contents().begin() + before, csv.contents().end(), '\n');
  }
  auto place_of = [&](size_t line) {
    return static_cast<int32_t>(std::upper_bound(first_line.begin(), first_line.end(), line) -
                                first_line.begin() - 1);
  };

  SignalCheck check;
  import_internal::FileOutput output;
  const import_internal::FileInput input{"signals", csv.contents(), &options, false};
  SignalTable read;
  if (absl::Status status = import_internal::ImportTable(input, nullptr, read, output);
      !status.ok()) {
    // Cannot happen for the header written above; refuse every signal rather than take any.
    for (int i = 0; i < request.signals_size(); ++i) {
      api::RejectedSignal& r = check.rejected.emplace_back();
      r.set_index(i);
      r.set_kind("MALFORMED_CSV");
      r.set_reason(std::string(status.message()));
    }
    return check;
  }
  std::vector<bool> rejected(request.signals_size(), false);
  for (const Reject& reject : output.rejects) {
    const int32_t place = place_of(reject.line);
    rejected[place] = true;
    api::RejectedSignal& r = check.rejected.emplace_back();
    r.set_index(place);
    r.set_column(reject.column);
    r.set_kind(std::string(RejectKindName(reject.kind)));
    r.set_reason(reject.reason);
  }
  // The rows read are the places not rejected, in order; those already taken are refused.
  std::vector<uint32_t> keep;
  size_t row = 0;
  for (int32_t place = 0; place < request.signals_size(); ++place) {
    if (rejected[place]) continue;
    if (known(read.signal_id[row])) {
      api::RejectedSignal& r = check.rejected.emplace_back();
      r.set_index(place);
      r.set_column("signal_id");
      r.set_kind(std::string(RejectKindName(RejectKind::kDuplicateKey)));
      r.set_reason("signal_id of a signal taken before (in the snapshot or posted earlier)");
    } else {
      keep.push_back(static_cast<uint32_t>(row));
      check.accepted_index.push_back(place);
    }
    ++row;
  }
  std::sort(check.rejected.begin(), check.rejected.end(),
            [](const api::RejectedSignal& a, const api::RejectedSignal& b) {
              return a.index() < b.index();
            });
  AppendRows(read, keep, check.accepted);
  return check;
}

}  // namespace safetynet::serve
