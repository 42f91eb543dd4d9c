// libFuzzer target: arbitrary bytes as an exchange file (households.csv, then
// signals.csv, the other files good). The import must never crash, and every
// data row it reads must be either imported or rejected. The input goes
// through the encoding detection and conversion first (engine/io/encoding.h):
// the seeds hold UTF-8, GB18030, UTF-16 and UTF-32 files.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/io/import.h"

namespace {

const char* kHouseholds =
    "household_id,district,town,village,area,category,tekun_mode,enrolled_date,current_payment\n"
    "H1,371002,t,v,URBAN,DIBAO,,2020-01-01,690\n";
const char* kPersons =
    "person_id,household_id,name,sex,birth_date,relation,disability_grade,self_care,serious_"
    "illness,student,"
    "declared_income,child_status\n371082199601070013,H1,胡海,M,1996-01-07,HEAD,0,FULL,0,0,1608,"
    "NONE\n";
const char* kElderly =
    "person_id,name,birth_date,district,town,village,area,living,ability_level,shidu,pension,age_"
    "allowance,"
    "last_visit\n371003194101110017,贺利,1941-01-11,371003,界石镇,程家洼村,URBAN,EMPTY_NEST,2,0,"
    "626.66,1,\n";
const char* kSignals = "signal_id,source,type,person_id,event_date,amount,inpatient,detail\n";

void Check(const safetynet::ExchangeFiles& files) {
  auto result = safetynet::ImportExchangeFiles(files, {});
  if (!result.ok()) return;  // a fatal problem (no header, a missing column) is a clean error
  for (const safetynet::FileCounts& file : result->files) {
    if (file.rows != file.imported + file.rejected) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Check({text, kPersons, kElderly, kSignals});
  Check({kHouseholds, kPersons, kElderly, text});
  return 0;
}
