// libFuzzer target: arbitrary bytes as a rules file (with the Weihai
// standards), and as a standards file (with the Weihai rules). Parsing,
// checking and compiling must never crash; errors are diagnostics.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/io/files.h"
#include "engine/lang/rule_set.h"

namespace {

std::string Read(const std::string& file) {
  std::string text;
  if (!safetynet::ReadWholeFile(std::string(SAFETYNET_RULES_DIR) + "/weihai/" + file, text).ok())
    std::abort();
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string standards = Read("weihai.standards");
  static const std::string household = Read("household.rules");
  const std::string text(reinterpret_cast<const char*>(data), size);
  {
    safetynet::lang::RuleSources sources;
    sources.standards.push_back({"weihai.standards", standards});
    sources.rules.push_back({"fuzz.rules", text});
    auto program = safetynet::lang::CompileRules(std::move(sources));
    (void)program;
  }
  {
    safetynet::lang::RuleSources sources;
    sources.standards.push_back({"fuzz.standards", text});
    sources.rules.push_back({"household.rules", household});
    auto program = safetynet::lang::CompileRules(std::move(sources));
    (void)program;
  }
  return 0;
}
