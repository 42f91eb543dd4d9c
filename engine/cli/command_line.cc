#include "engine/cli/command_line.h"

#include <chrono>
#include <iostream>

namespace safetynet::cli {

std::optional<int> ParseOptions(const Args& args, po::options_description options,
                                std::string_view usage, std::string_view about,
                                po::variables_map& values) {
  options.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(args).options(options).run(), values);
    if (values.count("help")) {
      std::cout << "usage: " << usage << "\n\n" << about << "\n\n" << options << "\n";
      return kExitOk;
    }
    po::notify(values);
  } catch (const po::error& error) {
    std::cerr << "safetynet: " << error.what() << "\nusage: " << usage
              << "\n(--help explains every option)\n";
    return kExitUsage;
  }
  return std::nullopt;
}

std::optional<OutputFolder> ClaimOutputFolder(std::string_view command, const std::string& folder,
                                              std::vector<std::string> inputs, int& exit) {
  auto claimed = OutputFolder::Begin(folder, {std::string(command), std::move(inputs)});
  if (claimed.ok()) return std::move(*claimed);
  std::cerr << "safetynet " << command << ": " << claimed.status().message() << "\n";
  exit =
      claimed.status().code() == absl::StatusCode::kFailedPrecondition ? kExitUsage : kExitFailed;
  return std::nullopt;
}

std::optional<Days> DateOption(const std::string& text, std::string_view option) {
  std::optional<Days> date = ParseIsoDate(text);
  if (!date) {
    std::cerr << "safetynet: --" << option << " '" << text
              << "' is not a date of the form YYYY-MM-DD\n";
  }
  return date;
}

double Now() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

double SecondsSince(double start) { return Now() - start; }

}  // namespace safetynet::cli
