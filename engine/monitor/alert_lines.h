// The alerts of a run, formatted once as the output files write them: for
// each alert its line of alerts.csv and its line of alerts.jsonl (the same
// content, the evidence there a JSON object of typed values, and the rule's
// label and reason sentence after it), its reason sentence, with what the line is sorted, counted
// and split by. Lines come in output order -- rule id, then subject id -- and are formatted in
// parallel parts (oneTBB) into text the AlertLines owns, so the bytes do not
// depend on the thread count and no alert costs an allocation of its own.
// The views stay valid while the AlertLines lives (moves included).
// Thread-safe once built.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/exec/evaluator.h"
#include "engine/lang/program.h"
#include "engine/match/signal_index.h"
#include "engine/monitor/subjects.h"
#include "engine/table/dataset.h"

namespace safetynet::monitor {

// What every line of a run says the same way.
struct RunLabels {
  std::string as_of;              // YYYY-MM-DD
  std::string standards_version;  // YYYY-MM-DD
  bool mask_ids = false;          // every resident id in every value masked (MaskResidentIdsInText)
  bool keep_findings = false;     // fill AlertLine::finding (for the case store)
};

// An alert's values as the data hold them, never masked: what the case store
// keeps (engine/cases). Empty unless RunLabels::keep_findings.
struct FindingText {
  std::string_view household_id, town, village, evidence;
};

// The columns of alerts.csv, and the keys of alerts.jsonl, in order.
inline constexpr std::array<std::string_view, 12> kAlertColumns = {
    "rule_id", "severity", "subject_kind", "subject_id", "household_id", "district",
    "town",    "village",  "score",        "evidence",   "as_of",        "standards_version"};

struct AlertLine {
  std::string_view csv;         // the line of alerts.csv, newline included
  std::string_view jsonl;       // the line of alerts.jsonl, newline included
  std::string_view subject_id;  // as in the data, never masked: the order within a rule
  std::string_view town;        // where the subject lives, for --split-by town (masked as written)
  std::string_view reason;      // the rule's reason sentence for the subject ("" if none)
  FindingText finding;
  int alert = 0;  // index into program.alerts, which are in rule id order
  int32_t district = 0;
  int64_t severity = 0;  // 0 LOW, 1 MEDIUM, 2 HIGH
  int64_t score = 0;     // kEmpty unless the rule has a score
};

class AlertLines {
 public:
  AlertLines() = default;
  AlertLines(AlertLines&&) = default;
  AlertLines& operator=(AlertLines&&) = default;

  const std::vector<AlertLine>& lines() const { return lines_; }

 private:
  friend AlertLines FormatAlerts(const lang::Program&, const Dataset&, const SignalIndex&,
                                 const SubjectKeys&, const exec::RunResult&, const RunLabels&,
                                 int32_t, int);
  struct PartText {
    std::string csv, jsonl, keys;
  };
  std::vector<AlertLine> lines_;
  std::vector<PartText> parts_;  // the lines' text; elements never move
};

// The alerts of `result`; with `only_district` (non-zero), only those whose
// subject lives in that district; with `only_alert` (an index into
// program.alerts, not -1), only that rule's (a part of the output order:
// formatted rule by rule, the lines of one rule are held at a time).
AlertLines FormatAlerts(const lang::Program& program, const Dataset& data,
                        const SignalIndex& signals, const SubjectKeys& keys,
                        const exec::RunResult& result, const RunLabels& labels,
                        int32_t only_district = 0, int only_alert = -1);

// The lines, in output order, as the output files take them.
std::vector<const AlertLine*> LinesInOrder(const AlertLines& lines);

std::string_view SeverityName(int64_t severity);  // LOW, MEDIUM, HIGH; "" for another value

}  // namespace safetynet::monitor
