#include "engine/io/district_names.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/common/utf8.h"
#include "engine/io/csv_reader.h"
#include "engine/io/files.h"

namespace safetynet {

absl::StatusOr<DistrictNames> LoadDistrictNames(const std::string& rules_folder) {
  const std::string path = Cat(rules_folder, "/", kDistrictNamesFile);
  struct stat info;
  if (::lstat(path.c_str(), &info) != 0 && errno == ENOENT) return DistrictNames();
  std::string text;
  SAFETYNET_RETURN_IF_ERROR(ReadWholeFile(path, text));
  auto bad = [&](size_t line, std::string_view why) {
    return absl::InvalidArgumentError(Cat(path, ":", line, ": ", why));
  };
  CsvReader reader(text);
  CsvRecord record;
  if (!reader.Next(record)) return bad(1, "empty: the header `district,name` is missing");
  if (record.malformed || record.fields.size() != 2 || record.fields[0] != "district" ||
      record.fields[1] != "name") {
    return bad(record.line, "the header must be `district,name`");
  }
  reader.ExpectFields(2);
  DistrictNames names;
  while (reader.Next(record)) {
    if (record.malformed) return bad(record.line, record.problem);
    if (record.fields.size() != 2) {
      return bad(record.line, Cat(record.fields.size(), " fields; a row is `district,name`"));
    }
    const std::string_view code = record.fields[0];
    const std::string_view name = TrimBlanks(record.fields[1]);
    int32_t district = 0;
    if (code.empty()) return bad(record.line, "the district code is empty");
    if (code.size() != 6 ||
        !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return bad(record.line, Cat("the district code \"", code, "\" is not 6 digits"));
    }
    for (char c : code) district = district * 10 + (c - '0');
    if (name.empty()) return bad(record.line, Cat("district ", code, " has an empty name"));
    if (!IsCleanUtf8(name)) {
      return bad(record.line,
                 Cat("the name of district ", code,
                     " is not UTF-8 (saved as GBK or \"ANSI\"?): save the file as UTF-8"));
    }
    for (size_t at = 0; at < name.size();) {
      if (std::optional<char32_t> c = NextCodePoint(name, at); !c || IsControlOrInvisible(*c)) {
        return bad(record.line, Cat("the name of district ", code,
                                    " holds a control or invisible character: remove it"));
      }
    }
    if (!names.emplace(district, std::string(name)).second) {
      return bad(record.line, Cat("district ", code, " is named twice"));
    }
  }
  return names;
}

std::string_view DistrictName(const DistrictNames& names, int32_t district) {
  auto found = names.find(district);
  return found == names.end() ? std::string_view() : std::string_view(found->second);
}

}  // namespace safetynet
