#include "engine/io/import_tables.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "engine/common/huge_pages.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/csv_reader.h"
#include "engine/io/row_fields.h"

namespace safetynet::import_internal {
namespace {

constexpr size_t kProgressEvery = 1 << 16;  // rows between progress reports
constexpr size_t kTextSampleRows = 1024;    // rows whose texts' length sizes the text columns

// Reads the header, then calls row_fn(RowFields&) for every data row; the
// function keeps the row in its table if the row is still ok() when done. A
// rejected row's subject is subject_of(row) (RejectedSubject); a malformed
// row's, subject_of its first physical line read leniently (LenientFields).
template <typename RowFn, typename SubjectFn>
absl::Status ForEachRow(const FileInput& in, std::span<const ExchangeColumn> columns,
                        FileOutput& result, RowFn row_fn, SubjectFn subject_of) {
  result.counts.file = std::string(in.name);
  CsvReader reader(in.content);
  CsvRecord record;
  if (!reader.Next(record)) {
    return absl::InvalidArgumentError(Cat(in.name, ": the file is empty (no header line)"));
  }
  if (record.malformed) {
    return absl::InvalidArgumentError(
        Cat(in.name, ": the header line is not CSV: ", record.problem));
  }
  SAFETYNET_ASSIGN_OR_RETURN(Header header, ResolveHeader(record, columns, in.name));
  result.counts.warnings = std::move(header.warnings);
  reader.ExpectFields(header.field_count);
  const auto& progress = in.options->progress;
  DamageTally damage;  // of the rejected rows, for the diagnosis
  while (reader.Next(record)) {
    ++result.counts.rows;
    RowFields row(in.name, columns, header, record, in.options->accepted_ids, in.checked_utf8);
    row_fn(row);
    if (row.ok()) {
      ++result.counts.imported;
      for (const ImportNote& note : row.notes()) {
        ++(note.kind == NoteKind::kIdConverted ? result.counts.converted_ids
                                               : result.counts.accepted_ids);
        result.notes.push_back(note);
      }
    } else {
      ++result.counts.rejected;
      result.rejects.push_back(row.reject());
      if (record.malformed) {
        // Broken CSV: whom its first physical line names, read leniently.
        CsvRecord first_line;
        first_line.fields = LenientFields(record.first_line, header.field_count);
        first_line.line = record.line;
        result.rejected_subjects.push_back(
            subject_of(RowFields(in.name, columns, header, first_line, in.options->accepted_ids)));
      } else {
        result.rejected_subjects.push_back(subject_of(row));
      }
      if (row.damage().found()) damage.Add(row.reject().column, row.damage());
    }
    if (progress && result.counts.rows % kProgressEvery == 0) {
      progress(in.name, reader.position(), reader.size());
    }
  }
  if (progress) progress(in.name, reader.size(), reader.size());
  result.diagnoses = damage.Diagnose(in.name, result.counts.rows);
  for (const Diagnosis& diagnosis : result.diagnoses) {
    result.counts.diagnoses.push_back(diagnosis.sentence);
  }
  return absl::OkStatus();
}

// The text keys of the rows kept so far, as their row numbers in the key
// column, hashed and compared by their text there: a row number stays valid
// as the column grows and moves its bytes (a view into them would not), and
// a set of them is a fraction of the size of a set of copies.
class TextKeys {
 public:
  explicit TextKeys(const StringColumn* column) : rows_(0, Hash{column}, Equal{column}) {}
  void reserve(size_t rows) { rows_.reserve(rows); }
  // Starts loading the memory Add() of a row with this text needs.
  void Prefetch(std::string_view text) const { rows_.prefetch(text); }
  // Adds row `row` of the column; false if an earlier row has its text.
  bool Add(uint32_t row) { return rows_.insert(row).second; }

 private:
  struct Hash {
    using is_transparent = void;
    const StringColumn* column;
    size_t operator()(std::string_view text) const { return absl::Hash<std::string_view>()(text); }
    size_t operator()(uint32_t row) const { return (*this)((*column)[row]); }
  };
  struct Equal {
    using is_transparent = void;
    const StringColumn* column;
    std::string_view Text(std::string_view text) const { return text; }
    std::string_view Text(uint32_t row) const { return (*column)[row]; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return Text(a) == Text(b);
    }
  };
  absl::flat_hash_set<uint32_t, Hash, Equal> rows_;
};

// The lookups of a row's checks (CheckRow). Each is prefetched as soon as
// the field it looks up is read: the tables are too large for the cache,
// and by the time the row is checked the memory is on its way.
struct Lookups {
  const absl::flat_hash_map<std::string_view, uint32_t>& household_rows;
  TextKeys& text_keys;
  absl::flat_hash_set<uint64_t>& number_keys;
};

// What a row's fields said that the checks across columns need.
struct RowFacts {
  std::optional<uint8_t> signal_type;   // the SIGNAL_TYPE code, for the amount
  std::optional<PackedId> resident_id;  // the first resident id, for the birth date
  int birth_column = -1;
  Days birth_date = kNoDate;
  int household_column = -1;
  std::string_view household_id;
  uint32_t* household_row = nullptr;  // where the looked-up row goes
  int key_column = -1;
  bool key_is_text = false;
  uint64_t key_number = 0;
};

// A signal's amount (ColumnKind::kSignalAmount), read by its type: housing
// units for PROPERTY, fen otherwise (required but for DEATH and UNEMPLOYMENT,
// whose amount is checked and ignored).
int64_t SignalAmount(RowFields& row, int column, std::optional<uint8_t> type_code) {
  if (!row.ok() || !type_code) return 0;
  const auto type = static_cast<SignalType>(*type_code);
  const bool ignored = type == SignalType::kDeath || type == SignalType::kUnemployment;
  if (!ignored && row.Raw(column).empty()) {
    row.Fail(column, RejectKind::kMissingValue,
             Cat(Article(CodeName(type)), " ", CodeName(type), " signal needs an amount",
                 row.Absent(column) ? " (the file has no amount column)" : ""));
  }
  if (type == SignalType::kProperty) return row.WholeNumber(column);
  const Fen amount = row.Money(column);  // validated even where ignored
  return ignored ? 0 : amount;
}

// A field of any kind but text, as a number; notes what later checks need.
int64_t ReadNumber(RowFields& row, int column, const ColumnInfo& info, RowFacts& facts,
                   const Lookups& lookups) {
  switch (info.kind) {
    case ColumnKind::kDistrict:
      return row.District(column);
    case ColumnKind::kCode: {
      std::optional<uint8_t> code = row.Code(column, CodeNames(info.codes));
      if (info.codes == CodeSet::kSignalType) facts.signal_type = code;
      return code.value_or(0);
    }
    case ColumnKind::kDigit:
      return row.Digit(column, info.max_digit);
    case ColumnKind::kFlag:
      return row.Digit(column, 1);
    case ColumnKind::kMoney:
      return row.Money(column);
    case ColumnKind::kDate:
      return row.Date(column);
    case ColumnKind::kBirthDate:
      facts.birth_column = column;
      facts.birth_date = row.Date(column);
      return facts.birth_date;
    case ColumnKind::kResidentId: {
      const PackedId id = row.ResidentId(column);
      if (!facts.resident_id) facts.resident_id = id;
      return static_cast<int64_t>(id);
    }
    case ColumnKind::kHouseholdRow:
      facts.household_column = column;
      facts.household_id = row.Text(column, info.max_bytes);
      lookups.household_rows.prefetch(facts.household_id);
      return 0;  // looked up once the row's other fields are good
    case ColumnKind::kSignalAmount:
      return SignalAmount(row, column, facts.signal_type);
    case ColumnKind::kRejectedRows:  // counted once every file is read (AttributeRejectedRows)
    case ColumnKind::kText:
      break;
  }
  return 0;
}

// A rejected row's id as attribution compares it (docs/import.md, "Rejected
// rows that name someone"): blanks around it removed, ASCII letters
// upper-cased. Import itself stays exact.
std::string LenientId(std::string_view raw) {
  std::string id(TrimBlanks(raw));
  for (char& c : id) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return id;
}

// The imported households by their household_id: as written, else read
// leniently (LenientId; that map is built on the first rejected row that
// needs it). Of two households whose ids read alike leniently, the first in
// file order.
class LenientHouseholds {
 public:
  LenientHouseholds(const HouseholdTable* households,
                    const absl::flat_hash_map<std::string_view, uint32_t>& exact)
      : households_(households), exact_(exact) {}
  uint32_t Find(std::string_view raw) {
    if (auto found = exact_.find(raw); found != exact_.end()) return found->second;
    if (households_ == nullptr) return kNoRow;
    if (lenient_.empty()) {
      lenient_.reserve(households_->size());
      for (size_t h = 0; h < households_->size(); ++h) {
        lenient_.emplace(LenientId(households_->household_id[h]), static_cast<uint32_t>(h));
      }
    }
    auto found = lenient_.find(LenientId(raw));
    return found == lenient_.end() ? kNoRow : found->second;
  }

 private:
  const HouseholdTable* households_;
  const absl::flat_hash_map<std::string_view, uint32_t>& exact_;
  absl::flat_hash_map<std::string, uint32_t> lenient_;
};

// Who a rejected row names, read from its raw fields leniently (LenientId;
// RejectedSubject), its resident id as import reads one (ReadExchangeId: an
// old 15-digit id converted, an accepted irregular one as written).
RejectedSubject SubjectOf(const RowFields& row, std::span<const ColumnInfo> infos,
                          LenientHouseholds& households, const AcceptedIds& accepted) {
  RejectedSubject subject;
  for (size_t c = 0; c < infos.size(); ++c) {
    const int column = static_cast<int>(c);
    switch (infos[c].kind) {
      case ColumnKind::kHouseholdRow:
        subject.household_row = households.Find(row.Raw(column));
        break;
      case ColumnKind::kResidentId:
        if (ExchangeId id = ReadExchangeId(LenientId(row.Raw(column)), accepted);
            id.ok() && !subject.person) {
          subject.person = id.parsed.packed;
        }
        break;
      case ColumnKind::kCode:
        if (infos[c].codes == CodeSet::kSignalType) {
          subject.death_report = LenientId(row.Raw(column)) == CodeName(SignalType::kDeath);
        }
        break;
      default:
        break;
    }
  }
  return subject;
}

// Reads field `column` of the row into a new last entry of `values`.
template <typename Column>
void ReadField(RowFields& row, int column, const ColumnInfo& info, Column& values, RowFacts& facts,
               const Lookups& lookups) {
  if constexpr (std::is_same_v<Column, StringColumn>) {
    values.push_back(row.Text(column, info.max_bytes));
    if (info.unique()) {
      facts.key_is_text = true;
      lookups.text_keys.Prefetch(values[values.size() - 1]);
    }
  } else {
    values.push_back(
        static_cast<typename Column::value_type>(ReadNumber(row, column, info, facts, lookups)));
    if (info.unique()) {
      facts.key_number = static_cast<uint64_t>(values.back());
      lookups.number_keys.prefetch(facts.key_number);
    }
    if constexpr (std::is_same_v<Column, std::vector<uint32_t>>) {
      if (info.kind == ColumnKind::kHouseholdRow) facts.household_row = &values.back();
    }
  }
  if (info.unique()) facts.key_column = column;
}

// The checks across a row's columns, in a fixed order (the first problem is
// the row's reject). `row_number` is the row's number in the table if kept.
void CheckRow(RowFields& row, uint32_t row_number, const std::vector<ExchangeColumn>& columns,
              RowFacts& facts, const Lookups& lookups) {
  if (facts.birth_column >= 0 && row.ok() &&
      BirthDateOfId(facts.resident_id.value_or(0)) != facts.birth_date) {
    row.Fail(facts.birth_column, RejectKind::kBirthMismatch,
             "birth_date disagrees with the resident id's digits 7-14");
  }
  if (facts.household_column >= 0 && row.ok()) {
    auto household = lookups.household_rows.find(facts.household_id);
    if (household == lookups.household_rows.end()) {
      row.Fail(facts.household_column, RejectKind::kUnknownHousehold,
               "no imported household has this household_id");
    } else {
      *facts.household_row = household->second;
    }
  }
  if (facts.key_column >= 0 && row.ok()) {
    const bool repeated = facts.key_is_text ? !lookups.text_keys.Add(row_number)
                                            : !lookups.number_keys.insert(facts.key_number).second;
    if (repeated) {
      row.Fail(facts.key_column, RejectKind::kDuplicateKey,
               Cat(columns[facts.key_column].name, " of an earlier row"));
    }
  }
}

// The most data rows `content` can hold that are kept: no more than its line
// feeds (a lone CR ending rows leaves the columns to grow as they fill), and
// no more than its bytes over `least_row_bytes`, the fewest bytes a kept row
// takes, so that a file of empty lines or of commas does not reserve room
// for rows it cannot hold.
size_t RowsAtMost(std::string_view content, size_t least_row_bytes) {
  const size_t line_feeds = static_cast<size_t>(std::count(content.begin(), content.end(), '\n'));
  return std::min(line_feeds + 1, content.size() / std::max<size_t>(least_row_bytes, 1) + 1);
}

// Reserves room for `rows` rows in every column of `table` that is not text
// (and in the row offsets of its text columns), backed by huge pages: each
// column is allocated once instead of growing by doubling. Reserved room is
// only address space until rows are written into it.
template <typename Table>
void ReserveRows(Table& table, size_t rows) {
  ForEachColumn(table, [rows](const ColumnInfo&, auto& column) {
    if constexpr (std::is_same_v<std::decay_t<decltype(column)>, StringColumn>) {
      column.reserve(rows, 0);
    } else {
      ReserveHuge(column, rows);
    }
  });
}

// Reserves room in every text column of `table` for `rows` rows as long on
// average as the rows it holds, and a quarter more, but no more than
// `most_bytes` (the file's: a column holds parts of it).
template <typename Table>
void ReserveText(Table& table, size_t rows, size_t most_bytes) {
  const size_t held = std::max<size_t>(table.size(), 1);
  ForEachColumn(table, [&](const ColumnInfo&, auto& column) {
    if constexpr (std::is_same_v<std::decay_t<decltype(column)>, StringColumn>) {
      const double bytes = static_cast<double>(column.bytes()) / static_cast<double>(held) *
                           static_cast<double>(rows) * 1.25;
      column.reserve(rows, std::min(static_cast<size_t>(bytes), most_bytes));
    }
  });
}

void Truncate(StringColumn& column, size_t rows) { column.truncate(rows); }
template <typename T>
void Truncate(std::vector<T>& column, size_t rows) {
  column.resize(rows);
}

void Reorder(StringColumn& column, const std::vector<uint32_t>& order) {
  StringColumn reordered;
  reordered.reserve(order.size(), column.bytes());
  for (uint32_t row : order) reordered.push_back(column[row]);
  column = std::move(reordered);
}
template <typename T>
void Reorder(std::vector<T>& column, const std::vector<uint32_t>& order) {
  std::vector<T> reordered;
  reordered.reserve(order.size());
  for (uint32_t row : order) reordered.push_back(column[row]);
  column = std::move(reordered);
}

// Stores a table's rows grouped by household, in household order (file
// order within one household), if it has a household row column.
template <typename Table>
void GroupByHousehold(Table& table) {
  const std::vector<uint32_t>* household_rows = nullptr;
  ForEachColumn(table, [&](const ColumnInfo& info, const auto& column) {
    if constexpr (std::is_same_v<std::decay_t<decltype(column)>, std::vector<uint32_t>>) {
      if (info.kind == ColumnKind::kHouseholdRow) household_rows = &column;
    }
  });
  if (household_rows == nullptr || std::is_sorted(household_rows->begin(), household_rows->end())) {
    return;  // no members, or already in household order
  }
  std::vector<uint32_t> order(table.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return (*household_rows)[a] < (*household_rows)[b];
  });
  ForEachColumn(table, [&](const ColumnInfo&, auto& column) { Reorder(column, order); });
}

}  // namespace

template <typename Table>
absl::Status ImportTable(const FileInput& in, const HouseholdTable* households, Table& out,
                         FileOutput& result) {
  std::vector<ExchangeColumn> columns;
  std::vector<ColumnInfo> infos;
  ForEachColumn(out, [&](const ColumnInfo& info, const auto&) {
    columns.push_back({info.exchange_name(), info.required(), info.in_exchange()});
    infos.push_back(info);
  });
  absl::flat_hash_map<std::string_view, uint32_t> household_rows;
  if (households != nullptr) {
    household_rows.reserve(households->size());
    for (size_t h = 0; h < households->size(); ++h) {
      household_rows.emplace(households->household_id[h], h);
    }
  }
  // Room for every row the file can hold, allocated once (RowsAtMost; only
  // room: rows past it are added as ever): a kept row has a field per
  // column of the file's header, which names at least the required columns,
  // none of them empty: with the commas between them, at least
  // 2 * required - 1 bytes.
  const size_t required = static_cast<size_t>(
      std::count_if(columns.begin(), columns.end(),
                    [](const ExchangeColumn& c) { return c.required && c.in_exchange; }));
  const size_t rows_at_most = RowsAtMost(in.content, std::max<size_t>(2 * required, 2) - 1);
  ReserveRows(out, rows_at_most);
  const StringColumn* key_text = nullptr;  // the key column, if it is text
  bool key_number = false;                 // whether the key is a number
  ForEachColumn(out, [&](const ColumnInfo& info, const auto& column) {
    if (!info.unique()) return;
    if constexpr (std::is_same_v<std::decay_t<decltype(column)>, StringColumn>) {
      key_text = &column;
    } else {
      key_number = true;
    }
  });
  TextKeys text_keys(key_text);
  absl::flat_hash_set<uint64_t> number_keys;
  if (key_text != nullptr) text_keys.reserve(rows_at_most);
  if (key_number) number_keys.reserve(rows_at_most);
  const Lookups lookups{household_rows, text_keys, number_keys};
  bool text_reserved = false;
  LenientHouseholds lenient_households(households, household_rows);
  SAFETYNET_RETURN_IF_ERROR(ForEachRow(
      in, columns, result,
      [&](RowFields& row) {
        const size_t rows = out.size();
        // Once a sample of rows is in, the text columns' room for the rest.
        if (rows == kTextSampleRows && !text_reserved) {
          ReserveText(out, rows_at_most, in.content.size());
          text_reserved = true;
        }
        RowFacts facts;
        int column = 0;
        ForEachColumn(out, [&](const ColumnInfo& info, auto& values) {
          ReadField(row, column++, info, values, facts, lookups);
        });
        CheckRow(row, static_cast<uint32_t>(rows), columns, facts, lookups);
        if (!row.ok()) {
          ForEachColumn(out, [rows](const ColumnInfo&, auto& values) { Truncate(values, rows); });
        }
      },
      [&](const RowFields& row) {
        return SubjectOf(row, infos, lenient_households, in.options->accepted_ids);
      }));
  GroupByHousehold(out);
  return absl::OkStatus();
}

void AttributeRejectedRows(Dataset& d, std::span<FileOutput, 4> outputs) {
  auto add_to_resident = [&](PackedId id, auto member_of_person, auto member_of_elderly) {
    bool found = false;
    if (auto person = d.person_row_of.find(id); person != d.person_row_of.end()) {
      ++(d.persons.*member_of_person)[person->second];
      found = true;
    }
    if (auto elderly = d.elderly_row_of.find(id); elderly != d.elderly_row_of.end()) {
      ++(d.elderly.*member_of_elderly)[elderly->second];
      found = true;
    }
    return found;
  };
  constexpr size_t kPersonsFile = 1, kElderlyFile = 2, kSignalsFile = 3;  // in `outputs`
  for (size_t file = 0; file < outputs.size(); ++file) {
    FileOutput& output = outputs[file];
    std::map<RejectKind, size_t> by_kind;
    for (const Reject& reject : output.rejects) ++by_kind[reject.kind];
    for (const auto& [kind, rows] : by_kind) {
      output.counts.rejected_by_kind.emplace_back(RejectKindName(kind), rows);
    }
    for (const RejectedSubject& subject : output.rejected_subjects) {
      bool attributed = false;
      if (file == kPersonsFile) {
        if (subject.household_row != kNoRow) {
          ++d.households.rejected_member_rows[subject.household_row];
          attributed = true;
        }
        if (subject.person) {
          attributed |= add_to_resident(*subject.person, &PersonTable::rejected_person_rows,
                                        &ElderlyTable::rejected_person_rows);
        }
      } else if (file == kElderlyFile && subject.person) {
        attributed = add_to_resident(*subject.person, &PersonTable::rejected_elderly_rows,
                                     &ElderlyTable::rejected_elderly_rows);
      } else if (file == kSignalsFile && subject.person) {
        attributed = add_to_resident(*subject.person, &PersonTable::rejected_signal_rows,
                                     &ElderlyTable::rejected_signal_rows);
        if (subject.death_report) {
          add_to_resident(*subject.person, &PersonTable::rejected_death_reports,
                          &ElderlyTable::rejected_death_reports);
        }
      }
      output.counts.attributed += attributed;
    }
  }
}

template absl::Status ImportTable(const FileInput&, const HouseholdTable*, HouseholdTable&,
                                  FileOutput&);
template absl::Status ImportTable(const FileInput&, const HouseholdTable*, PersonTable&,
                                  FileOutput&);
template absl::Status ImportTable(const FileInput&, const HouseholdTable*, ElderlyTable&,
                                  FileOutput&);
template absl::Status ImportTable(const FileInput&, const HouseholdTable*, SignalTable&,
                                  FileOutput&);

}  // namespace safetynet::import_internal
