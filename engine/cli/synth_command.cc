// safetynet synth: deterministic synthetic data at the presets' sizes.
#include <iostream>

#include "engine/cli/command_line.h"
#include "engine/cli/rules_folder.h"
#include "engine/common/text.h"
#include "engine/io/exchange_export.h"
#include "engine/io/files.h"
#include "engine/io/snapshot.h"
#include "engine/synth/dirty.h"
#include "engine/synth/synth.h"

namespace safetynet::cli {

int SynthCommand(const Args& args) {
  po::options_description options("options");
  options.add_options()(
      "preset", po::value<std::string>()->default_value("tiny"),
      "tiny | small | city (Weihai: 150,000 households, 665,000 elderly, 1.5 million signals) "
      "| province (10 x city)")("scale",
                                Number<double>("scale", {0, 100, true})->default_value(1.0),
                                "multiply the preset's sizes (above 0, at most 100)")(
      "signal-scale", Number<double>("signal-scale", {0, 100, true})->default_value(1.0),
      "multiply the number of signals again, above 0 and at most 100 (for measuring what "
      "signals cost)")(
      "seed", Number<int64_t>("seed", {0, std::numeric_limits<int64_t>::max()})->default_value(1),
      "the same seed gives the same data (0 or more)")(
      "as-of", po::value<std::string>()->default_value("2025-06-30"),
      "the as-of date the data is built around");
  AddRulesOption(options);
  options.add_options()("out", po::value<std::string>()->required(),
                        "a folder for --format csv, a file for --format snapshot")(
      "format", po::value<std::string>()->default_value("csv"), "csv | snapshot")(
      "dirty", po::bool_switch(),
      "csv only: add bad rows of every kind, listed in OUT/expected-rejects.csv");
  po::variables_map values;
  if (auto exit = ParseOptions(
          "synth", args, options,
          "safetynet synth [--preset tiny|small|city|province] [--scale X] [--signal-scale X]\n"
          "                       [--seed N] [--as-of D] [--rules DIR] --out OUT\n"
          "                       [--format csv|snapshot] [--dirty]",
          "Generates a Weihai-like population of low-income households, members, elderly\n"
          "residents and signals, with cases exactly on every rule's boundary (the standards\n"
          "of the rules folder in force on the as-of date).",
          values)) {
    return *exit;
  }
  auto preset = synth::FindPreset(values["preset"].as<std::string>());
  if (!preset) {
    Complain("synth", Cat("unknown preset '", values["preset"].as<std::string>(),
                          "' (tiny, small, city, province)"));
    return kExitUsage;
  }
  const std::string format = values["format"].as<std::string>();
  if (format != "csv" && format != "snapshot") {
    Complain("synth", "--format is csv or snapshot");
    return kExitUsage;
  }
  const bool dirty = values["dirty"].as<bool>();
  if (dirty && format != "csv") {
    Complain("synth", "--dirty needs --format csv (a snapshot holds only good rows)");
    return kExitUsage;
  }
  const double scale = values["scale"].as<double>();
  auto as_of = DateOption("synth", values["as-of"].as<std::string>(), "as-of");
  if (!as_of) return kExitUsage;

  const std::string rules = values["rules"].as<std::string>();
  const std::string out = values["out"].as<std::string>();
  std::optional<OutputFolder> folder;  // for --format csv: a folder replaced whole
  if (format == "snapshot") {
    absl::Status status = CheckNotInsideOutputs(out);
    if (status.ok()) status = CheckReplaceableFile(out, kSnapshotMagic, "snapshot");
    if (!status.ok()) {
      Complain("synth", std::string(status.message()));
      return status.code() == absl::StatusCode::kFailedPrecondition ? kExitUsage : kExitFailed;
    }
  } else {
    int exit = kExitOk;
    auto claimed = ClaimOutputFolder("synth", out, {rules}, exit);
    if (!claimed) return exit;
    folder.emplace(std::move(*claimed));
  }

  auto program = LoadRulesFor("synth", rules);
  if (!program) return kExitFailed;
  auto standards = synth::ReadSynthStandards(program->standards, *as_of);
  if (!standards.ok()) {  // the rules lack a standard synth needs: as run, exit 1
    Complain("synth", Cat(rules, ": ", std::string(standards.status().message())));
    return kExitFailed;
  }
  synth::SynthOptions synth_options =
      synth::OptionsFor(*preset, scale, static_cast<uint64_t>(values["seed"].as<int64_t>()));
  const double signal_scale = values["signal-scale"].as<double>();
  synth_options.signals =
      static_cast<size_t>(static_cast<double>(synth_options.signals) * signal_scale);
  synth_options.as_of = *as_of;
  const double start = Now();
  auto dataset = synth::Synthesize(synth_options, *standards);
  if (!dataset.ok()) {
    Complain("synth", std::string(dataset.status().message()));
    return kExitFailed;
  }
  const Dataset& d = **dataset;
  absl::Status status;
  if (format == "snapshot") {
    status = WriteSnapshot(d, out);
  } else {
    ExchangeFiles files = ExportExchangeFiles(d);
    if (dirty) {
      auto bad_rows = synth::AddBadRows(d, files, synth_options.seed, 3);
      status =
          WriteFileAtomically(folder->Path("expected-rejects.csv"), synth::BadRowsCsv(bad_rows));
    }
    if (status.ok()) status = WriteExchangeDirectory(files, folder->StagingPath());
    if (status.ok()) status = folder->Commit();
  }
  if (!status.ok()) {
    Complain("synth", std::string(status.message()));
    return kExitFailed;
  }
  std::printf(
      "synth %s x%g seed %llu -> %s (%s): %zu households, %zu persons, %zu elderly, "
      "%zu signals in %.2f s\n",
      std::string(preset->name).c_str(), scale, static_cast<unsigned long long>(synth_options.seed),
      out.c_str(), format.c_str(), d.households.size(), d.persons.size(), d.elderly.size(),
      d.signals.size(), SecondsSince(start));
  return kExitOk;
}

}  // namespace safetynet::cli
