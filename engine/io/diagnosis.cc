#include "engine/io/diagnosis.h"

#include "engine/common/text.h"

namespace safetynet {

bool MostRows(size_t damaged, size_t rows) { return 2 * damaged > rows; }

void DamageTally::Add(std::string_view column, const ValueDamage& damage) {
  Count& count = counts_[{std::string(column), damage.kind}];
  ++count.rows;
  ++count.by_family[damage.family];
}

std::vector<Diagnosis> DamageTally::Diagnose(std::string_view file, size_t rows) const {
  std::vector<Diagnosis> diagnoses;
  for (const auto& [key, count] : counts_) {
    const auto& [column, kind] = key;
    if (!MostRows(count.rows, rows)) continue;
    auto most = count.by_family.begin();
    for (auto it = count.by_family.begin(); it != count.by_family.end(); ++it) {
      if (it->second > most->second) most = it;
    }
    const std::string& family = most->first;
    const bool one_family = count.by_family.size() == 1;
    // "(most often scientific notation, 700 rows)" when the rows differ.
    const std::string most_often =
        one_family ? "" : Cat(" (most often ", family, ", ", most->second, " rows)");
    const std::string share = Cat(" in ", count.rows, " of ", rows, " rows");
    std::string sentence = Cat("column ", column);
    switch (kind) {
      case DamageKind::kSavedAsNumber:
        sentence += Cat(" looks like it was saved as a number by a spreadsheet", share,
                        one_family ? Cat(" (", family, ")") : most_often, "; export it as text");
        break;
      case DamageKind::kKeepAsTextMark:
        sentence += Cat(" carries a spreadsheet's keep-as-text mark", share,
                        one_family ? Cat(" (", family, ")") : most_often,
                        "; export it as plain text, without the mark");
        break;
      case DamageKind::kDateForm:
        sentence += Cat(" holds ", one_family ? family : "dates in forms other than YYYY-MM-DD",
                        share, most_often, "; the format needs YYYY-MM-DD");
        break;
      case DamageKind::kLookalikeCharacter:
        sentence += Cat(" holds ", one_family ? family : "look-alike characters", share, most_often,
                        "; they are not converted (clarification 13): replace them with plain "
                        "half-width characters and export again");
        break;
      case DamageKind::kNone:
        continue;
    }
    diagnoses.push_back({std::string(file), column, std::move(sentence)});
  }
  return diagnoses;
}

}  // namespace safetynet
