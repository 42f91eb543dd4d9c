// The case store (docs/monitoring.md, "The store"): every case, the nights
// it fired, every disposition, and the nights processed with their counts,
// kept in a database (engine/cases/database.h: an SQLite file or a
// PostgreSQL server) under one schema that the store creates and migrates
// (a version table; docs/monitoring.md, "Schema").
//
// A night is one transaction: BeginNight checks the order of nights
// (section 2.1), undoes the night when it is the last one again, and loads
// the state before it; SaveNight writes the night; CommitNight makes it
// durable. A failure or a kill before CommitNight leaves the store as it
// was (the database's transaction). One CaseStore per process and store;
// not thread-safe. It owns its database connection.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cases/case.h"
#include "engine/cases/database.h"
#include "engine/cases/night.h"

namespace safetynet::cases {

// The schema version this safetynet writes.
inline constexpr int kStoreSchemaVersion = 3;

// A night processed, with the counts its summary recorded (JSON text).
struct StoredNight {
  Days night = kNoDate;
  std::string counts_json;
};

// A case's history (safetynet cases): the case, each night it fired, each disposition.
struct CaseHistory {
  Case c;
  struct Firing {
    Days night = kNoDate;
    std::string status, severity, score, evidence;
    bool live = false;  // a change the live service made after the last night (`night` its date)
  };
  std::vector<Firing> firings;  // by night
};

class CaseStore {
 public:
  // Opens the store named by --store (OpenDatabase). With `create` (to run
  // nights), creates it if missing and brings its schema to
  // kStoreSchemaVersion; without (to read), writes nothing and needs a store
  // of that version. Errors: those of OpenDatabase; FailedPrecondition for a
  // store of a newer schema than this safetynet knows, a database that holds
  // other tables but no safetynet version table (not a safetynet store), or,
  // to read, a store without a night or of an older schema.
  static absl::StatusOr<std::unique_ptr<CaseStore>> Open(std::string_view store, bool create);

  ~CaseStore();

  // Begins night `night` (one transaction): FailedPrecondition naming the
  // last night if `night` is earlier than it; if it is the last night
  // again, that night is undone first (section 2.1). Returns the state after
  // the night before. `reopen_days` bounds the recently closed cases
  // loaded. `data_made_unix` is when tonight's data was made (the
  // snapshot's created time, seconds since 1970; 0 if unknown): the open
  // cases the live service changed at or after it (the same second counts:
  // the data may not hold the change) are listed (live_after_data).
  // The dispositions posted since, dated on or before the night, are loaded
  // (`posted`); SaveNight marks them as this night's.
  absl::StatusOr<StateBeforeNight> BeginNight(Days night, int64_t reopen_days,
                                              int64_t data_made_unix);

  // During a night: a case closed before it, by case_id (for dispositions).
  // A database error is kept and returned by SaveNight.
  std::optional<EarlierCase> FindEarlierCase(std::string_view case_id);

  // Writes the night's result and its counts (JSON text for the night summary).
  absl::Status SaveNight(const NightResult& result, std::string_view counts_json);

  // The last `count` nights stored (tonight's included once saved), newest first.
  absl::StatusOr<std::vector<StoredNight>> RecentNights(int count);

  // Makes the night durable; AbandonNight undoes it (also done by the destructor).
  absl::Status CommitNight();
  void AbandonNight();

  // Between nights (docs/monitoring.md "Between nights"; the live service).
  // Begins a transaction (waiting for a night in progress, as Begin does)
  // and loads the open and recently closed cases of `subject_ids` (each a
  // household id or a resident id, normalised), with their latest values.
  // The live date is `date`, or the day after the last night if `date` is
  // not later. FailedPrecondition if the store has no night yet.
  absl::StatusOr<LiveState> BeginLive(std::span<const std::string> subject_ids, Days date,
                                      int64_t reopen_days);
  // Writes the changes (a new case gets its number, set in `changes`) with a
  // live_firings row each, and commits. AbandonNight undoes instead.
  absl::Status SaveLive(std::vector<LiveChange>& changes);

  // Between nights (the live service, docs/api.md "Dispositions"): checks
  // dispositions posted on `date` (the service's date) by section 3
  // (CheckDispositions) against the stored cases, their dispositions and
  // those posted before, and keeps the accepted ones (one transaction) for
  // the next night dated on or after them. Errors: the database's.
  absl::StatusOr<DispositionCheck> PostDispositions(const std::vector<DispositionRow>& rows,
                                                    Days date);

  // The worklist now (docs/api.md "Worklist"): the cases open now (those of
  // `town` only, unless it is empty), each with its latest values and status
  // (the last night's, or a live change's since), snoozed or not on `date`
  // by its dispositions, recorded and posted (section 3), the cases on the
  // worklist in section 4's order. `params` are those in force on `date`.
  struct WorklistNow {
    Days last_night = kNoDate;
    std::vector<CaseTonight> cases;  // every open case, in key order
    std::vector<uint32_t> worklist;  // indexes into `cases`
    size_t posted_waiting = 0;       // posted dispositions no night has taken yet
  };
  absl::StatusOr<WorklistNow> Worklist(Days date, std::string_view town,
                                       const MonitorParams& params);

  // Adds to `cases` (any order) the dispositions posted for them that no
  // night has taken yet, marked posted, with `night` as the night that will
  // take them; how many such dispositions there are in all.
  absl::StatusOr<size_t> AddPostedDispositions(std::span<Case* const> cases, Days night);

  // How many posted dispositions no night has taken yet.
  absl::StatusOr<int64_t> PostedWaiting();

  // The live service's changes since the last night: cases changed, by
  // status (NEW, REOPENED, ESCALATED, ONGOING), each case counted once with
  // its latest status.
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> LiveChangesSinceLastNight();

  // Reading (outside a night). The last night processed (kNoDate if none).
  absl::StatusOr<Days> LastNight();
  // The same, or FailedPrecondition naming it if `night` is earlier (section
  // 2.1: nights go in order; the last one may run again).
  absl::StatusOr<Days> CheckNightOrder(Days night);
  // Every case of a subject -- a household id also gives its members' cases
  // -- with its firings and dispositions, oldest first.
  absl::StatusOr<std::vector<CaseHistory>> SubjectHistory(std::string_view subject_id);
  // The cases of a town open after the last night, by rule id and subject id,
  // each with its last firing (and that only) and its dispositions.
  absl::StatusOr<std::vector<CaseHistory>> OpenCasesOfTown(std::string_view town);
  // The towns with open cases, in byte order (for a "did you mean").
  absl::StatusOr<std::vector<std::string>> TownsWithOpenCases();

  std::string Describe() const { return db_->Describe(); }

 private:
  CaseStore(std::unique_ptr<Database> db, bool postgres)
      : db_(std::move(db)), postgres_(postgres) {}
  absl::Status Migrate();
  absl::Status CheckVersion();
  // Undoes the last night; how many dispositions were recorded with it.
  absl::StatusOr<size_t> UndoNight(Days night);
  // Appends the cases open now -- every one if `where_sql` is empty, else
  // those it chooses (a condition on `cases` as c using an index, such as
  // "c.town = $1", with `params` from $1) -- in no order, with their latest values after
  // night `last` (its firing, then the live changes since) and their
  // dispositions; `statuses` (if not null) gets each case's status on night
  // `last` (ONGOING for a case opened since).
  absl::Status LoadOpenCases(std::string_view where_sql, const std::vector<SqlValue>& params,
                             Days last, std::vector<Case>& open, std::vector<CaseStatus>* statuses);
  // The posted dispositions no night has taken yet, dated on or before
  // `up_to` (every one for kNoDate), in posting order: `line` is the
  // posting number, `posted` is set.
  absl::StatusOr<std::vector<DispositionRow>> WaitingDispositions(Days up_to);
  absl::StatusOr<std::vector<CaseHistory>> Histories(std::string_view where_sql,
                                                     const std::vector<SqlValue>& params,
                                                     bool last_firing_only);

  std::unique_ptr<Database> db_;
  bool postgres_ = false;
  bool in_night_ = false;
  bool in_live_ = false;
  Days live_date_ = kNoDate;
  Days night_ = kNoDate;
  int64_t next_case_number_ = 1;
  absl::Status lookup_error_;
  std::vector<int64_t> posted_taken_;  // during a night: the posted dispositions it takes (seq)
};

}  // namespace safetynet::cases
