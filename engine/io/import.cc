#include "engine/io/import.h"

#include <oneapi/tbb/task_group.h>

#include <cstdio>
#include <functional>
#include <map>

#include "absl/container/flat_hash_set.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"
#include "engine/io/import_tables.h"
#include "engine/table/dataset_slice.h"

namespace safetynet {

using import_internal::FileInput;
using import_internal::FileOutput;
using import_internal::ImportTable;

namespace {

constexpr std::string_view kFileNames[] = {kHouseholdsCsv, kPersonsCsv, kElderlyCsv, kSignalsCsv};

// The four files in UTF-8, in file order, and what each was read as.
struct Utf8Files {
  FileBytes read[4];    // a file's bytes as read from its folder, while needed
  Utf8Text decoded[4];  // holds the text of a converted file
  std::string_view text[4];
  std::string encoding[4];

  // File `f` (in kFileNames order) whose bytes as read are `bytes` (they must
  // outlive this unless the file was converted).
  absl::Status Decode(size_t f, std::string_view bytes, EncodingChoice choice) {
    auto utf8 = DecodeToUtf8(kFileNames[f], bytes, choice);
    if (!utf8.ok()) return utf8.status();
    decoded[f] = std::move(*utf8);
    text[f] = decoded[f].View(bytes);
    encoding[f] = decoded[f].encoding;
    return absl::OkStatus();
  }

  // Reads file `f` from `directory` into `read[f]` and decodes it. The bytes
  // are read into a fresh buffer backed by huge pages and not zero-filled
  // first (FileBytes): a city's files are hundreds of megabytes, and a page
  // fault per 4 KiB of them cost more system time than the reading itself.
  // A converted file's bytes as read are let go at once: only its UTF-8 is
  // kept while the rows are imported.
  absl::Status ReadAndDecode(size_t f, const std::string& directory, EncodingChoice choice) {
    SAFETYNET_ASSIGN_OR_RETURN(read[f], FileBytes::Read(Cat(directory, "/", kFileNames[f])));
    SAFETYNET_RETURN_IF_ERROR(Decode(f, read[f].view(), choice));
    if (decoded[f].converted) read[f] = FileBytes();
    return absl::OkStatus();
  }
};

// Prepares file `f` (kFileNames order) of `files`: decodes, or reads and
// decodes, it.
using Prepare = std::function<absl::Status(size_t f, Utf8Files& files)>;

// Prepares and imports the four files. Each file is prepared on the task
// that imports it (households then persons on one, elderly and signals on
// others), so that reading one file overlaps importing another. Errors come
// as if the files were all prepared first, in file order: the first file
// that could not be prepared, else the first table that failed (households,
// persons, elderly, signals).
absl::StatusOr<ImportResult> ImportFiles(const Prepare& prepare, const ImportOptions& options) {
  Utf8Files files;
  auto dataset = std::make_unique<Dataset>();
  dataset->info.as_of = options.as_of;
  dataset->info.source = options.source;
  FileOutput outputs[4];
  absl::Status prepared[4];
  absl::Status status[3];
  // Prepares file f and, if that worked, imports it with `import`; then lets
  // go of its text (the tables hold copies).
  auto prepare_and = [&](size_t f, auto import) {
    prepared[f] = prepare(f, files);
    if (!prepared[f].ok()) return absl::OkStatus();  // reported as such
    absl::Status imported =
        import(FileInput{kFileNames[f], files.text[f], &options, files.decoded[f].checked_utf8});
    files.read[f] = FileBytes();
    files.decoded[f] = Utf8Text();
    return imported;
  };
  tbb::task_group group;
  group.run([&] {
    status[0] = prepare_and(0, [&](const FileInput& in) {
      return ImportTable(in, nullptr, dataset->households, outputs[0]);
    });
    if (status[0].ok() && prepared[0].ok()) {
      status[0] = prepare_and(1, [&](const FileInput& in) {
        return ImportTable(in, &dataset->households, dataset->persons, outputs[1]);
      });
    } else {
      prepared[1] = prepare(1, files);  // its error may be the one reported
    }
  });
  group.run([&] {
    status[1] = prepare_and(2, [&](const FileInput& in) {
      return ImportTable(in, nullptr, dataset->elderly, outputs[2]);
    });
  });
  status[2] = prepare_and(3, [&](const FileInput& in) {
    return ImportTable(in, nullptr, dataset->signals, outputs[3]);
  });
  group.wait();
  for (const absl::Status& s : prepared) SAFETYNET_RETURN_IF_ERROR(s);
  for (const absl::Status& s : status) SAFETYNET_RETURN_IF_ERROR(s);
  std::optional<FileOutput> journal;
  if (!options.journal_signals.empty()) {
    journal.emplace();
    SignalTable taken;
    SAFETYNET_RETURN_IF_ERROR(
        ImportTable(FileInput{options.journal_name, options.journal_signals, &options, false},
                    nullptr, taken, *journal));
    absl::flat_hash_set<std::string_view> exported;
    for (size_t row = 0; row < dataset->signals.size(); ++row)
      exported.insert(dataset->signals.signal_id[row]);
    std::vector<uint32_t> fresh;
    for (uint32_t row = 0; row < taken.size(); ++row) {
      if (!exported.contains(taken.signal_id[row])) fresh.push_back(row);
    }
    exported.clear();  // views into the column about to grow
    AppendRows(taken, fresh, dataset->signals);
    if (fresh.size() != taken.size()) {
      journal->counts.warnings.push_back(
          Cat(taken.size() - fresh.size(), " of its ", taken.size(),
              " signals were in signals.csv too (kept once: the export's)"));
    }
    journal->counts.encoding = "UTF-8";  // protobuf text, UTF-8 by construction
  }
  SAFETYNET_RETURN_IF_ERROR(BuildIndexes(*dataset));
  import_internal::AttributeRejectedRows(*dataset, outputs);

  ImportResult result;
  result.dataset = std::move(dataset);
  if (outputs[3].counts.rows == 0) {
    outputs[3].counts.warnings.push_back(
        "the file has no data rows: no income, death or other signal is read for this night");
  }
  for (size_t f = 0; f < 4; ++f) {
    outputs[f].counts.encoding = files.encoding[f];
    result.files.push_back(outputs[f].counts);
    for (Reject& reject : outputs[f].rejects) result.rejects.push_back(std::move(reject));
    for (ImportNote& note : outputs[f].notes) result.notes.push_back(std::move(note));
    for (Diagnosis& diagnosis : outputs[f].diagnoses)
      result.diagnoses.push_back(std::move(diagnosis));
  }
  if (journal) {
    result.files.push_back(journal->counts);
    for (Reject& reject : journal->rejects) result.rejects.push_back(std::move(reject));
  }
  result.dataset->info.imported_files = result.files;
  return result;
}

}  // namespace

absl::StatusOr<ImportResult> ImportExchangeFiles(const ExchangeFiles& files,
                                                 const ImportOptions& options) {
  const std::string* contents[] = {&files.households, &files.persons, &files.elderly,
                                   &files.signals};
  return ImportFiles(
      [&](size_t f, Utf8Files& utf8) { return utf8.Decode(f, *contents[f], options.encoding); },
      options);
}

absl::StatusOr<ImportResult> ImportExchangeDirectory(const std::string& directory,
                                                     const ImportOptions& options) {
  return ImportFiles(
      [&](size_t f, Utf8Files& utf8) { return utf8.ReadAndDecode(f, directory, options.encoding); },
      options);
}

namespace {

// The diagnoses of `file`, each on a line of its own: "\n  persons.csv: column ...".
std::string DiagnosisLines(const ImportResult& result, std::string_view file) {
  std::string lines;
  for (const Diagnosis& diagnosis : result.diagnoses) {
    if (diagnosis.file == file) lines += Cat("\n  ", file, ": ", diagnosis.sentence);
  }
  return lines;
}

}  // namespace

absl::Status CheckImportNotEmpty(const ImportResult& result) {
  struct Wanted {
    std::string_view file;
    size_t imported;
    std::string_view what;
  };
  const Wanted wanted[] = {{kHouseholdsCsv, result.dataset->households.size(), "households"},
                           {kPersonsCsv, result.dataset->persons.size(),
                            "household members: every household would look dissolved"},
                           {kElderlyCsv, result.dataset->elderly.size(), "elderly residents"}};
  std::string empty;  // one clause per empty file
  std::string why;    // the diagnoses of the files all of whose rows were rejected
  for (const Wanted& w : wanted) {
    if (w.imported > 0) continue;
    size_t rows = 0;
    for (const FileCounts& file : result.files) {
      if (file.file == w.file) rows = file.rows;
    }
    empty += Cat(empty.empty() ? "" : "; ", w.file,
                 rows == 0 ? " has no data rows" : Cat(" had all its ", rows, " rows rejected"),
                 " (no ", w.what, ")");
    why += DiagnosisLines(result, w.file);
  }
  if (empty.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      Cat(empty, ": the snapshot would replace the last one with an empty one", why));
}

absl::Status CheckRejectRates(const ImportResult& result, double max_percent) {
  std::string over;  // one line per file over the limit
  for (const FileCounts& file : result.files) {
    if (file.rows == 0 || 100.0 * static_cast<double>(file.rejected) <=
                              max_percent * static_cast<double>(file.rows)) {
      continue;
    }
    std::map<RejectKind, std::pair<size_t, const Reject*>> kinds;  // count, first row
    for (const Reject& reject : result.rejects) {
      if (reject.file != file.file) continue;
      auto& [count, first] = kinds[reject.kind];
      if (count++ == 0) first = &reject;
    }
    auto most = kinds.begin();
    for (auto it = kinds.begin(); it != kinds.end(); ++it) {
      if (it->second.first > most->second.first) most = it;
    }
    const Reject& example = *most->second.second;
    char percents[64];
    std::snprintf(percents, sizeof percents, "%.1f%% of its %zu rows were rejected, more than %g%%",
                  100.0 * static_cast<double>(file.rejected) / static_cast<double>(file.rows),
                  file.rows, max_percent);
    over += Cat(over.empty() ? "" : "\n", file.file, ": ", percents, "; most often ",
                RejectKindName(most->first), " (", most->second.first, " rows), e.g. line ",
                example.line, example.column.empty() ? "" : Cat(", column ", example.column), ": ",
                example.reason);
    over += DiagnosisLines(result, file.file);
  }
  if (over.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(over);
}

}  // namespace safetynet
