// The names of districts by their 6-digit codes, for the outputs people
// read (a caseworker knows 环翠区, not 371002): read from `districts.csv` in
// the rules folder (UTF-8, optionally with a byte-order mark; header
// `district,name`; one row per district). The table is a plain value; the
// loader is a pure function of the file; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace safetynet {

// District code -> name ("环翠区"). Empty when the rules folder has no table:
// outputs then show the code alone.
using DistrictNames = std::map<int32_t, std::string>;

// The name of the table's file in a rules folder.
inline constexpr std::string_view kDistrictNamesFile = "districts.csv";

// Reads `rules_folder`/districts.csv. Absent: an empty table (not an
// error). Errors (InvalidArgument naming file:line): a header other than
// `district,name`, a row without exactly two fields, a code that is not 6
// digits, an empty name, a code twice, broken quoting; the errors of
// ReadWholeFile for a file that cannot be read (or is not a regular file).
absl::StatusOr<DistrictNames> LoadDistrictNames(const std::string& rules_folder);

// The name of `district`, or "" if the table has none.
std::string_view DistrictName(const DistrictNames& names, int32_t district);

}  // namespace safetynet
