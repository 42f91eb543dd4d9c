#include "engine/cli/command_line.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>

#include "engine/common/text.h"

namespace safetynet::cli {
namespace {

// The hidden option that collects bare arguments no positional name takes.
constexpr const char* kStray = "stray-arguments";

// "YYYY-MM-DD" by its shape alone: four, two and two digits.
bool LooksLikeIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) return false;
  }
  return true;
}

// Why a bare argument is unexpected: every value belongs to an option, or
// the command takes only so many bare arguments.
std::string StrayHint(const std::vector<std::string>& positional) {
  if (positional.empty()) return "every value belongs to an option";
  std::string names;
  for (const std::string& name : positional) names += Cat(names.empty() ? "the " : ", the ", name);
  return Cat(positional.size() == 1 ? "one bare argument only: " : "bare arguments only: ", names);
}

}  // namespace

void Complain(std::string_view command, std::string_view message) {
  while (!message.empty() && message.back() == '\n') message.remove_suffix(1);
  std::cerr << "safetynet " << command << ": " << message << "\n";
}

std::optional<int> ParseOptions(std::string_view command, const Args& args,
                                po::options_description options, std::string_view usage,
                                std::string_view about, po::variables_map& values,
                                const std::vector<std::string>& positional) {
  options.add_options()("help,h", "show this help");
  po::options_description all;
  all.add(options).add_options()(kStray, po::value<std::vector<std::string>>());
  po::positional_options_description bare;
  for (const std::string& name : positional) bare.add(name.c_str(), 1);
  bare.add(kStray, -1);
  const int style = po::command_line_style::unix_style & ~po::command_line_style::allow_guessing;
  try {
    po::store(po::command_line_parser(args).options(all).positional(bare).style(style).run(),
              values);
    // A stray argument is an error with --help too (the same line with or without it).
    if (values.count(kStray)) {
      throw po::error(Cat("unexpected argument '", values[kStray].as<std::vector<std::string>>()[0],
                          "' (", StrayHint(positional), ")"));
    }
    if (values.count("help")) {
      std::cout << "usage: " << usage << "\n\n" << about << "\n\n" << options << "\n";
      return kExitOk;
    }
    po::notify(values);
  } catch (const po::required_option& error) {
    // A missing bare argument is named as the usage line shows it, not as an option.
    std::string name = error.get_option_name();
    while (!name.empty() && name.front() == '-') name.erase(0, 1);
    const bool bare_argument =
        std::find(positional.begin(), positional.end(), name) != positional.end();
    Complain(command, Cat(bare_argument ? Cat("the ", name, " argument is missing")
                                        : std::string(error.what()),
                          "\nusage: ", usage, "\n(--help explains every option)"));
    return kExitUsage;
  } catch (const po::error& error) {
    Complain(command, Cat(error.what(), "\nusage: ", usage, "\n(--help explains every option)"));
    return kExitUsage;
  }
  return std::nullopt;
}

std::optional<OutputFolder> ClaimOutputFolder(std::string_view command, const std::string& folder,
                                              std::vector<std::string> inputs, int& exit) {
  auto claimed = OutputFolder::Begin(folder, {std::string(command), std::move(inputs)});
  if (claimed.ok()) return std::move(*claimed);
  Complain(command, std::string(claimed.status().message()));
  exit =
      claimed.status().code() == absl::StatusCode::kFailedPrecondition ? kExitUsage : kExitFailed;
  return std::nullopt;
}

std::optional<Days> DateOption(std::string_view command, const std::string& text,
                               std::string_view option) {
  std::optional<Days> date = ParseIsoDate(text);
  if (!date) {
    Complain(command, LooksLikeIsoDate(text) ? Cat("--", option, " '", text, "' is not a real date")
                                             : Cat("--", option, " '", text,
                                                   "' is not a date of the form YYYY-MM-DD"));
  }
  return date;
}

std::optional<int> CheckInputExists(std::string_view command, const std::string& path,
                                    std::string_view option) {
  struct stat info;
  if (::stat(path.c_str(), &info) == 0) return std::nullopt;
  Complain(command, Cat("--", option, " ", path, ": ", std::strerror(errno)));
  return kExitFailed;
}

double Now() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

double SecondsSince(double start) { return Now() - start; }

}  // namespace safetynet::cli
