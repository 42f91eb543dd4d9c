// The whole-file diagnosis of the import (docs/import.md "Spreadsheet
// damage"): when most rows of one exchange file were rejected for the same
// damage in the same column -- ids a spreadsheet saved as numbers, dates in
// another form, full-width characters (engine/io/value_damage.h) -- one
// sentence a clerk can act on, besides the per-row rejects:
//   "column person_id looks like it was saved as a number by a spreadsheet in
//    950 of 1000 rows (scientific notation); export it as text"
//
// "Most rows" is more than half of the file's data rows (MostRows). A row is
// rejected for its first problem only, so a file has at most one diagnosis.
// A sentence never repeats a value (docs/privacy.md).
//
// DamageTally is used by the one thread that imports a file; Diagnosis is a
// plain value.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/io/value_damage.h"

namespace safetynet {

struct Diagnosis {
  std::string file;      // e.g. "persons.csv"
  std::string column;    // the column at fault, e.g. "person_id"
  std::string sentence;  // begins "column person_id ..."; never a value of the file
  bool operator==(const Diagnosis&) const = default;
};

// True if `damaged` rows are most of a file of `rows` data rows: more than
// half (2 of 4 are not, 3 of 5 are).
bool MostRows(size_t damaged, size_t rows);

// Counts a file's rejected rows by the column and kind of their damage, and
// within that by the damage's family ("scientific notation", "dates of the
// form YYYY/M/D").
class DamageTally {
 public:
  // One rejected row whose field in `column` showed `damage` (found()).
  void Add(std::string_view column, const ValueDamage& damage);

  // The diagnosis of `file`, of `rows` data rows: one sentence for a column
  // and kind of damage found in most rows (MostRows), naming the family of
  // damage most often found there (and saying there were others), the rows
  // with it and what to do. Empty if no damage reaches most rows.
  std::vector<Diagnosis> Diagnose(std::string_view file, size_t rows) const;

 private:
  struct Count {
    size_t rows = 0;
    std::map<std::string, size_t> by_family;
  };
  std::map<std::pair<std::string, DamageKind>, Count> counts_;
};

}  // namespace safetynet
