// Errors in a rules folder as an absl::Status, so that rule errors travel
// like every other error and still arrive as data: an InvalidArgument whose
// message is every diagnostic formatted for a person ("2 errors in the
// rules:" then file:line:column, the line and a caret, docs/rule-language.md)
// and whose payload holds each diagnostic's file, line, column and message,
// for a caller that shows them one by one. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/lang/source.h"

namespace safetynet::lang {

struct RuleError {
  std::string file;  // as the rules folder was given, e.g. "rules/weihai/household.rules"
  uint32_t line = 0, column = 0;  // 1-based; column in characters
  std::string message;
  bool operator==(const RuleError&) const = default;
};

// OK if `diagnostics` is empty; else the InvalidArgument described above.
absl::Status RuleErrorsStatus(const Diagnostics& diagnostics);

// The diagnostics a RuleErrorsStatus carries; empty for any other status.
std::vector<RuleError> RuleErrorsOf(const absl::Status& status);

}  // namespace safetynet::lang
