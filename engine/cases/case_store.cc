#include "engine/cases/case_store.h"

#include <algorithm>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "engine/cases/store_rows.h"
#include "engine/common/status.h"
#include "engine/common/text.h"

namespace safetynet::cases {
namespace {

// Schema migrations: kMigrations[v] takes a store from version v to v + 1
// (version 0: empty). The one difference between the databases: {ROW_NUMBER}
// is SQLite's INTEGER (the row id itself, one B-tree) or PostgreSQL's BIGINT
// ({AUTO_NUMBER} the same, numbered by the database when not given: BIGSERIAL),
// and {WITHOUT_ROWID} keeps SQLite's firings in their key's B-tree alone.
// Dates are ISO text (they order as text); severities,
// statuses, actions and close reasons their names in docs/monitoring.md.
// `firings` holds a row for each night each case fired (its status,
// severity, score, evidence): its key (night, case_no) makes a night's rows
// an append at the end of one B-tree, and the open cases' last values one
// range of it; a case's rows are found night by night through the nights
// table. Cases' rows change only when they close, escalate or move.
constexpr std::string_view kMigrations[] = {
    R"sql(
CREATE TABLE nights (
  night TEXT PRIMARY KEY,
  ordinal BIGINT NOT NULL,
  processed_at TEXT NOT NULL,
  counts TEXT NOT NULL);
CREATE TABLE cases (
  case_no {ROW_NUMBER} PRIMARY KEY,
  case_id TEXT NOT NULL UNIQUE,
  rule_id TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  opened TEXT NOT NULL,
  opened_night BIGINT NOT NULL,
  closed TEXT,
  close_reason TEXT,
  highest_severity TEXT NOT NULL,
  last_escalated TEXT,
  previous_case TEXT,
  household_id TEXT,
  district TEXT,
  town TEXT,
  village TEXT);
CREATE INDEX cases_closed ON cases (closed);
CREATE INDEX cases_subject ON cases (subject_id);
CREATE INDEX cases_household ON cases (household_id);
CREATE INDEX cases_town ON cases (town);
CREATE TABLE firings (
  night TEXT NOT NULL,
  case_no BIGINT NOT NULL,
  status TEXT NOT NULL,
  severity TEXT NOT NULL,
  score TEXT,
  evidence TEXT,
  PRIMARY KEY (night, case_no)){WITHOUT_ROWID};
CREATE TABLE dispositions (
  case_no BIGINT NOT NULL,
  date TEXT NOT NULL,
  action TEXT NOT NULL,
  worker TEXT NOT NULL,
  night TEXT NOT NULL,
  line BIGINT NOT NULL);
CREATE INDEX dispositions_case ON dispositions (case_no);
CREATE INDEX dispositions_night ON dispositions (night);
)sql",
    // Version 2: the live service's changes between nights (docs/monitoring.md
    // "Between nights"): a row each time a live signal opened or changed a
    // case, on the live date (after the last night), in the order made.
    R"sql(
CREATE TABLE live_firings (
  seq {AUTO_NUMBER} PRIMARY KEY,
  case_no BIGINT NOT NULL,
  date TEXT NOT NULL,
  made_at TEXT NOT NULL,
  status TEXT NOT NULL,
  severity TEXT NOT NULL,
  score TEXT,
  evidence TEXT);
CREATE INDEX live_firings_case ON live_firings (case_no);
)sql",
    // Version 3: dispositions posted to the live service (docs/api.md
    // "Dispositions"), waiting for the night that takes them (`night` empty
    // until then; a night run again gives its own back).
    R"sql(
CREATE TABLE posted_dispositions (
  seq {AUTO_NUMBER} PRIMARY KEY,
  case_id TEXT NOT NULL,
  date TEXT NOT NULL,
  action TEXT NOT NULL,
  worker TEXT NOT NULL,
  posted_at TEXT NOT NULL,
  night TEXT);
CREATE INDEX posted_dispositions_night ON posted_dispositions (night);
)sql",
};
static_assert(std::size(kMigrations) == kStoreSchemaVersion);

// For the kill tests (tests/cases/store_kill_test.sh): the environment
// variable SAFETYNET_TEST_KILL=`point` kills the process there with SIGKILL,
// as a power cut would. Not for use outside tests.
void KillHereIfTested(std::string_view point) {
  const char* kill = std::getenv("SAFETYNET_TEST_KILL");
  if (kill != nullptr && point == kill) ::raise(SIGKILL);
}

}  // namespace

absl::StatusOr<std::unique_ptr<CaseStore>> CaseStore::Open(std::string_view store, bool create) {
  SAFETYNET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenDatabase(store, create));
  std::unique_ptr<CaseStore> opened(new CaseStore(std::move(db), IsPostgresAddress(store)));
  SAFETYNET_RETURN_IF_ERROR(create ? opened->Migrate() : opened->CheckVersion());
  return opened;
}

CaseStore::~CaseStore() { AbandonNight(); }

absl::Status CaseStore::CheckVersion() {
  int64_t version = -1;
  if (!db_->Query("SELECT version FROM safetynet_store", {},
                  [&](const SqlRow& row) { version = NumberOf(row, 0); })
           .ok() ||
      version < 1) {
    return absl::FailedPreconditionError(
        Cat(db_->Describe(), " holds no cases: no night has been run with it as --store"));
  }
  if (version != kStoreSchemaVersion) {
    return absl::FailedPreconditionError(Cat(db_->Describe(), " has schema version ", version,
                                             "; this safetynet reads version ", kStoreSchemaVersion,
                                             version < kStoreSchemaVersion
                                                 ? ": run a night with it to bring it up to date"
                                                 : ": use a newer safetynet"));
  }
  return absl::OkStatus();
}

absl::Status CaseStore::Migrate() {
  SAFETYNET_RETURN_IF_ERROR(db_->Begin());
  auto fail = [&](absl::Status status) {
    (void)db_->Rollback();
    return status;
  };
  // The version table is the store's mark: a database without it is new
  // (no tables) or not a safetynet store.
  bool marked = false;
  int tables = 0;
  absl::Status status =
      db_->Query("SELECT version FROM safetynet_store", {}, [&](const SqlRow&) { marked = true; });
  if (!status.ok()) {
    // No version table: count the tables to tell an empty database from another's.
    SAFETYNET_RETURN_IF_ERROR(db_->Rollback());
    SAFETYNET_RETURN_IF_ERROR(db_->Begin());
    status =
        db_->Query(postgres_ ? "SELECT count(*) FROM information_schema.tables WHERE "
                               "table_schema = current_schema()"
                             : "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                   {}, [&](const SqlRow& row) { tables = static_cast<int>(NumberOf(row, 0)); });
    if (!status.ok()) return fail(status);
    if (tables > 0) {
      return fail(absl::FailedPreconditionError(
          Cat(db_->Describe(),
              " holds other tables and no safetynet_store table: it is not a "
              "safetynet case store; give --store a new file or database")));
    }
    status = db_->Execute("CREATE TABLE safetynet_store (version BIGINT NOT NULL)");
    if (status.ok())
      status = db_->Query("INSERT INTO safetynet_store (version) VALUES ($1)", {"0"});
    if (!status.ok()) return fail(status);
  }
  int64_t version = 0;
  status = db_->Query("SELECT version FROM safetynet_store", {},
                      [&](const SqlRow& row) { version = NumberOf(row, 0); });
  if (!status.ok()) return fail(status);
  if (version > kStoreSchemaVersion) {
    return fail(absl::FailedPreconditionError(Cat(db_->Describe(), " has schema version ", version,
                                                  "; this safetynet knows up to ",
                                                  kStoreSchemaVersion, ": use a newer safetynet")));
  }
  for (int64_t v = version; v < kStoreSchemaVersion; ++v) {
    std::string sql(kMigrations[v]);
    for (const auto& [name, sqlite, postgres] :
         {std::tuple<std::string_view, std::string_view, std::string_view>{"{ROW_NUMBER}",
                                                                           "INTEGER", "BIGINT"},
          {"{AUTO_NUMBER}", "INTEGER", "BIGSERIAL"},
          {"{WITHOUT_ROWID}", " WITHOUT ROWID", ""}}) {
      for (size_t at; (at = sql.find(name)) != std::string::npos;)
        sql.replace(at, name.size(), postgres_ ? postgres : sqlite);
    }
    status = db_->Execute(sql);
    if (!status.ok()) return fail(status);
  }
  if (version != kStoreSchemaVersion) {
    status = db_->Query("UPDATE safetynet_store SET version = $1", {Number(kStoreSchemaVersion)});
    if (!status.ok()) return fail(status);
  }
  return db_->Commit();
}

absl::StatusOr<Days> CaseStore::CheckNightOrder(Days night) {
  SAFETYNET_ASSIGN_OR_RETURN(const Days last, LastNight());
  if (last != kNoDate && night < last) {
    return absl::FailedPreconditionError(Cat(
        "night ", FormatIsoDate(night), " is earlier than the last night in ", Describe(), ", ",
        FormatIsoDate(last), ": nights are processed in order (the last one may be run again)"));
  }
  return last;
}

absl::StatusOr<Days> CaseStore::LastNight() {
  Days last = kNoDate;
  SAFETYNET_RETURN_IF_ERROR(db_->Query("SELECT MAX(night) FROM nights", {},
                                       [&](const SqlRow& row) { last = DateOf(row, 0); }));
  return last;
}

absl::StatusOr<size_t> CaseStore::UndoNight(Days night) {
  const std::vector<SqlValue> at = {Date(night)};
  size_t dispositions = 0;
  SAFETYNET_RETURN_IF_ERROR(
      db_->Query("SELECT COUNT(*) FROM dispositions WHERE night = $1", at,
                 [&](const SqlRow& row) { dispositions = static_cast<size_t>(NumberOf(row, 0)); }));
  // Cases that escalated that night get back their highest severity and
  // last escalation from the nights before and the live service's changes
  // (an escalation between nights dated that night, say).
  std::vector<int64_t> escalated;
  SAFETYNET_RETURN_IF_ERROR(
      db_->Query("SELECT case_no FROM cases WHERE last_escalated = $1 AND (opened < $2 OR case_no "
                 "IN (SELECT case_no FROM live_firings))",
                 {Date(night), Date(night)},
                 [&](const SqlRow& row) { escalated.push_back(NumberOf(row, 0)); }));
  SAFETYNET_RETURN_IF_ERROR(db_->Query("DELETE FROM firings WHERE night = $1", at));
  for (int64_t number : escalated) {
    Severity highest = Severity::kLow;
    Days last_escalated = kNoDate;
    auto take = [&](const SqlRow& row) {
      highest = std::max(highest, SeverityOf(row, 2));
      if (row.Text(1) == StatusName(CaseStatus::kEscalated))
        last_escalated = std::max(last_escalated, DateOf(row, 0));
    };
    SAFETYNET_RETURN_IF_ERROR(db_->Query(
        "SELECT f.night, f.status, f.severity FROM nights n JOIN firings f ON f.night = n.night "
        "AND f.case_no = $1",
        {Number(number)}, take));
    SAFETYNET_RETURN_IF_ERROR(
        db_->Query("SELECT date, status, severity FROM live_firings WHERE case_no = $1",
                   {Number(number)}, take));
    SAFETYNET_RETURN_IF_ERROR(
        db_->Query("UPDATE cases SET highest_severity = $1, last_escalated = $2 WHERE case_no = $3",
                   {std::string(SeverityName(highest)), Date(last_escalated), Number(number)}));
  }
  SAFETYNET_RETURN_IF_ERROR(db_->Query("DELETE FROM dispositions WHERE night = $1", at));
  // The posted dispositions it took wait again, for the night run again.
  SAFETYNET_RETURN_IF_ERROR(
      db_->Query("UPDATE posted_dispositions SET night = NULL WHERE night = $1", at));
  // Not the cases the live service opened on that date before the night.
  SAFETYNET_RETURN_IF_ERROR(db_->Query(
      "DELETE FROM cases WHERE opened = $1 AND case_no NOT IN (SELECT case_no FROM live_firings)",
      at));
  SAFETYNET_RETURN_IF_ERROR(
      db_->Query("UPDATE cases SET closed = NULL, close_reason = NULL WHERE closed = $1", at));
  SAFETYNET_RETURN_IF_ERROR(db_->Query("DELETE FROM nights WHERE night = $1", at));
  return dispositions;
}

absl::StatusOr<StateBeforeNight> CaseStore::BeginNight(Days night, int64_t reopen_days,
                                                       int64_t data_made_unix) {
  AbandonNight();
  SAFETYNET_RETURN_IF_ERROR(db_->Begin());
  in_night_ = true;
  night_ = night;
  lookup_error_ = absl::OkStatus();
  auto fail = [&](absl::Status status) {
    AbandonNight();
    return status;
  };
  absl::StatusOr<Days> last = CheckNightOrder(night);
  if (!last.ok()) return fail(last.status());
  StateBeforeNight state;
  absl::Status status;
  if (*last == night) {
    absl::StatusOr<size_t> replaced = UndoNight(night);
    if (!replaced.ok()) return fail(replaced.status());
    state.again = true;
    state.replaced_dispositions = *replaced;
  }

  int64_t ordinal = 0;
  status = db_->Query("SELECT night, ordinal FROM nights ORDER BY night DESC LIMIT 1", {},
                      [&](const SqlRow& row) {
                        state.last_night = DateOf(row, 0);
                        ordinal = NumberOf(row, 1);
                      });
  if (!status.ok()) return fail(status);
  state.ordinal = ordinal + 1;
  next_case_number_ = 1;
  status = db_->Query("SELECT MAX(case_no) FROM cases", {},
                      [&](const SqlRow& row) { next_case_number_ = NumberOf(row, 0) + 1; });
  if (!status.ok()) return fail(status);

  status = LoadOpenCases("", {}, state.last_night, state.open, nullptr);
  if (!status.ok()) return fail(status);
  status = db_->Query(Cat("SELECT ", kCaseSelectColumns, " FROM cases c WHERE c.closed >= $1"),
                      {Date(night - static_cast<Days>(std::min<int64_t>(reopen_days, 1 << 24)))},
                      [&](const SqlRow& row) { state.recently_closed.push_back(CaseFrom(row)); });
  if (!status.ok()) return fail(status);
  if (data_made_unix > 0) {
    status = db_->Query(
        "SELECT DISTINCT l.case_no FROM live_firings l JOIN cases c ON c.case_no = l.case_no "
        "WHERE c.closed IS NULL AND l.made_at >= $1",
        {UtcTime(data_made_unix)},
        [&](const SqlRow& row) { state.live_after_data.push_back(NumberOf(row, 0)); });
    if (!status.ok()) return fail(status);
    std::sort(state.live_after_data.begin(), state.live_after_data.end());
  }
  absl::StatusOr<std::vector<DispositionRow>> posted = WaitingDispositions(night);
  if (!posted.ok()) return fail(posted.status());
  state.posted = std::move(*posted);
  posted_taken_.clear();
  for (const DispositionRow& row : state.posted) posted_taken_.push_back(row.line);
  return state;
}

absl::Status CaseStore::LoadOpenCases(std::string_view where_sql,
                                      const std::vector<SqlValue>& params, Days last,
                                      std::vector<Case>& open, std::vector<CaseStatus>* statuses) {
  // Every open case through the index of `closed`; some cases through the
  // condition's own index (subject, town), their closed ones skipped here:
  // SQLite would take `closed IS NULL` for the narrower index and read
  // every open case.
  const std::string cases_of =
      where_sql.empty() ? std::string("c.closed IS NULL") : std::string(where_sql);
  const size_t first = open.size();
  SAFETYNET_RETURN_IF_ERROR(
      db_->Query(Cat("SELECT ", kCaseSelectColumns, " FROM cases c WHERE ", cases_of), params,
                 [&](const SqlRow& row) {
                   Case c = CaseFrom(row);
                   if (c.closed == kNoDate) open.push_back(std::move(c));
                 }));
  absl::flat_hash_map<int64_t, size_t> open_at;
  for (size_t i = first; i < open.size(); ++i) open_at[open[i].number] = i;
  if (statuses != nullptr) statuses->assign(open.size(), CaseStatus::kOngoing);
  auto take = [&](const SqlRow& row) {
    auto it = open_at.find(NumberOf(row, 0));
    if (it == open_at.end()) return;
    Case& c = open[it->second];
    c.severity = SeverityOf(row, 1);
    c.score = row.Text(2);
    c.evidence = row.Text(3);
    if (statuses != nullptr && row.Get(4))
      (*statuses)[it->second] = ParseStatus(row.Text(4)).value_or(CaseStatus::kOngoing);
  };
  // The last night's firings (an open case fired every night since it
  // opened): for every open case one scan of the night's range; for some,
  // those of the cases chosen.
  std::vector<SqlValue> with_last = params;
  with_last.push_back(Date(last));
  const std::string last_ref = Cat("$", with_last.size());
  const std::string chosen =
      where_sql.empty()
          ? std::string()
          : Cat(" AND case_no IN (SELECT c.case_no FROM cases c WHERE ", where_sql, ")");
  SAFETYNET_RETURN_IF_ERROR(db_->Query(
      Cat("SELECT case_no, severity, score, evidence, status FROM firings WHERE night = ", last_ref,
          chosen),
      with_last, take));
  // Then the live service's changes since that night, in the order made.
  SAFETYNET_RETURN_IF_ERROR(
      db_->Query(Cat("SELECT l.case_no, l.severity, l.score, l.evidence, NULL FROM live_firings l "
                     "JOIN cases c ON c.case_no = l.case_no WHERE ",
                     cases_of, " AND l.date > ", last_ref, " ORDER BY l.seq"),
                 with_last, take));
  return db_->Query(Cat("SELECT ", kDispositionSelectColumns,
                        " FROM dispositions d JOIN cases c ON c.case_no = d.case_no WHERE ",
                        cases_of, " ORDER BY d.night, d.line"),
                    params, [&](const SqlRow& row) {
                      Disposition d = DispositionFrom(row, 0);
                      if (auto it = open_at.find(d.case_number); it != open_at.end())
                        open[it->second].dispositions.push_back(std::move(d));
                    });
}

std::optional<EarlierCase> CaseStore::FindEarlierCase(std::string_view case_id) {
  std::optional<EarlierCase> found;
  absl::Status status = db_->Query("SELECT case_no, opened, closed FROM cases WHERE case_id = $1",
                                   {std::string(case_id)}, [&](const SqlRow& row) {
                                     found.emplace();
                                     found->number = NumberOf(row, 0);
                                     found->opened = DateOf(row, 1);
                                     found->closed = DateOf(row, 2);
                                   });
  if (status.ok() && found) {
    status =
        db_->Query("SELECT date, action FROM dispositions WHERE case_no = $1",
                   {Number(found->number)}, [&](const SqlRow& row) {
                     found->recorded.emplace_back(
                         DateOf(row, 0), ParseAction(row.Text(1)).value_or(Action::kAcknowledged));
                   });
  }
  if (!status.ok() && lookup_error_.ok()) lookup_error_ = status;
  return found;
}

absl::Status CaseStore::SaveNight(const NightResult& result, std::string_view counts_json) {
  SAFETYNET_RETURN_IF_ERROR(lookup_error_);
  if (!in_night_ || result.night != night_) {
    return absl::FailedPreconditionError("SaveNight without BeginNight of that night");
  }
  SAFETYNET_RETURN_IF_ERROR(db_->Query(
      "INSERT INTO nights (night, ordinal, processed_at, counts) VALUES ($1, $2, $3, $4)",
      {Date(result.night), Number(result.ordinal), Now(), std::string(counts_json)}));

  std::vector<std::vector<SqlValue>> new_cases, firings, updates, dispositions;
  absl::flat_hash_map<std::string_view, int64_t> number_of_new;
  for (const CaseTonight& t : result.cases) {
    const Case& c = t.c;
    int64_t number = c.number;
    if (number == 0) {
      number = next_case_number_++;
      number_of_new[c.case_id] = number;
      new_cases.push_back({Number(number), c.case_id, c.rule_id, c.subject_kind, c.subject_id,
                           Date(c.opened), Number(c.opened_night), Date(c.closed),
                           Text(CloseReasonName(c.close_reason)),
                           std::string(SeverityName(c.highest_severity)), Date(c.last_escalated),
                           Text(c.previous_case), Text(c.household_id), Text(c.district),
                           Text(c.town), Text(c.village)});
    } else if (t.stored_columns_changed) {
      const auto flag = [](bool set) -> SqlValue { return set ? "1" : "0"; };
      updates.push_back({Number(number), flag(c.closed != kNoDate),
                         // Escalated tonight, whatever its status shows (NEW for a
                         // case the live service opened: its highest changes too).
                         flag(c.last_escalated == result.night), flag(t.moved), Date(c.closed),
                         Text(CloseReasonName(c.close_reason)),
                         std::string(SeverityName(c.highest_severity)), Date(c.last_escalated),
                         Text(c.household_id), Text(c.district), Text(c.town), Text(c.village)});
    }
    if (t.fired) {
      firings.push_back({Date(result.night), Number(number), std::string(StatusName(t.status)),
                         std::string(SeverityName(c.severity)), Text(c.score), Text(c.evidence)});
    }
  }
  for (const Disposition& d : result.accepted) {
    int64_t number = d.case_number;
    if (number == 0) number = number_of_new.at(d.case_id);
    dispositions.push_back({Number(number), Date(d.date), std::string(ActionName(d.action)),
                            d.worker, Date(d.night), Number(d.line)});
  }
  SAFETYNET_RETURN_IF_ERROR(db_->InsertRows(
      "cases",
      {"case_no", "case_id", "rule_id", "subject_kind", "subject_id", "opened", "opened_night",
       "closed", "close_reason", "highest_severity", "last_escalated", "previous_case",
       "household_id", "district", "town", "village"},
      new_cases));
  SAFETYNET_RETURN_IF_ERROR(db_->InsertRows(
      "firings", {"night", "case_no", "status", "severity", "score", "evidence"}, firings));
  KillHereIfTested("store-save");
  SAFETYNET_RETURN_IF_ERROR(db_->InsertRows(
      "dispositions", {"case_no", "date", "action", "worker", "night", "line"}, dispositions));
  for (int64_t seq : posted_taken_) {
    SAFETYNET_RETURN_IF_ERROR(db_->Query("UPDATE posted_dispositions SET night = $1 WHERE seq = $2",
                                         {Date(result.night), Number(seq)}));
  }
  if (!updates.empty()) {
    // The changed columns of stored cases, through a temporary table: a
    // statement for each kind of change whatever their number (a round trip
    // each would cost a server's store seconds), each setting only its
    // columns, so that an index is touched only where its column changes.
    SAFETYNET_RETURN_IF_ERROR(db_->Execute(
        "CREATE TEMP TABLE IF NOT EXISTS case_updates (case_no BIGINT PRIMARY KEY, is_closed "
        "TEXT, is_escalated TEXT, has_moved TEXT, closed TEXT, close_reason TEXT, "
        "highest_severity TEXT, last_escalated TEXT, household_id TEXT, district TEXT, town "
        "TEXT, village TEXT)"));
    SAFETYNET_RETURN_IF_ERROR(db_->Execute("DELETE FROM case_updates"));
    SAFETYNET_RETURN_IF_ERROR(db_->InsertRows(
        "case_updates",
        {"case_no", "is_closed", "is_escalated", "has_moved", "closed", "close_reason",
         "highest_severity", "last_escalated", "household_id", "district", "town", "village"},
        updates));
    static constexpr std::pair<std::string_view, std::string_view> kChanges[] = {
        {"is_closed", "closed = u.closed, close_reason = u.close_reason"},
        {"is_escalated",
         "highest_severity = u.highest_severity, last_escalated = u.last_escalated"},
        {"has_moved",
         "household_id = u.household_id, district = u.district, town = u.town, village = "
         "u.village"}};
    for (const auto& [flag, columns] : kChanges) {
      SAFETYNET_RETURN_IF_ERROR(
          db_->Execute(Cat("UPDATE cases SET ", columns, " FROM case_updates u WHERE u.", flag,
                           " = '1' AND cases.case_no = u.case_no")));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StoredNight>> CaseStore::RecentNights(int count) {
  std::vector<StoredNight> nights;
  SAFETYNET_RETURN_IF_ERROR(
      db_->Query("SELECT night, counts FROM nights ORDER BY night DESC LIMIT $1", {Number(count)},
                 [&](const SqlRow& row) {
                   nights.push_back({DateOf(row, 0), std::string(row.Text(1))});
                 }));
  return nights;
}

absl::Status CaseStore::CommitNight() {
  if (!in_night_) return absl::FailedPreconditionError("CommitNight without a night");
  in_night_ = false;
  return db_->Commit();
}

void CaseStore::AbandonNight() {
  if (!in_night_ && !in_live_) return;
  in_night_ = in_live_ = false;
  (void)db_->Rollback();
}

absl::StatusOr<std::vector<CaseHistory>> CaseStore::Histories(std::string_view where_sql,
                                                              const std::vector<SqlValue>& params,
                                                              bool last_firing_only) {
  std::vector<CaseHistory> histories;
  SAFETYNET_RETURN_IF_ERROR(
      db_->Query(Cat("SELECT ", kCaseSelectColumns, " FROM cases c WHERE ", where_sql), params,
                 [&](const SqlRow& row) {
                   CaseHistory h;
                   h.c = CaseFrom(row);
                   histories.push_back(std::move(h));
                 }));
  SAFETYNET_ASSIGN_OR_RETURN(const Days last, LastNight());
  for (CaseHistory& h : histories) {
    SAFETYNET_RETURN_IF_ERROR(db_->Query(
        Cat("SELECT f.night, f.status, f.severity, f.score, f.evidence FROM nights n JOIN "
            "firings f ON f.night = n.night AND f.case_no = $1",
            last_firing_only ? " WHERE n.night = $2" : "", " ORDER BY n.night"),
        last_firing_only ? std::vector<SqlValue>{Number(h.c.number), Date(last)}
                         : std::vector<SqlValue>{Number(h.c.number)},
        [&](const SqlRow& row) {
          h.firings.push_back({DateOf(row, 0), std::string(row.Text(1)), std::string(row.Text(2)),
                               std::string(row.Text(3)), std::string(row.Text(4))});
        }));
    SAFETYNET_RETURN_IF_ERROR(db_->Query(
        "SELECT date, status, severity, score, evidence FROM live_firings WHERE case_no = $1 AND "
        "date > $2 ORDER BY seq",
        {Number(h.c.number), Date(last)}, [&](const SqlRow& row) {
          h.firings.push_back({DateOf(row, 0), std::string(row.Text(1)), std::string(row.Text(2)),
                               std::string(row.Text(3)), std::string(row.Text(4)), true});
        }));
    if (!h.firings.empty()) {
      h.c.severity = ParseSeverity(h.firings.back().severity).value_or(h.c.severity);
      h.c.score = h.firings.back().score;
      h.c.evidence = h.firings.back().evidence;
    }
    SAFETYNET_RETURN_IF_ERROR(db_->Query(
        Cat("SELECT ", kDispositionSelectColumns,
            " FROM dispositions d JOIN cases c ON c.case_no = d.case_no WHERE d.case_no = $1 "
            "ORDER BY d.night, d.line"),
        {Number(h.c.number)},
        [&](const SqlRow& row) { h.c.dispositions.push_back(DispositionFrom(row, 0)); }));
  }
  // And those posted that wait for the next night.
  std::vector<Case*> cases;
  for (CaseHistory& h : histories) cases.push_back(&h.c);
  SAFETYNET_RETURN_IF_ERROR(AddPostedDispositions(cases, LiveDate(last, last)).status());
  return histories;
}

absl::StatusOr<std::vector<CaseHistory>> CaseStore::SubjectHistory(std::string_view subject_id) {
  std::string id(subject_id);
  NormaliseSubjectId(id);
  return Histories("c.subject_id = $1 OR c.household_id = $2 ORDER BY c.opened, c.case_id",
                   {id, id}, false);
}

absl::StatusOr<std::vector<std::string>> CaseStore::TownsWithOpenCases() {
  std::vector<std::string> towns;
  SAFETYNET_RETURN_IF_ERROR(
      db_->Query("SELECT DISTINCT town FROM cases WHERE closed IS NULL AND town IS NOT NULL", {},
                 [&](const SqlRow& row) { towns.emplace_back(row.Text(0)); }));
  std::sort(towns.begin(), towns.end());
  return towns;
}

absl::StatusOr<std::vector<CaseHistory>> CaseStore::OpenCasesOfTown(std::string_view town) {
  return Histories("c.town = $1 AND c.closed IS NULL ORDER BY c.rule_id, c.subject_id",
                   {std::string(town)}, true);
}

absl::StatusOr<LiveState> CaseStore::BeginLive(std::span<const std::string> subject_ids, Days date,
                                               int64_t reopen_days) {
  AbandonNight();
  SAFETYNET_RETURN_IF_ERROR(db_->Begin());
  in_live_ = true;
  auto fail = [&](absl::Status status) {
    AbandonNight();
    return status;
  };
  LiveState state;
  Days last = kNoDate;
  int64_t ordinal = 0;
  absl::Status status = db_->Query("SELECT night, ordinal FROM nights ORDER BY night DESC LIMIT 1",
                                   {}, [&](const SqlRow& row) {
                                     last = DateOf(row, 0);
                                     ordinal = NumberOf(row, 1);
                                   });
  if (!status.ok()) return fail(status);
  if (last == kNoDate) {
    return fail(absl::FailedPreconditionError(
        Cat(Describe(), " has no night yet: run a night with --store first (`safetynet run`)")));
  }
  state.date = LiveDate(date, last);
  state.ordinal = ordinal + 1;
  next_case_number_ = 1;
  status = db_->Query("SELECT MAX(case_no) FROM cases", {},
                      [&](const SqlRow& row) { next_case_number_ = NumberOf(row, 0) + 1; });
  if (!status.ok()) return fail(status);
  // The subjects' open cases with their latest values, and their cases
  // closed since date - reopen_days: a few statements per part of the ids,
  // not per subject.
  constexpr size_t kIdsPerStatement = 10000;
  for (size_t begin = 0; begin < subject_ids.size(); begin += kIdsPerStatement) {
    const size_t end = std::min(subject_ids.size(), begin + kIdsPerStatement);
    std::vector<SqlValue> ids;
    std::string in = "c.subject_id IN (";
    for (size_t i = begin; i < end; ++i) {
      ids.push_back(subject_ids[i]);
      in += Cat(i == begin ? "$" : ", $", ids.size());
    }
    in += ")";
    status = LoadOpenCases(in, ids, last, state.open, nullptr);
    if (!status.ok()) return fail(status);
    ids.push_back(Date(state.date - static_cast<Days>(std::min<int64_t>(reopen_days, 1 << 24))));
    status =
        db_->Query(Cat("SELECT ", kCaseSelectColumns, " FROM cases c WHERE ", in,
                       " AND c.closed >= $", ids.size()),
                   ids, [&](const SqlRow& row) { state.recently_closed.push_back(CaseFrom(row)); });
    if (!status.ok()) return fail(status);
  }
  live_date_ = state.date;
  return state;
}

absl::Status CaseStore::SaveLive(std::vector<LiveChange>& changes) {
  if (!in_live_) return absl::FailedPreconditionError("SaveLive without BeginLive");
  const std::string made_at = Now();
  for (LiveChange& change : changes) {
    Case& c = change.c;
    if (c.number == 0) {
      c.number = next_case_number_++;
      SAFETYNET_RETURN_IF_ERROR(db_->Query(
          "INSERT INTO cases (case_no, case_id, rule_id, subject_kind, subject_id, opened, "
          "opened_night, highest_severity, previous_case, household_id, district, town, village) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
          {Number(c.number), c.case_id, c.rule_id, c.subject_kind, c.subject_id, Date(c.opened),
           Number(c.opened_night), std::string(SeverityName(c.highest_severity)),
           Text(c.previous_case), Text(c.household_id), Text(c.district), Text(c.town),
           Text(c.village)}));
    } else {
      SAFETYNET_RETURN_IF_ERROR(db_->Query(
          "UPDATE cases SET highest_severity = $1, last_escalated = $2, household_id = $3, "
          "district = $4, town = $5, village = $6 WHERE case_no = $7",
          {std::string(SeverityName(c.highest_severity)), Date(c.last_escalated),
           Text(c.household_id), Text(c.district), Text(c.town), Text(c.village),
           Number(c.number)}));
    }
    SAFETYNET_RETURN_IF_ERROR(db_->Query(
        "INSERT INTO live_firings (case_no, date, made_at, status, severity, score, evidence) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {Number(c.number), Date(live_date_), made_at, std::string(StatusName(change.status)),
         std::string(SeverityName(c.severity)), Text(c.score), Text(c.evidence)}));
  }
  in_live_ = false;
  return db_->Commit();
}

}  // namespace safetynet::cases
