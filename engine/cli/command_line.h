// Shared command-line plumbing for the subcommands: parsing options with
// Boost.Program_options into a variables map (with --help, no abbreviated
// options, no stray arguments), the one way a command complains
// ("safetynet COMMAND: ..."), numbers checked against their range as they
// are parsed, and dates given on the command line. Not shared between threads.
#pragma once

#include <boost/program_options.hpp>
#include <iosfwd>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "engine/cli/commands.h"
#include "engine/common/date.h"
#include "engine/common/text.h"
#include "engine/io/output_folder.h"

namespace safetynet::cli {

namespace po = boost::program_options;

// The exit codes of every command (README "Exit codes"): 0 done; 1 the work
// failed (unreadable, damaged or missing input, rules that do not compile or
// lack what the command needs, a failed write); 2 bad usage, or refused
// before any work.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// Prints "safetynet COMMAND: MESSAGE" on stderr, ending with exactly one
// newline (a message of several lines keeps its lines).
void Complain(std::string_view command, std::string_view message);

// Parses `args` of `command` against `options` (a --help option is added).
// `positional` names the options that bare arguments fill, in order (e.g.
// {"snapshot"} for `inspect SNAPSHOT`); any other bare argument is an error,
// and so is an abbreviated option (`--thread` for `--threads`), with or
// without --help; a missing positional one is named as an argument, not as an
// option. Returns the
// exit code to end with (after printing help, or the error with the usage),
// or nullopt to go on. `usage` is the one-line synopsis, `about` a paragraph
// printed by --help.
std::optional<int> ParseOptions(std::string_view command, const Args& args,
                                po::options_description options, std::string_view usage,
                                std::string_view about, po::variables_map& values,
                                const std::vector<std::string>& positional = {});

// The range a numeric option's values must lie in: from `low` (or above it,
// when `above_low`) to `high`, both included.
template <typename T>
struct Range {
  T low;
  T high;
  bool above_low = false;
};

namespace command_line_internal {
// A number as given: every digit that tells it apart ("100.0001", not
// "100"), and a whole bound as an integer ("16777216", not "1.67772e+07").
template <typename T>
std::string Text(T value) {
  if constexpr (std::is_floating_point_v<T>) {
    return ShortestDecimal(static_cast<double>(value));
  } else {
    std::ostringstream out;
    out << value;
    return out.str();
  }
}
}  // namespace command_line_internal

// The message for a value of --`option` outside `range` ("--step must be
// above 0 and at most 100, not -5"), or nullopt for a value within it. NaN
// is outside every range.
template <typename T>
std::optional<std::string> OutOfRange(std::string_view option, T value, const Range<T>& range) {
  using command_line_internal::Text;
  const bool low_ok = range.above_low ? value > range.low : value >= range.low;
  if (low_ok && value <= range.high) return std::nullopt;
  std::string bound = range.above_low ? "above " + Text(range.low) : "at least " + Text(range.low);
  if (range.high != std::numeric_limits<T>::max()) bound += " and at most " + Text(range.high);
  return "--" + std::string(option) + " must be " + bound + ", not " + Text(value);
}

// A numeric option whose value is checked against `range` when the options
// are parsed: a value outside it is a usage error (exit 2) before any work.
// Chain ->default_value() as with po::value<T>().
template <typename T>
po::typed_value<T>* Number(std::string_view option, Range<T> range) {
  return po::value<T>()->notifier([option = std::string(option), range](const T& value) {
    if (auto message = OutOfRange(option, value, range)) throw po::error(*message);
  });
}

// A comma-separated list of numbers ("0.25,0.5,1"), each within `range`
// and each larger than the one before; the error message otherwise.
template <typename T>
std::optional<std::string> ParseNumberList(std::string_view option, const std::string& text,
                                           const Range<T>& range, std::vector<T>& values) {
  values.clear();
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    std::istringstream one(item);
    T value;
    if (!(one >> value) || !(one >> std::ws).eof()) {
      return "--" + std::string(option) + ": '" + item + "' is not a number";
    }
    if (auto message = OutOfRange(option, value, range)) return message;
    if (!values.empty() && !(value > values.back())) {
      return "--" + std::string(option) + ": each value must be larger than the one before";
    }
    values.push_back(value);
  }
  if (values.empty()) return "--" + std::string(option) + " needs at least one value";
  return std::nullopt;
}

// Claims the output folder `folder` for `command`, which reads `inputs`,
// before any work (engine/io/output_folder.h). On failure prints why and
// returns nullopt with `exit` set: 2 if refused (not safetynet's to replace,
// or in use by another process), 1 if it cannot be created.
std::optional<OutputFolder> ClaimOutputFolder(std::string_view command, const std::string& folder,
                                              std::vector<std::string> inputs, int& exit);

// A YYYY-MM-DD value of --`option`, or a message on stderr and nullopt: one
// for text not of that form, another for a day that does not exist
// ("2025-02-30 is not a real date").
std::optional<Days> DateOption(std::string_view command, const std::string& text,
                               std::string_view option);

// An input file a command reads (--snapshot): nullopt if it is there,
// else the exit code (1) after saying which option names what is missing,
// so that a missing input is reported as that before other work.
std::optional<int> CheckInputExists(std::string_view command, const std::string& path,
                                    std::string_view option);

// Seconds since `start` (a steady clock reading in seconds).
double SecondsSince(double start);
double Now();

}  // namespace safetynet::cli
