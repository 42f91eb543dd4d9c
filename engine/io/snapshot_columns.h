// Internal to the snapshot reader and writer: the one list of which table
// column goes into which protobuf column, per table, so that writing and
// reading can never disagree. `visit(name, table_column, proto_column,
// max_code)` is called for each column; max_code bounds byte-coded columns.
// The proto message is taken mutable in both directions (the reader owns its
// parsed chunks).
#pragma once

#include "engine/table/dataset.h"
#include "safetynet/snapshot.pb.h"

namespace safetynet::snapshot_internal {

namespace pb = ::safetynet::snapshot;

template <typename Table, typename Columns, typename Visit>
void VisitHouseholdColumns(Table& t, Columns& c, Visit&& visit) {
  visit("household_id", t.household_id, *c.mutable_household_id(), 0);
  visit("district", t.district, *c.mutable_district(), 0);
  visit("town", t.town, *c.mutable_town(), 0);
  visit("village", t.village, *c.mutable_village(), 0);
  visit("area", t.area, *c.mutable_area(), 1);
  visit("category", t.category, *c.mutable_category(), 4);
  visit("tekun_mode", t.tekun_mode, *c.mutable_tekun_mode(), 2);
  visit("enrolled_date", t.enrolled_date, *c.mutable_enrolled_date(), 0);
  visit("current_payment", t.current_payment, *c.mutable_current_payment(), 0);
}

template <typename Table, typename Columns, typename Visit>
void VisitPersonColumns(Table& t, Columns& c, Visit&& visit) {
  visit("person_id", t.person_id, *c.mutable_person_id(), 0);
  visit("household_row", t.household_row, *c.mutable_household_row(), 0);
  visit("name", t.name, *c.mutable_name(), 0);
  visit("sex", t.sex, *c.mutable_sex(), 1);
  visit("birth_date", t.birth_date, *c.mutable_birth_date(), 0);
  visit("relation", t.relation, *c.mutable_relation(), 4);
  visit("disability_grade", t.disability_grade, *c.mutable_disability_grade(), 4);
  visit("self_care", t.self_care, *c.mutable_self_care(), 2);
  visit("serious_illness", t.serious_illness, *c.mutable_serious_illness(), 1);
  visit("student", t.student, *c.mutable_student(), 1);
  visit("declared_income", t.declared_income, *c.mutable_declared_income(), 0);
  visit("child_status", t.child_status, *c.mutable_child_status(), 4);
}

template <typename Table, typename Columns, typename Visit>
void VisitElderlyColumns(Table& t, Columns& c, Visit&& visit) {
  visit("person_id", t.person_id, *c.mutable_person_id(), 0);
  visit("name", t.name, *c.mutable_name(), 0);
  visit("birth_date", t.birth_date, *c.mutable_birth_date(), 0);
  visit("district", t.district, *c.mutable_district(), 0);
  visit("town", t.town, *c.mutable_town(), 0);
  visit("village", t.village, *c.mutable_village(), 0);
  visit("area", t.area, *c.mutable_area(), 1);
  visit("living", t.living, *c.mutable_living(), 3);
  visit("ability_level", t.ability_level, *c.mutable_ability_level(), 4);
  visit("shidu", t.shidu, *c.mutable_shidu(), 1);
  visit("pension", t.pension, *c.mutable_pension(), 0);
  visit("age_allowance", t.age_allowance, *c.mutable_age_allowance(), 1);
  visit("last_visit", t.last_visit, *c.mutable_last_visit(), 0);
}

template <typename Table, typename Columns, typename Visit>
void VisitSignalColumns(Table& t, Columns& c, Visit&& visit) {
  visit("signal_id", t.signal_id, *c.mutable_signal_id(), 0);
  visit("source", t.source, *c.mutable_source(), 0);
  visit("type", t.type, *c.mutable_type(), 7);
  visit("person_id", t.person_id, *c.mutable_person_id(), 0);
  visit("event_date", t.event_date, *c.mutable_event_date(), 0);
  visit("amount", t.amount, *c.mutable_amount(), 0);
  visit("inpatient", t.inpatient, *c.mutable_inpatient(), 1);
  visit("detail", t.detail, *c.mutable_detail(), 0);
}

}  // namespace safetynet::snapshot_internal
