// Loading a rules folder: every `*.rules` file (rule language) and every
// `*.standards` file (parameters) in it, in name order, parsed, checked and
// compiled into one Program -- before any data is read. Errors are all
// reported at once, each with file:line:column and the offending text.
// Thread-safe: calls share nothing.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/lang/program.h"
#include "engine/lang/source.h"

namespace safetynet::lang {

struct RuleSources {
  std::vector<SourceFile> rules;      // *.rules
  std::vector<SourceFile> standards;  // *.standards
};

// Reads the folder's files; an unreadable folder or one without rules is an error.
absl::StatusOr<RuleSources> ReadRuleFolder(const std::string& folder);

// Compiles; on errors returns InvalidArgument whose message lists them all.
absl::StatusOr<std::unique_ptr<Program>> CompileRules(RuleSources sources);

// ReadRuleFolder + CompileRules.
absl::StatusOr<std::unique_ptr<Program>> LoadRules(const std::string& folder);

}  // namespace safetynet::lang
