// libFuzzer target: a dispositions file (engine/cases/dispositions_file.h)
// read and checked against a night with a few open cases
// (engine/cases/night.h). Any bytes: never a crash, and every row is either
// recorded, a repeat, or rejected with a reason -- none vanishes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/cases/dispositions_file.h"
#include "engine/cases/night.h"

using namespace safetynet;
using namespace safetynet::cases;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto rows = ParseDispositions("fuzz.csv", {reinterpret_cast<const char*>(data), size});
  if (!rows.ok()) return 0;
  const size_t count = rows->size();
  StateBeforeNight state;
  state.ordinal = 2;
  state.last_night = *ParseIsoDate("2025-06-30");
  for (const char* subject : {"HH1", "HH2"}) {
    Case c;
    c.number = subject[2] - '0';
    c.rule_id = "H4_DIBAO_CANDIDATE";
    c.subject_kind = "HOUSEHOLD";
    c.subject_id = subject;
    c.opened = state.last_night;
    c.opened_night = 1;
    c.case_id = CaseId(c.rule_id, c.subject_id, c.opened);
    state.open.push_back(c);
  }
  NightInput input;
  input.night = *ParseIsoDate("2025-07-01");
  input.dispositions = std::move(*rows);
  Finding finding;
  finding.rule_id = "H4_DIBAO_CANDIDATE";
  finding.subject_kind = "HOUSEHOLD";
  finding.subject_id = "HH1";
  input.findings.push_back(finding);
  input.subject_present = [](std::string_view, std::string_view) { return true; };
  const NightResult night = ProcessNight(std::move(state), std::move(input));
  if (night.accepted.size() + night.repeated_dispositions + night.rejected.size() != count) {
    std::abort();  // a row vanished or was counted twice
  }
  return 0;
}
