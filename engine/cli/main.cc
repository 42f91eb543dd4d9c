// The safetynet command: dispatches to the subcommands (engine/cli/commands.h).
#include <iostream>
#include <string_view>

#include "engine/cli/commands.h"
#include "engine/cli/memory.h"
#include "engine/io/temporaries.h"

namespace {

constexpr std::string_view kUsage = R"(safetynet: a parallel rules engine for social assistance

usage: safetynet COMMAND [options]      (safetynet COMMAND --help for its options)

commands:
  import    read the CSV exchange files into a snapshot; bad rows to a rejects report
  inspect   verify a snapshot (every chunk) and print its header and counts
  synth     generate a deterministic synthetic population (tiny, small, city, province)
  rules     'rules check [DIR]': compile a rules folder, list its parameters and rules
  run       the nightly run: alerts, entitlements and a summary for an as-of date;
            with --store, cases followed across nights and the caseworkers' worklist
  cases     what the case store knows about one subject, or a town's open cases
  explain   why each rule fired or not for one household, person or elderly resident
  recalc    every entitlement before and after a standards change, with its cost
  sweep     cost and coverage over a range of one parameter's values (CSV and an HTML chart)
  serve     the live service: signals as they happen, what-ifs and cases over HTTP (JSON)
  capacity  measure runs of growing size, project Weihai, Shandong and the country (a report)

--rules defaults to the Weihai rules installed with safetynet
(BINDIR/../share/safetynet/rules/weihai), else those of the source tree it was built from.

exit codes: 0 done; 1 the work failed (unreadable, damaged or missing input, rules that do not
            compile or lack a standard or declaration the command needs, a failed write);
            2 bad usage (an unknown or abbreviated option, a stray argument, a value out of
            its range, a date that is not a real date) or refused before any work (an output
            that is not safetynet's to replace, or in use)
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace safetynet::cli;
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  // Before any thread starts: a stopping signal removes what is half-written.
  safetynet::InstallSignalCleanup();
  KeepFreedMemory();  // engine/cli/memory.h
  std::string_view command = argv[1];
  Args args(argv + 2, argv + argc);
  try {
    if (command == "import") return ImportCommand(args);
    if (command == "inspect") return InspectCommand(args);
    if (command == "synth") return SynthCommand(args);
    if (command == "rules") return RulesCommand(args);
    if (command == "run") return RunCommand(args);
    if (command == "explain") return ExplainCommand(args);
    if (command == "recalc") return RecalcCommand(args);
    if (command == "sweep") return SweepCommand(args);
    if (command == "capacity") return CapacityCommand(args);
    if (command == "cases") return CasesCommand(args);
    if (command == "serve") return ServeCommand(args);
  } catch (const std::exception& error) {
    std::cerr << "safetynet " << command << ": " << error.what() << "\n";
    return 1;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << "safetynet: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}
