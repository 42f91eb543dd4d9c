// The case store's rows as the store's code reads and writes them
// (engine/cases/case_store.h): SQL values from dates, texts and numbers;
// cases and dispositions from result rows; times as the store writes them.
// Internal to engine/cases. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "engine/cases/case.h"
#include "engine/cases/database.h"

namespace safetynet::cases {

// A date as ISO text (YYYY-MM-DD), NULL for kNoDate.
SqlValue Date(Days day);
// The text, NULL when empty.
SqlValue Text(std::string_view text);
SqlValue Number(int64_t n);

// Column `i` of `row` as a date (kNoDate for NULL or not a date), a number
// (0 if not one), a severity (LOW if not one).
Days DateOf(const SqlRow& row, int i);
int64_t NumberOf(const SqlRow& row, int i);
Severity SeverityOf(const SqlRow& row, int i);

// The columns a case is read with (CaseFrom), from `cases` as c.
inline constexpr std::string_view kCaseSelectColumns =
    "c.case_no, c.case_id, c.rule_id, c.subject_kind, c.subject_id, c.opened, c.opened_night, "
    "c.closed, c.close_reason, c.highest_severity, c.last_escalated, c.previous_case, "
    "c.household_id, c.district, c.town, c.village";
// A case from a row of kCaseSelectColumns; its severity is its highest until a
// firing says otherwise.
Case CaseFrom(const SqlRow& row);

// The columns a disposition is read with (DispositionFrom), from
// `dispositions` as d joined with `cases` as c.
inline constexpr std::string_view kDispositionSelectColumns =
    "d.case_no, c.case_id, d.date, d.action, d.worker, d.night, d.line";
Disposition DispositionFrom(const SqlRow& row, int first);

// YYYY-MM-DDTHH:MM:SSZ (UTC), as made_at, processed_at and posted_at are
// written: text that sorts as time does.
std::string UtcTime(std::time_t when);
std::string Now();

}  // namespace safetynet::cases
