#include "tests/support/reference_data.h"

#include <gtest/gtest.h>

#include "engine/io/import.h"
#include "engine/lang/rule_set.h"

namespace safetynet::testing {

std::unique_ptr<Dataset> ImportReferenceData(const std::string& name) {
  auto imported = ImportExchangeDirectory(std::string(SAFETYNET_TEST_DATA) + "/" + name, {});
  EXPECT_TRUE(imported.ok()) << imported.status();
  return imported.ok() ? std::move(imported->dataset) : std::make_unique<Dataset>();
}

std::unique_ptr<lang::Program> WeihaiRules() {
  auto program = lang::LoadRules(std::string(SAFETYNET_RULES_DIR) + "/weihai");
  EXPECT_TRUE(program.ok()) << program.status().message();
  return program.ok() ? std::move(*program) : std::make_unique<lang::Program>();
}

synth::SynthStandards WeihaiSynthStandards(Days as_of) {
  auto standards = synth::ReadSynthStandards(WeihaiRules()->standards, as_of);
  EXPECT_TRUE(standards.ok()) << standards.status();
  return standards.ok() ? *standards : synth::SynthStandards{};
}

std::unique_ptr<Dataset> Synthesized(const synth::SynthOptions& options) {
  auto dataset = synth::Synthesize(options, WeihaiSynthStandards(options.as_of));
  EXPECT_TRUE(dataset.ok()) << dataset.status();
  return dataset.ok() ? std::move(*dataset) : std::make_unique<Dataset>();
}

void ClearRejectedCounts(Dataset& dataset) {
  ForEachTable(dataset, [](Entity, auto& table) {
    ForEachColumn(table, [](const ColumnInfo& info, auto& column) {
      if constexpr (std::is_same_v<std::decay_t<decltype(column)>, std::vector<uint32_t>>) {
        if (info.kind == ColumnKind::kRejectedRows) column.assign(column.size(), 0);
      }
    });
  });
}

}  // namespace safetynet::testing
