// safetynet synth: deterministic synthetic data at the presets' sizes.
#include <iostream>

#include "engine/cli/command_line.h"
#include "engine/common/text.h"
#include "engine/io/exchange_export.h"
#include "engine/io/files.h"
#include "engine/io/snapshot.h"
#include "engine/lang/rule_set.h"
#include "engine/synth/dirty.h"
#include "engine/synth/synth.h"

namespace safetynet::cli {

int SynthCommand(const Args& args) {
  po::options_description options("options");
  options.add_options()(
      "preset", po::value<std::string>()->default_value("tiny"),
      "tiny | small | city (Weihai: 150,000 households, 665,000 elderly, 1.5 million signals) "
      "| province (10 x city)")("scale", po::value<double>()->default_value(1.0),
                                "multiply the preset's sizes")(
      "signal-scale", po::value<double>()->default_value(1.0),
      "multiply the number of signals again (for measuring what signals cost)")(
      "seed", po::value<uint64_t>()->default_value(1), "the same seed gives the same data")(
      "as-of", po::value<std::string>()->default_value("2025-06-30"),
      "the as-of date the data is built around")(
      "rules", po::value<std::string>()->default_value("rules/weihai"),
      "the rules folder whose standards in force on the as-of date the boundary cases aim at")(
      "out", po::value<std::string>()->required(),
      "a folder for --format csv, a file for --format snapshot")(
      "format", po::value<std::string>()->default_value("csv"), "csv | snapshot")(
      "dirty", po::bool_switch(),
      "csv only: add bad rows of every kind, listed in OUT/expected-rejects.csv");
  po::variables_map values;
  if (auto exit = ParseOptions(
          args, options,
          "safetynet synth --preset tiny|small|city|province --seed N --out OUT [--format "
          "csv|snapshot] [--rules DIR]",
          "Generates a Weihai-like population of low-income households, members, elderly\n"
          "residents and signals, with cases exactly on every rule's boundary (the standards\n"
          "of the rules folder in force on the as-of date).",
          values)) {
    return *exit;
  }
  auto preset = synth::FindPreset(values["preset"].as<std::string>());
  if (!preset) {
    std::cerr << "safetynet synth: unknown preset '" << values["preset"].as<std::string>()
              << "' (tiny, small, city, province)\n";
    return kExitUsage;
  }
  const std::string format = values["format"].as<std::string>();
  if (format != "csv" && format != "snapshot") {
    std::cerr << "safetynet synth: --format is csv or snapshot\n";
    return kExitUsage;
  }
  const bool dirty = values["dirty"].as<bool>();
  if (dirty && format != "csv") {
    std::cerr << "safetynet synth: --dirty needs --format csv (a snapshot holds only good rows)\n";
    return kExitUsage;
  }
  const double scale = values["scale"].as<double>();
  if (!(scale > 0 && scale <= 100)) {
    std::cerr << "safetynet synth: --scale must be above 0 and at most 100\n";
    return kExitUsage;
  }
  auto as_of = DateOption(values["as-of"].as<std::string>(), "as-of");
  if (!as_of) return kExitUsage;

  const std::string rules = values["rules"].as<std::string>();
  const std::string out = values["out"].as<std::string>();
  std::optional<OutputFolder> folder;  // for --format csv: a folder replaced whole
  if (format == "snapshot") {
    absl::Status status = CheckNotInsideOutputs(out);
    if (status.ok()) status = CheckReplaceableFile(out, kSnapshotMagic, "snapshot");
    if (!status.ok()) {
      std::cerr << "safetynet synth: " << status.message() << "\n";
      return status.code() == absl::StatusCode::kFailedPrecondition ? kExitUsage : kExitFailed;
    }
  } else {
    int exit = kExitOk;
    auto claimed = ClaimOutputFolder("synth", out, {rules}, exit);
    if (!claimed) return exit;
    folder.emplace(std::move(*claimed));
  }

  auto program = lang::LoadRules(rules);
  if (!program.ok()) {
    std::cerr << program.status().message();
    return kExitFailed;
  }
  auto standards = synth::ReadSynthStandards((*program)->standards, *as_of);
  if (!standards.ok()) {
    std::cerr << "safetynet synth: " << rules << ": " << standards.status().message() << "\n";
    return kExitUsage;
  }
  synth::SynthOptions synth_options =
      synth::OptionsFor(*preset, scale, values["seed"].as<uint64_t>());
  const double signal_scale = values["signal-scale"].as<double>();
  if (!(signal_scale > 0 && signal_scale <= 100)) {
    std::cerr << "safetynet synth: --signal-scale must be above 0 and at most 100\n";
    return kExitUsage;
  }
  synth_options.signals =
      static_cast<size_t>(static_cast<double>(synth_options.signals) * signal_scale);
  synth_options.as_of = *as_of;
  const double start = Now();
  auto dataset = synth::Synthesize(synth_options, *standards);
  if (!dataset.ok()) {
    std::cerr << "safetynet synth: " << dataset.status().message() << "\n";
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
    std::cerr << "safetynet synth: " << status.message() << "\n";
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
