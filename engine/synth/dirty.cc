#include "engine/synth/dirty.h"

#include <algorithm>
#include <functional>

#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/synth/rng.h"

namespace safetynet::synth {
namespace {

// One row's fields, by column name (the exchange files' header).
class ExportedRow {
 public:
  ExportedRow(Entity table, std::vector<std::string> fields)
      : header_(ExchangeHeader(table)), fields_(std::move(fields)) {}
  std::string& operator[](std::string_view column) {
    const auto found = std::find(header_.begin(), header_.end(), column);
    return fields_.at(static_cast<size_t>(found - header_.begin()));
  }
  void pop_back() { fields_.pop_back(); }
  const std::vector<std::string>& fields() const { return fields_; }

 private:
  std::vector<std::string_view> header_;
  std::vector<std::string> fields_;
};

class Dirtier {
 public:
  Dirtier(const Dataset& d, ExchangeFiles& files, uint64_t seed)
      : d_(d), files_(files), rng_(seed) {}

  // Appends a copy of a random row of `file` changed by `mutate`, expected to
  // be rejected as `kind`. Does nothing if the file has no rows.
  void Add(Entity file, RejectKind kind, const std::function<void(ExportedRow&)>& mutate,
           const std::function<bool(size_t)>& usable = nullptr) {
    size_t rows = ExchangeRowCount(d_, file);
    if (rows == 0) return;
    size_t row = rng_.Below(rows);
    for (int tries = 0; usable && !usable(row) && tries < 1000; ++tries) row = rng_.Below(rows);
    if (usable && !usable(row)) return;
    ExportedRow fields(file, ExchangeRow(d_, file, row));
    mutate(fields);
    Append(file, fields.fields(), kind);
  }

  void Append(Entity file, const std::vector<std::string>& fields, RejectKind kind) {
    CsvWriter csv;
    for (const std::string& field : fields) csv.Field(field);
    csv.EndRow();
    AppendText(file, csv.contents(), kind);
  }

  // Appends one row's text as it is (for rows that are not well-formed CSV).
  void AppendText(Entity file, std::string_view row_text, RejectKind kind) {
    std::string& text = Text(file);
    size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    text += row_text;
    rows_.push_back({ExchangeFileName(file), line, kind});
  }

  std::vector<BadRow> TakeRows() { return std::move(rows_); }
  Rng& rng() { return rng_; }

 private:
  std::string& Text(Entity file) {
    switch (file) {
      case Entity::kHousehold:
        return files_.households;
      case Entity::kPerson:
        return files_.persons;
      case Entity::kElderly:
        return files_.elderly;
      case Entity::kSignal:
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
  using E = Entity;
  using K = RejectKind;
  Dirtier x(d, files, seed);
  auto drop_last = [](ExportedRow& f) { f.pop_back(); };
  auto same = [](ExportedRow&) {};
  auto money_signal = [&](size_t row) {
    SignalType t = d.signals.type[row];
    return t == SignalType::kIncome || t == SignalType::kMedical || t == SignalType::kDisaster;
  };
  for (size_t n = 0; n < per_kind; ++n) {
    x.Add(E::kHousehold, K::kWrongColumnCount, drop_last);
    x.Add(E::kHousehold, K::kDuplicateKey, same);
    x.Add(E::kHousehold, K::kBadNumber, [](auto& f) { f["current_payment"] = "12.345"; });
    x.Add(E::kHousehold, K::kNegativeAmount, [](auto& f) { f["current_payment"] = "-1.00"; });
    x.Add(E::kHousehold, K::kBadDate, [](auto& f) { f["enrolled_date"] = "2025-02-30"; });
    x.Add(E::kHousehold, K::kUnknownCode, [](auto& f) { f["category"] = "dibao"; });
    x.Add(E::kHousehold, K::kUnknownCode, [](auto& f) { f["district"] = "37100"; });
    x.Add(E::kHousehold, K::kMissingValue, [](auto& f) { f["town"] = ""; });
    x.Add(E::kHousehold, K::kBadText, [](auto& f) { f["household_id"] = std::string(40, 'H'); });
    // A household that is rejected, and a member of it: rejected in turn.
    std::string orphaned_household = Cat("HHREJECTED", n);
    x.Add(E::kHousehold, K::kNegativeAmount, [&](auto& f) {
      f["household_id"] = orphaned_household;
      f["current_payment"] = "-5";
    });
    x.Add(E::kPerson, K::kUnknownHousehold,
          [&](auto& f) { f["household_id"] = orphaned_household; });

    x.Add(E::kPerson, K::kWrongColumnCount, drop_last);
    x.Add(E::kPerson, K::kDuplicateKey, same);
    x.Add(E::kPerson, K::kBadChecksum, [](auto& f) { BreakChecksum(f["person_id"]); });
    x.Add(E::kPerson, K::kBadId, [](auto& f) { f["person_id"].pop_back(); });
    x.Add(E::kPerson, K::kBirthMismatch,
          [](auto& f) { f["birth_date"] = NextDay(f["birth_date"]); });
    x.Add(E::kPerson, K::kUnknownHousehold,
          [](auto& f) { f["household_id"] = "HH_NOT_IN_THE_POOL"; });
    x.Add(E::kPerson, K::kUnknownCode, [](auto& f) { f["sex"] = "m"; });
    x.Add(E::kPerson, K::kBadNumber, [](auto& f) { f["declared_income"] = "1e3"; });
    x.Add(E::kPerson, K::kNegativeAmount, [](auto& f) { f["declared_income"] = "-120.50"; });
    x.Add(E::kPerson, K::kBadDate, [](auto& f) { f["birth_date"] = "1960-6-1"; });

    x.Add(E::kElderly, K::kWrongColumnCount, drop_last);
    x.Add(E::kElderly, K::kDuplicateKey, same);
    x.Add(E::kElderly, K::kBadChecksum, [](auto& f) { BreakChecksum(f["person_id"]); });
    x.Add(E::kElderly, K::kBirthMismatch,
          [](auto& f) { f["birth_date"] = NextDay(f["birth_date"]); });
    x.Add(E::kElderly, K::kUnknownCode, [](auto& f) { f["living"] = "alone"; });
    x.Add(E::kElderly, K::kNegativeAmount, [](auto& f) { f["pension"] = "-300"; });
    x.Add(E::kElderly, K::kBadDate, [](auto& f) { f["last_visit"] = "2025/06/01"; });
    x.Add(E::kElderly, K::kBadNumber, [](auto& f) { f["pension"] = "1,200.00"; });

    x.Add(E::kSignal, K::kWrongColumnCount, drop_last);
    x.Add(E::kSignal, K::kDuplicateKey, same);
    x.Add(E::kSignal, K::kBadChecksum, [](auto& f) { BreakChecksum(f["person_id"]); });
    x.Add(E::kSignal, K::kBadDate, [](auto& f) { f["event_date"] = "20250601"; });
    x.Add(
        E::kSignal, K::kNegativeAmount, [](auto& f) { f["amount"] = "-10"; }, money_signal);
    x.Add(
        E::kSignal, K::kBadNumber, [](auto& f) { f["amount"] = "12.5.1"; }, money_signal);
    x.Add(
        E::kSignal, K::kMissingValue, [](auto& f) { f["amount"] = ""; }, money_signal);
    x.Add(E::kSignal, K::kUnknownCode, [](auto& f) { f["type"] = "income"; });
    x.AppendText(E::kSignal, Cat("SBROKEN", n, ",HRSS,INCOME,\"371002\"19,2025-06-01,1,0,\n"),
                 K::kMalformedCsv);
    x.Add(E::kSignal, K::kBadNumber, [](auto& f) {
      f["type"] = "PROPERTY";
      f["amount"] = "1.5";
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
