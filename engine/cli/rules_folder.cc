#include "engine/cli/rules_folder.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "engine/common/text.h"
#include "engine/lang/rule_set.h"

namespace safetynet::cli {
namespace {

bool IsFolder(const std::filesystem::path& path) {
  std::error_code error;
  return std::filesystem::is_directory(path, error);
}

DefaultRules Find() {
  std::filesystem::path installed;
  char self[4096];
  const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (length > 0) {
    installed =
        (std::filesystem::path(std::string(self, static_cast<size_t>(length))).parent_path() /
         SAFETYNET_INSTALLED_RULES)
            .lexically_normal();
    if (IsFolder(installed)) return {installed.string(), "installed with safetynet"};
  }
  const std::filesystem::path source = SAFETYNET_SOURCE_RULES;
  if (IsFolder(source)) return {source.string(), "from the source tree"};
  return {installed.empty() ? std::string(SAFETYNET_INSTALLED_RULES) : installed.string(),
          "not found, give --rules"};
}

}  // namespace

const DefaultRules& FindDefaultRules() {
  static const DefaultRules rules = Find();
  return rules;
}

void AddRulesOption(po::options_description& options) {
  const DefaultRules& rules = FindDefaultRules();
  options.add_options()(
      "rules", po::value<std::string>()->default_value(rules.folder)->value_name("DIR"),
      Cat("the rules folder. Default: the Weihai rules installed with safetynet "
          "(BINDIR/../share/safetynet/rules/weihai), else the rules/weihai of the source tree "
          "it was built from. Here: ",
          rules.origin, ".")
          .c_str());
}

std::unique_ptr<lang::Program> LoadRulesFor(std::string_view command, const std::string& folder) {
  auto program = lang::LoadRules(folder);
  if (program.ok()) return std::move(*program);
  // One reason on the same line; the diagnostics of a rules file, one a line below.
  const std::string reason(program.status().message());
  Complain(command, Cat("the rules in ", folder, " cannot be used:",
                        reason.find('\n') == std::string::npos ? " " : "\n", reason));
  return nullptr;
}

std::optional<DistrictNames> LoadDistrictNamesFor(std::string_view command,
                                                  const std::string& folder) {
  auto names = LoadDistrictNames(folder);
  if (names.ok()) return std::move(*names);
  Complain(command,
           Cat("the district names cannot be used: ", std::string(names.status().message())));
  return std::nullopt;
}

}  // namespace safetynet::cli
