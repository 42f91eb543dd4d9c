// Small helpers on SQL text shared by the two databases (database.h):
// checking the table and column names that InsertRows puts into its
// statement, and quoting a statement's start in error messages.
// Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace safetynet::cases {

// OK if `name` is a plain SQL name ([A-Za-z_][A-Za-z0-9_]*), so that it can
// stand unquoted in a statement; else InvalidArgument naming it.
absl::Status CheckSqlName(std::string_view name);

// OK if `table` and every one of `columns` (at least one) pass CheckSqlName.
absl::Status CheckSqlNames(std::string_view table, const std::vector<std::string>& columns);

// The start of `sql` for a message: leading space dropped, runs of white
// space as one space, at most 80 characters (then "...").
std::string StatementStart(std::string_view sql);

}  // namespace safetynet::cases
