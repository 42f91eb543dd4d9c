#include "engine/lang/rule_set.h"

#include <dirent.h>

#include <algorithm>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"
#include "engine/lang/compiler.h"
#include "engine/lang/parser.h"
#include "engine/lang/rule_errors.h"

namespace safetynet::lang {

absl::StatusOr<RuleSources> ReadRuleFolder(const std::string& folder) {
  DIR* dir = ::opendir(folder.c_str());
  if (!dir) return absl::NotFoundError(Cat("cannot open the rules folder ", folder));
  std::vector<std::string> names;
  while (dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name.ends_with(".rules") || name.ends_with(".standards")) names.emplace_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  RuleSources sources;
  for (const std::string& name : names) {
    SourceFile file;
    file.path = Cat(folder, "/", name);
    SAFETYNET_RETURN_IF_ERROR(ReadWholeFile(file.path, file.text));
    (name.ends_with(".rules") ? sources.rules : sources.standards).push_back(std::move(file));
  }
  if (sources.rules.empty()) {
    return absl::InvalidArgumentError(Cat("the rules folder ", folder, " holds no *.rules file"));
  }
  return sources;
}

absl::StatusOr<std::unique_ptr<Program>> CompileRules(RuleSources sources) {
  auto program = std::make_unique<Program>();
  Diagnostics diagnostics;
  for (SourceFile& file : sources.standards) {
    program->sources.push_back(std::make_unique<SourceFile>(std::move(file)));
    program->standards.Parse(*program->sources.back(), diagnostics);
  }
  if (diagnostics.empty()) program->standards.Check(diagnostics);
  std::vector<RuleFile> parsed;
  for (SourceFile& file : sources.rules) {
    program->sources.push_back(std::make_unique<SourceFile>(std::move(file)));
    parsed.push_back(ParseRuleFile(*program->sources.back(), diagnostics));
  }
  if (diagnostics.empty()) Compile(parsed, *program, diagnostics);
  SAFETYNET_RETURN_IF_ERROR(RuleErrorsStatus(diagnostics));
  return program;
}

absl::StatusOr<std::unique_ptr<Program>> LoadRules(const std::string& folder) {
  SAFETYNET_ASSIGN_OR_RETURN(RuleSources sources, ReadRuleFolder(folder));
  return CompileRules(std::move(sources));
}

}  // namespace safetynet::lang
