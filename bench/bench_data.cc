#include "bench/bench_data.h"

#include <sys/stat.h>

#include <cstdlib>
#include <map>
#include <utility>

#include "engine/io/scratch_folder.h"
#include "engine/lang/rule_set.h"
#include "engine/synth/synth.h"

namespace safetynet::bench {

const Dataset& Preset(const std::string& name, double scale) {
  static std::map<std::pair<std::string, double>, std::unique_ptr<Dataset>> cache;
  auto& slot = cache[{name, scale}];
  if (!slot) {
    auto preset = synth::FindPreset(name);
    if (!preset) std::abort();
    auto dataset = synth::Synthesize(synth::OptionsFor(*preset, scale, 1), WeihaiSynthStandards());
    if (!dataset.ok()) std::abort();
    slot = std::move(*dataset);
  }
  return *slot;
}

std::string TemporaryFolder() {
  static ScratchFolder root = [] {
    auto created = ScratchFolder::Create("/tmp", "safetynet-bench");
    if (!created.ok()) std::abort();
    return std::move(*created);
  }();
  static int next = 0;
  std::string folder = root.path() + "/" + std::to_string(next++);
  if (::mkdir(folder.c_str(), 0700) != 0) std::abort();
  return folder;
}

std::string WeihaiRulesFolder() { return std::string(SAFETYNET_RULES_DIR) + "/weihai"; }

const lang::Program& WeihaiRules() {
  static std::unique_ptr<lang::Program> program = [] {
    auto loaded = lang::LoadRules(WeihaiRulesFolder());
    if (!loaded.ok()) std::abort();
    return std::move(*loaded);
  }();
  return *program;
}

const synth::SynthStandards& WeihaiSynthStandards() {
  static const synth::SynthStandards standards = [] {
    auto read = synth::ReadSynthStandards(WeihaiRules().standards, synth::SynthOptions{}.as_of);
    if (!read.ok()) std::abort();
    return *read;
  }();
  return standards;
}

}  // namespace safetynet::bench
