// The exchange files of the import tests: each file's header line, one good
// row of each (ids from the reference data set), the four files made of them,
// and an import that must succeed. Tests only.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "engine/io/import.h"

namespace safetynet::testing {

inline constexpr const char* kHouseholdHeader =
    "household_id,district,town,village,area,category,tekun_mode,enrolled_date,current_payment\n";
inline constexpr const char* kPersonHeader =
    "person_id,household_id,name,sex,birth_date,relation,disability_grade,self_care,"
    "serious_illness,student,declared_income,child_status\n";
inline constexpr const char* kElderlyHeader =
    "person_id,name,birth_date,district,town,village,area,living,ability_level,shidu,pension,"
    "age_allowance,last_visit\n";
inline constexpr const char* kSignalHeader =
    "signal_id,source,type,person_id,event_date,amount,inpatient,detail\n";

// One good row of each file (ids from the reference data set).
inline constexpr const char* kHousehold =
    "H1,371002,竹岛街道,光明社区,URBAN,DIBAO,,2020-01-01,690\n";
inline constexpr const char* kPerson =
    "371082199601070013,H1,胡海,M,1996-01-07,HEAD,0,FULL,0,0,1608,NONE\n";
inline constexpr const char* kElderly =
    "371003194101110017,贺利,1941-01-11,371003,界石镇,程家洼村,URBAN,EMPTY_NEST,2,0,626.66,1,"
    "2025-06-28\n";
inline constexpr const char* kSignal =
    "S1,HRSS,INCOME,371082199601070013,2025-05-22,2009.75,,工资\n";

inline ExchangeFiles GoodFiles() {
  return {std::string(kHouseholdHeader) + kHousehold, std::string(kPersonHeader) + kPerson,
          std::string(kElderlyHeader) + kElderly, std::string(kSignalHeader) + kSignal};
}

inline ImportResult MustImport(const ExchangeFiles& files, const ImportOptions& options = {}) {
  auto result = ImportExchangeFiles(files, options);
  EXPECT_TRUE(result.ok()) << result.status();
  return std::move(*result);
}

}  // namespace safetynet::testing
