#include "engine/synth/dirty.h"

#include <algorithm>
#include <functional>

#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/synth/rng.h"

namespace safetynet::synth {
namespace {

class Dirtier {
 public:
  Dirtier(const Dataset& d, ExchangeFiles& files, uint64_t seed)
      : d_(d), files_(files), rng_(seed) {}

  // Appends a copy of a random row of `file` changed by `mutate`, expected to
  // be rejected as `kind`. Does nothing if the file has no rows.
  void Add(ExchangeFile file, RejectKind kind,
           const std::function<void(std::vector<std::string>&)>& mutate,
           const std::function<bool(size_t)>& usable = nullptr) {
    size_t rows = ExchangeRowCount(d_, file);
    if (rows == 0) return;
    size_t row = rng_.Below(rows);
    for (int tries = 0; usable && !usable(row) && tries < 1000; ++tries) row = rng_.Below(rows);
    if (usable && !usable(row)) return;
    std::vector<std::string> fields = ExchangeRow(d_, file, row);
    mutate(fields);
    Append(file, fields, kind);
  }

  void Append(ExchangeFile file, const std::vector<std::string>& fields, RejectKind kind) {
    CsvWriter csv;
    for (const std::string& field : fields) csv.Field(field);
    csv.EndRow();
    AppendText(file, csv.contents(), kind);
  }

  // Appends one row's text as it is (for rows that are not well-formed CSV).
  void AppendText(ExchangeFile file, std::string_view row_text, RejectKind kind) {
    std::string& text = Text(file);
    size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    text += row_text;
    rows_.push_back({std::string(ExchangeFileName(file)), line, kind});
  }

  std::vector<BadRow> TakeRows() { return std::move(rows_); }
  Rng& rng() { return rng_; }

 private:
  std::string& Text(ExchangeFile file) {
    switch (file) {
      case ExchangeFile::kHouseholds:
        return files_.households;
      case ExchangeFile::kPersons:
        return files_.persons;
      case ExchangeFile::kElderly:
        return files_.elderly;
      case ExchangeFile::kSignals:
        break;
    }
    return files_.signals;
  }

  const Dataset& d_;
  ExchangeFiles& files_;
  Rng rng_;
  std::vector<BadRow> rows_;
};

// Another check character than the right one: the id fails its checksum.
void BreakChecksum(std::string& id) { id.back() = id.back() == '0' ? '1' : '0'; }

std::string NextDay(const std::string& date) { return FormatIsoDate(*ParseIsoDate(date) + 1); }

}  // namespace

std::vector<BadRow> AddBadRows(const Dataset& d, ExchangeFiles& files, uint64_t seed,
                               size_t per_kind) {
  using E = ExchangeFile;
  using K = RejectKind;
  Dirtier x(d, files, seed);
  auto drop_last = [](std::vector<std::string>& f) { f.pop_back(); };
  auto same = [](std::vector<std::string>&) {};
  auto money_signal = [&](size_t row) {
    SignalType t = d.signals.type[row];
    return t == SignalType::kIncome || t == SignalType::kMedical || t == SignalType::kDisaster;
  };
  for (size_t n = 0; n < per_kind; ++n) {
    // households.csv: household_id district town village area category tekun_mode enrolled_date
    // current_payment
    x.Add(E::kHouseholds, K::kWrongColumnCount, drop_last);
    x.Add(E::kHouseholds, K::kDuplicateKey, same);
    x.Add(E::kHouseholds, K::kBadNumber, [](auto& f) { f[8] = "12.345"; });
    x.Add(E::kHouseholds, K::kNegativeAmount, [](auto& f) { f[8] = "-1.00"; });
    x.Add(E::kHouseholds, K::kBadDate, [](auto& f) { f[7] = "2025-02-30"; });
    x.Add(E::kHouseholds, K::kUnknownCode, [](auto& f) { f[5] = "dibao"; });
    x.Add(E::kHouseholds, K::kUnknownCode, [](auto& f) { f[1] = "37100"; });
    x.Add(E::kHouseholds, K::kMissingValue, [](auto& f) { f[2] = ""; });
    x.Add(E::kHouseholds, K::kBadText, [](auto& f) { f[0] = std::string(40, 'H'); });
    // A household that is rejected, and a member of it: rejected in turn.
    std::string orphaned_household = Cat("HHREJECTED", n);
    x.Add(E::kHouseholds, K::kNegativeAmount, [&](auto& f) {
      f[0] = orphaned_household;
      f[8] = "-5";
    });
    x.Add(E::kPersons, K::kUnknownHousehold, [&](auto& f) { f[1] = orphaned_household; });

    // persons.csv: person_id household_id name sex birth_date relation disability_grade
    //              self_care serious_illness student declared_income child_status
    x.Add(E::kPersons, K::kWrongColumnCount, drop_last);
    x.Add(E::kPersons, K::kDuplicateKey, same);
    x.Add(E::kPersons, K::kBadChecksum, [](auto& f) { BreakChecksum(f[0]); });
    x.Add(E::kPersons, K::kBadId, [](auto& f) { f[0].pop_back(); });
    x.Add(E::kPersons, K::kBirthMismatch, [](auto& f) { f[4] = NextDay(f[4]); });
    x.Add(E::kPersons, K::kUnknownHousehold, [](auto& f) { f[1] = "HH_NOT_IN_THE_POOL"; });
    x.Add(E::kPersons, K::kUnknownCode, [](auto& f) { f[3] = "m"; });
    x.Add(E::kPersons, K::kBadNumber, [](auto& f) { f[10] = "1e3"; });
    x.Add(E::kPersons, K::kNegativeAmount, [](auto& f) { f[10] = "-120.50"; });
    x.Add(E::kPersons, K::kBadDate, [](auto& f) { f[4] = "1960-6-1"; });

    // elderly.csv: person_id name birth_date district town village area living
    //              ability_level shidu pension age_allowance last_visit
    x.Add(E::kElderly, K::kWrongColumnCount, drop_last);
    x.Add(E::kElderly, K::kDuplicateKey, same);
    x.Add(E::kElderly, K::kBadChecksum, [](auto& f) { BreakChecksum(f[0]); });
    x.Add(E::kElderly, K::kBirthMismatch, [](auto& f) { f[2] = NextDay(f[2]); });
    x.Add(E::kElderly, K::kUnknownCode, [](auto& f) { f[7] = "alone"; });
    x.Add(E::kElderly, K::kNegativeAmount, [](auto& f) { f[10] = "-300"; });
    x.Add(E::kElderly, K::kBadDate, [](auto& f) { f[12] = "2025/06/01"; });
    x.Add(E::kElderly, K::kBadNumber, [](auto& f) { f[10] = "1,200.00"; });

    // signals.csv: signal_id source type person_id event_date amount inpatient detail
    x.Add(E::kSignals, K::kWrongColumnCount, drop_last);
    x.Add(E::kSignals, K::kDuplicateKey, same);
    x.Add(E::kSignals, K::kBadChecksum, [](auto& f) { BreakChecksum(f[3]); });
    x.Add(E::kSignals, K::kBadDate, [](auto& f) { f[4] = "20250601"; });
    x.Add(
        E::kSignals, K::kNegativeAmount, [](auto& f) { f[5] = "-10"; }, money_signal);
    x.Add(
        E::kSignals, K::kBadNumber, [](auto& f) { f[5] = "12.5.1"; }, money_signal);
    x.Add(
        E::kSignals, K::kMissingValue, [](auto& f) { f[5] = ""; }, money_signal);
    x.Add(E::kSignals, K::kUnknownCode, [](auto& f) { f[2] = "income"; });
    x.AppendText(E::kSignals, Cat("SBROKEN", n, ",HRSS,INCOME,\"371002\"19,2025-06-01,1,0,\n"),
                 K::kMalformedCsv);
    x.Add(E::kSignals, K::kBadNumber, [](auto& f) {
      f[2] = "PROPERTY";
      f[5] = "1.5";
    });
  }
  return x.TakeRows();
}

std::string BadRowsCsv(const std::vector<BadRow>& rows) {
  CsvWriter csv;
  csv.Row({"file", "line", "kind"});
  for (const BadRow& row : rows) csv.Row({row.file, Cat(row.line), RejectKindName(row.kind)});
  return csv.contents();
}

}  // namespace safetynet::synth
