// Formats rule values for the output files: money as yuan with two decimals, exact
// fractions as decimals, dates as YYYY-MM-DD, codes by name, bools as
// true/false, empty values as "". Pure; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "engine/exec/evaluator.h"
#include "engine/lang/program.h"
#include "engine/lang/types.h"

namespace safetynet::monitor {

std::string FormatValue(lang::Type type, int64_t num, int64_t den);

// The same, appended to `out` (no temporary string for the common cases).
void AppendValue(std::string& out, lang::Type type, int64_t num, int64_t den);

// The value of `column` as people read it (docs/rule-language.md, "Labels
// and reasons"): as AppendValue, but a bool or a code in the words of the
// column's `label` statement where it gives them, and an empty value as its
// `empty` word.
void AppendValueForPeople(std::string& out, const lang::ColumnDef& column, int64_t num,
                          int64_t den);

// The reason sentence `reason` (an alert's or entitlement's) of the subject
// in `row` of the evaluation `result`, each value as people read it; nothing
// for a rule without one. The columns it reads must be in `result`.
void AppendReason(std::string& out, const lang::Program& program,
                  std::span<const lang::ReasonPiece> reason, const exec::RunResult& result,
                  uint32_t row);

// For an alert without a reason sentence: the values it shows, each as
// "label：value" (its name where it has no label), joined by "；".
void AppendShownValues(std::string& out, const lang::Program& program, std::span<const int> show,
                       const exec::RunResult& result, uint32_t row);

// The value as a JSON value of its type (alerts.jsonl's evidence): money and
// ratios as decimal numbers (money in yuan with two decimals, or more where
// an exact value needs them), ints as numbers, bools as true/false, dates and
// codes as strings ("2025-06-30", "ALONE"), an empty value as null.
void AppendJsonValue(std::string& out, lang::Type type, int64_t num, int64_t den);

}  // namespace safetynet::monitor
