// Builds small Datasets in code for rule tests: households with their
// members, elderly residents and signals, with valid resident ids made from
// a district, a birth date and a sequence number. Tests only.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/table/dataset.h"

namespace safetynet::testing {

struct PersonSpec {
  Days birth;
  Fen declared_income = 0;
  uint8_t disability_grade = 0;
  SelfCare self_care = SelfCare::kFull;
  bool serious_illness = false;
  ChildStatus child_status = ChildStatus::kNone;
};

struct ElderlySpec {
  Days birth;
  Living living = Living::kAlone;
  Fen pension = 0;
  Area area = Area::kUrban;
  uint8_t ability_level = 0;
  bool shidu = false;
  bool age_allowance = false;
  Days last_visit = kNoDate;
  PackedId id = 0;  // 0: a new id; else the id of a person already added
  int32_t district = 371002;
};

class DatasetBuilder {
 public:
  // Add a household, then its members, before the next household.
  uint32_t Household(const std::string& id, Category category, Area area = Area::kUrban,
                     Fen payment = 0, int32_t district = 371002,
                     std::string_view town = "竹岛街道");
  PackedId Person(const PersonSpec& spec);  // a member of the last household
  PackedId Elderly(const ElderlySpec& spec);
  void Signal(PackedId person, SignalType type, Days date, int64_t amount = 0,
              bool inpatient = false);

  std::unique_ptr<Dataset> Build();

 private:
  PackedId NewId(Days birth);
  std::unique_ptr<Dataset> d_ = std::make_unique<Dataset>();
  int sequence_ = 0;
};

}  // namespace safetynet::testing
