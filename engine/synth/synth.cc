#include "engine/synth/synth.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/exchange_export.h"
#include "engine/synth/places.h"
#include "engine/synth/rng.h"

namespace safetynet::synth {
namespace {

constexpr Preset kPresets[] = {
    {"tiny", 200, 1000, 3000},
    {"small", 10000, 44000, 100000},
    {"city", 150000, 665000, 1500000},
    {"province", 1500000, 6650000, 15000000},
};

// fen x rate, exactly.
Fraction Times(Fen fen, Fraction rate) { return {fen * rate.num, rate.den}; }

std::string ZeroPadded(uint64_t number, size_t width) {
  std::string digits = Cat(number);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

struct Member {
  size_t row;  // in the person table
  int age;
  bool earner;
};

class Generator {
 public:
  Generator(const SynthOptions& options, const SynthStandards& standards)
      : o_(options), s_(standards), rng_(options.seed), today_(CivilFromDays(options.as_of)) {}

  std::unique_ptr<Dataset> Run() {
    auto dataset = std::make_unique<Dataset>();
    d_ = dataset.get();
    d_->info.as_of = o_.as_of;
    d_->info.source = Cat("safetynet synth, seed ", o_.seed);
    for (size_t h = 0; h < o_.households; ++h) AddHousehold(h);
    AddElderly();
    PadSignals();
    return dataset;
  }

 private:
  Days D() const { return o_.as_of; }

  // A birth date giving exactly `years` on D, `days_earlier` before the
  // birthday (0 = the birthday is today; -1 = the birthday is tomorrow).
  Days BirthFor(int years, int days_earlier) {
    CivilDate birthday{today_.year - years, today_.month, today_.day};
    if (!IsValidCivil(birthday)) birthday.day = 28;  // 29 February in a common year
    return DaysFromCivil(birthday) - days_earlier;
  }

  // An age in [lo, hi]; now and then exactly on a rule's boundary.
  Days RandomBirth(int lo, int hi) {
    static constexpr int kBoundaries[] = {16, 18, 65, 70, 80, 90, 100};
    if (rng_.Percent(4)) {
      int years = rng_.Pick(kBoundaries);
      if (years >= lo && years <= hi) return BirthFor(years, rng_.Percent(50) ? 0 : -1);
    }
    if (rng_.Percent(0.3)) {  // born on 29 February
      int year = today_.year - static_cast<int>(rng_.Between(lo, hi));
      year -= ((year % 4) + 4) % 4;
      return DaysFromCivil({year, 2, 29});
    }
    return BirthFor(static_cast<int>(rng_.Between(lo, hi)), static_cast<int>(rng_.Between(0, 364)));
  }

  PackedId NewId(int32_t district, Days birth, Sex sex) {
    CivilDate b = CivilFromDays(birth);
    uint64_t prefix = static_cast<uint64_t>(district) * 100000000ull +
                      static_cast<uint64_t>(b.year * 10000 + b.month * 100 + b.day);
    uint32_t& used = id_counter_[prefix];
    uint64_t sequence = used++ * 2 + (sex == Sex::kMale ? 1 : 0);
    if (sequence >= 1000) return NewId(district + 1, birth, sex);  // the next county's numbers
    std::string digits = ZeroPadded(prefix * 1000 + sequence, 17);
    return (prefix * 1000 + sequence) * 16 + static_cast<uint64_t>(ResidentIdCheck(digits));
  }

  void AddSignal(SignalType type, PackedId person, Days date, int64_t amount,
                 bool inpatient = false) {
    static constexpr std::string_view kSource[] = {
        "HRSS",        "MEDICAL_INSURANCE", "EMERGENCY", "FUNERAL", "VEHICLE_REGISTRY",
        "REAL_ESTATE", "MARKET_REGULATION", "HRSS"};
    static constexpr std::string_view kDetails[] = {"",          "",
                                                    "",          "工资",
                                                    "灵活就业",  "住院",
                                                    "门诊",      "台风\"烟花\", 房屋受损",
                                                    "鲁K·3A1B2", "威海市某某商贸有限公司",
                                                    "火灾\n厨房"};
    SignalTable& s = d_->signals;
    s.signal_id.push_back(Cat("S", ZeroPadded(next_signal_, 10)));
    ++next_signal_;
    s.source.push_back(type == SignalType::kDeath && rng_.Percent(50)
                           ? "PUBLIC_SECURITY"
                           : kSource[static_cast<int>(type)]);
    s.type.push_back(type);
    s.person_id.push_back(person);
    s.event_date.push_back(date);
    s.amount.push_back(amount);
    s.inpatient.push_back(inpatient ? 1 : 0);
    s.detail.push_back(rng_.Percent(30) ? rng_.Pick(kDetails) : std::string_view());
  }

  // A date in (D - window, D]: `days_back` 0 .. window-1.
  Days Within(int window) {
    return D() - static_cast<Days>(rng_.Below(static_cast<uint64_t>(window)));
  }

  size_t AddPerson(uint32_t household, int32_t district, Relation relation, Days birth, Sex sex,
                   Category category) {
    PersonTable& p = d_->persons;
    int age = AgeInYears(birth, D());
    p.person_id.push_back(NewId(district, birth, sex));
    p.household_row.push_back(household);
    p.name.push_back(PersonName(rng_));
    p.sex.push_back(sex);
    p.birth_date.push_back(birth);
    p.relation.push_back(relation);
    p.disability_grade.push_back(rng_.Percent(7) ? static_cast<uint8_t>(rng_.Between(1, 4)) : 0);
    SelfCare care = SelfCare::kFull;
    if (category == Category::kTekun || age >= 80 || p.disability_grade.back() == 1) {
      static constexpr SelfCare kCare[] = {SelfCare::kFull, SelfCare::kFull, SelfCare::kSemi,
                                           SelfCare::kNone};
      care = rng_.Pick(kCare);
    }
    p.self_care.push_back(care);
    p.serious_illness.push_back(rng_.Percent(5) ? 1 : 0);
    p.student.push_back(age >= 6 && age <= 22 && rng_.Percent(80) ? 1 : 0);
    p.declared_income.push_back(0);
    ChildStatus status = ChildStatus::kNone;
    if (age < 18 && rng_.Percent(5)) status = static_cast<ChildStatus>(rng_.Between(1, 4));
    p.child_status.push_back(status);
    return p.size() - 1;
  }

  void AddHousehold(size_t index) {
    HouseholdTable& h = d_->households;
    const District& district = PickDistrict(rng_);
    std::string_view town = district.towns[rng_.Below(district.towns.size())];
    Area area = rng_.Percent(district.urban_percent) ? Area::kUrban : Area::kRural;
    static constexpr Category kCategories[] = {
        Category::kNone,     Category::kNone,     Category::kDibao,     Category::kDibao,
        Category::kDibao,    Category::kDibao,    Category::kDibao,     Category::kDibao,
        Category::kTekun,    Category::kTekun,    Category::kMarginal,  Category::kMarginal,
        Category::kMarginal, Category::kMarginal, Category::kMonitored, Category::kMonitored,
        Category::kMonitored};
    Category category = rng_.Pick(kCategories);
    const uint32_t row = static_cast<uint32_t>(h.size());
    h.household_id.push_back(Cat("HH", district.code, ZeroPadded(index + 1, 8)));
    h.district.push_back(district.code);
    h.town.push_back(town);
    h.village.push_back(VillageName(town, rng_));
    h.area.push_back(area);
    h.category.push_back(category);
    h.tekun_mode.push_back(
        category == Category::kTekun
            ? (rng_.Percent(30) ? TekunMode::kConcentrated : TekunMode::kDispersed)
            : TekunMode::kNone);
    h.enrolled_date.push_back(
        category == Category::kNone ? kNoDate : D() - static_cast<Days>(rng_.Between(30, 3650)));

    // Members.
    static constexpr int kSizes[] = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 5};
    int size = category == Category::kTekun ? (rng_.Percent(85) ? 1 : 2) : rng_.Pick(kSizes);
    std::vector<Member> members;
    Sex head_sex = rng_.Percent(60) ? Sex::kMale : Sex::kFemale;
    Days head_birth = category == Category::kTekun ? RandomBirth(55, 98) : RandomBirth(22, 92);
    int head_age = AgeInYears(head_birth, D());
    members.push_back(
        {AddPerson(row, district.code, Relation::kHead, head_birth, head_sex, category), head_age,
         false});
    for (int m = 1; m < size; ++m) {
      Relation relation = m == 1 && rng_.Percent(70)          ? Relation::kSpouse
                          : head_age > 45 && rng_.Percent(20) ? Relation::kParent
                          : rng_.Percent(90)                  ? Relation::kChild
                                                              : Relation::kOther;
      Days birth;
      Sex sex = rng_.Percent(50) ? Sex::kMale : Sex::kFemale;
      switch (relation) {
        case Relation::kSpouse:
          birth = RandomBirth(std::max(20, head_age - 6), std::min(100, head_age + 6));
          sex = head_sex == Sex::kMale ? Sex::kFemale : Sex::kMale;
          break;
        case Relation::kParent:
          birth = RandomBirth(std::min(104, head_age + 20), std::min(105, head_age + 35));
          break;
        case Relation::kChild:
          birth = RandomBirth(0, std::max(0, std::min(30, head_age - 20)));
          break;
        default:
          birth = RandomBirth(0, 90);
      }
      int age = AgeInYears(birth, D());
      members.push_back(
          {AddPerson(row, district.code, relation, birth, sex, category), age, false});
    }
    for (Member& m : members) {
      if (m.age >= 60) elderly_members_.push_back(m.row);
    }
    AssignIncome(category, area, members);
    h.current_payment.push_back(Payment(category, area, members));
    AddHouseholdEvents(category, members);
  }

  Fen Standard(Area area) const { return s_.dibao[static_cast<int>(area)]; }

  void AssignIncome(Category category, Area area, std::vector<Member>& members) {
    PersonTable& p = d_->persons;
    const Fen line = Standard(area);
    const Fen marginal_line = s_.marginal_line[static_cast<int>(area)];
    const int64_t size = static_cast<int64_t>(members.size());
    for (Member& m : members) {
      m.earner = m.age >= 16 && m.age <= 64 && !p.student[m.row] &&
                 p.disability_grade[m.row] != 1 && p.disability_grade[m.row] != 2;
    }
    if (std::none_of(members.begin(), members.end(), [](const Member& m) { return m.earner; })) {
      for (Member& m : members) m.earner = m.age >= 16;
    }
    // The household's total monthly income, from a per-capita scenario.
    Fen total;
    int scenario = static_cast<int>(rng_.Below(100));
    if (scenario < 6) {
      total = line * size;  // exactly on the dibao line
    } else if (scenario < 9) {
      total = marginal_line * size;  // exactly on the marginal line
    } else if (scenario < 12) {
      total = (line - 1) * size;  // one fen below the line
    } else {
      int lo = 600, hi = 2400;  // per mille of the line
      if (category == Category::kDibao) lo = 150, hi = 1100;
      if (category == Category::kTekun) lo = 0, hi = 600;
      total = line * size * rng_.Between(lo, hi) / 1000;
    }
    std::vector<Member*> earners;
    for (Member& m : members) {
      if (m.earner) earners.push_back(&m);
    }
    if (earners.empty()) return;
    const bool income_fell =
        (category == Category::kMarginal || category == Category::kMonitored) && rng_.Percent(25);
    const bool exact_fall = income_fell && rng_.Percent(30);
    Fen share = total / static_cast<Fen>(earners.size());
    if (exact_fall) share -= share % 7;  // so that 10 x income == 7 x prior exactly
    for (size_t i = 0; i < earners.size(); ++i) {
      Fen mine =
          i == 0 && !exact_fall ? total - share * static_cast<Fen>(earners.size() - 1) : share;
      size_t row = earners[i]->row;
      p.declared_income[row] = mine;
      if (!(income_fell || rng_.Percent(35))) continue;
      // Monthly INCOME signals in (D-90, D] whose mean is this member's share.
      Fen delta = std::min<Fen>(mine, mine / 5 + static_cast<Fen>(rng_.Below(5000)));
      Days first = rng_.Percent(5) ? D() - 89 : Within(90);
      AddSignal(SignalType::kIncome, p.person_id[row], first, mine + delta);
      AddSignal(SignalType::kIncome, p.person_id[row], Within(90), mine - delta);
      AddSignal(SignalType::kIncome, p.person_id[row], Within(90), mine);
      // And the quarter before, (D-180, D-90].
      Fen prior = mine;
      if (income_fell)
        prior = exact_fall ? mine / 7 * 10 : mine * static_cast<Fen>(rng_.Between(13, 25)) / 10;
      if (prior > 0 || rng_.Percent(50)) {
        Days date = rng_.Percent(10) ? D() - 90 : D() - 90 - static_cast<Days>(rng_.Below(90));
        AddSignal(SignalType::kIncome, p.person_id[row], date, prior);
      }
    }
  }

  // What the household is paid now: close to what the rules compute (so that
  // most payments match), sometimes off by exactly 1 yuan, just over it, or more.
  Fen Payment(Category category, Area area, const std::vector<Member>& members) {
    const PersonTable& p = d_->persons;
    const Fen line = Standard(area);
    Fen amount = 0;
    if (category == Category::kDibao) {
      Fen income = 0;
      for (const Member& m : members) income += p.declared_income[m.row];
      amount = std::max<Fen>(0, line * static_cast<Fen>(members.size()) - income);
      for (const Member& m : members) {
        Fraction rate{0, 1};  // the largest add-on that applies
        auto consider = [&rate](bool applies, Fraction addon) {
          if (applies && CompareFractions(addon, rate) > 0) rate = addon;
        };
        consider(m.age >= 70, s_.addon[0]);
        consider(p.disability_grade[m.row] == 1 || p.disability_grade[m.row] == 2, s_.addon[1]);
        consider(p.serious_illness[m.row], s_.addon[2]);
        consider(m.age < 18, s_.addon[3]);
        if (amount > 0) amount += RoundHalfUp(Times(line, rate));
      }
    } else if (category == Category::kTekun) {
      for (const Member& m : members) {
        amount += s_.tekun_basic[static_cast<int>(area)];
        bool overflow = false;  // a monthly wage in fen times a fraction fits 64 bits
        amount += CeilToStep(
            Times(s_.care_base_wage, s_.care[static_cast<int>(p.self_care[m.row])]), 100, overflow);
      }
    } else {
      return rng_.Percent(3) ? static_cast<Fen>(rng_.Between(1, 50000)) : 0;
    }
    int error = static_cast<int>(rng_.Below(100));
    if (error < 5) return amount + 100;   // exactly 1 yuan off: no alert
    if (error < 10) return amount + 101;  // just over
    if (error < 18) return static_cast<Fen>(rng_.Between(0, 300000));
    return amount;
  }

  void AddHouseholdEvents(Category category, const std::vector<Member>& members) {
    const PersonTable& p = d_->persons;
    auto id = [&](const Member& m) { return p.person_id[m.row]; };
    const Member& any = members[rng_.Below(members.size())];
    const bool paid = category == Category::kDibao || category == Category::kTekun;
    if (category != Category::kNone && rng_.Percent(1)) {
      for (const Member& m : members)
        AddSignal(SignalType::kDeath, id(m), D() - static_cast<Days>(rng_.Between(0, 300)), 0);
    } else if (rng_.Percent(paid ? 4 : 1.5)) {
      // Dated today (dead), or tomorrow (future-dated: not yet dead).
      Days date = rng_.Percent(10) ? D() + static_cast<Days>(rng_.Between(0, 1))
                                   : D() - static_cast<Days>(rng_.Between(1, 200));
      AddSignal(SignalType::kDeath, id(any), date, 0);
    }
    if (rng_.Percent(3)) {
      const Fen values[] = {s_.vehicle_exempt, s_.vehicle_exempt + 1, 500000, 8000000};
      AddSignal(SignalType::kVehicle, id(any), D() - static_cast<Days>(rng_.Between(0, 3000)),
                rng_.Pick(values));
    }
    if (rng_.Percent(3)) {
      int units = static_cast<int>(rng_.Between(1, s_.max_housing_units + 1));
      for (int i = 0; i < units; ++i)
        AddSignal(SignalType::kProperty, id(members[rng_.Below(members.size())]),
                  D() - static_cast<Days>(rng_.Between(0, 5000)), 1);
    }
    if (rng_.Percent(2)) {
      AddSignal(SignalType::kBusiness, id(any), D() - static_cast<Days>(rng_.Between(0, 3000)),
                rng_.Percent(20) ? 0 : rng_.Between(1000000, 50000000));
    }
    if (rng_.Percent(12)) {
      if (rng_.Percent(15)) {  // exactly the absolute threshold, one bill on each side of D-365
        AddSignal(SignalType::kMedical, id(any), D() - 364, s_.medical_risk * 3 / 5, true);
        AddSignal(SignalType::kMedical, id(any), Within(365), s_.medical_risk * 2 / 5);
        AddSignal(SignalType::kMedical, id(any), D() - 365, 500000);
      } else {
        int bills = static_cast<int>(rng_.Between(1, 4));
        for (int i = 0; i < bills; ++i) {
          AddSignal(SignalType::kMedical, id(members[rng_.Below(members.size())]), Within(365),
                    rng_.Between(20000, 1500000), rng_.Percent(30));
        }
      }
    }
    if (rng_.Percent(3)) {
      AddSignal(SignalType::kDisaster, id(any), Within(365),
                rng_.Percent(25) ? s_.disaster_risk : rng_.Between(100000, 5000000));
    }
    if (rng_.Percent(4)) {
      static constexpr Days kBack[] = {0, 30, 89, 90, 120};
      AddSignal(SignalType::kUnemployment, id(any), D() - rng_.Pick(kBack), 0);
    }
  }

  void AddElderly() {
    ElderlyTable& e = d_->elderly;
    const PersonTable& p = d_->persons;
    const HouseholdTable& h = d_->households;
    size_t shared = std::min(elderly_members_.size(), o_.elderly / 8);
    for (size_t i = 0; i < o_.elderly; ++i) {
      int32_t district_code;
      std::string town, village;
      Area area;
      Days birth;
      if (i < shared) {
        size_t row = elderly_members_[i];
        uint32_t household = p.household_row[row];
        district_code = h.district[household];
        town = h.town[household];
        village = h.village[household];
        area = h.area[household];
        birth = p.birth_date[row];
        e.person_id.push_back(p.person_id[row]);
        e.name.push_back(p.name[row]);
      } else {
        const District& district = PickDistrict(rng_);
        district_code = district.code;
        town = district.towns[rng_.Below(district.towns.size())];
        village = VillageName(town, rng_);
        area = rng_.Percent(district.urban_percent) ? Area::kUrban : Area::kRural;
        birth = rng_.Percent(60) ? RandomBirth(60, 79) : RandomBirth(80, 104);
        e.person_id.push_back(
            NewId(district_code, birth, rng_.Percent(45) ? Sex::kMale : Sex::kFemale));
        e.name.push_back(PersonName(rng_));
      }
      int age = AgeInYears(birth, D());
      e.birth_date.push_back(birth);
      e.district.push_back(district_code);
      e.town.push_back(town);
      e.village.push_back(village);
      e.area.push_back(area);
      static constexpr Living kLiving[] = {
          Living::kAlone,      Living::kAlone,      Living::kEmptyNest,
          Living::kEmptyNest,  Living::kEmptyNest,  Living::kLeftBehind,
          Living::kWithFamily, Living::kWithFamily, Living::kWithFamily};
      e.living.push_back(rng_.Pick(kLiving));
      static constexpr uint8_t kAbility[] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 4};
      e.ability_level.push_back(rng_.Pick(kAbility));
      e.shidu.push_back(rng_.Percent(2) ? 1 : 0);
      Fen line = Standard(area);
      int pension_case = static_cast<int>(rng_.Below(100));
      e.pension.push_back(pension_case < 3   ? line
                          : pension_case < 6 ? line - 1
                                             : rng_.Between(20000, 450000));
      e.age_allowance.push_back(age >= 80 ? (rng_.Percent(93) ? 1 : 0) : (rng_.Percent(1) ? 1 : 0));
      // Most special elderly are visited on time (within visit.high_risk_days
      // when at high risk, visit.special_days otherwise); some are overdue,
      // some sit on the boundary.
      const Days high_risk_days = static_cast<Days>(s_.high_risk_visit_days);
      const Days special_days = static_cast<Days>(s_.special_visit_days);
      const Days visit_back[] = {high_risk_days, high_risk_days + 1, special_days, special_days + 1,
                                 -3};
      const bool special = e.living.back() != Living::kWithFamily;
      const bool high_risk =
          special && (age >= 80 || e.ability_level.back() >= 3 || e.shidu.back());
      Days visit;
      if (rng_.Percent(3)) {
        visit = kNoDate;
      } else if (rng_.Percent(8)) {
        visit = D() - rng_.Pick(visit_back);
      } else if (rng_.Percent(85)) {
        visit = D() -
                static_cast<Days>(rng_.Between(0, (high_risk ? high_risk_days : special_days) - 1));
      } else {
        visit = D() - static_cast<Days>(rng_.Between(0, 120));
      }
      e.last_visit.push_back(visit);

      PackedId id = e.person_id.back();
      if (rng_.Percent(1.5)) {
        AddSignal(SignalType::kDeath, id,
                  rng_.Percent(10) ? D() + 5 : D() - static_cast<Days>(rng_.Between(0, 120)), 0);
      }
      if (rng_.Percent(e.living.back() == Living::kAlone ? 6 : 2)) {
        static constexpr Days kBack[] = {0, 10, 29, 30};
        AddSignal(SignalType::kMedical, id, D() - rng_.Pick(kBack), rng_.Between(50000, 900000),
                  rng_.Percent(80));
      }
      if (rng_.Percent(8)) {
        Fen mean = rng_.Percent(20) ? line : rng_.Between(30000, 300000);
        AddSignal(SignalType::kIncome, id, Within(90), mean + 1);
        AddSignal(SignalType::kIncome, id, Within(90), mean - 1);
      }
    }
  }

  // Pads with older income history, plus signals about unknown persons and
  // future-dated ones, up to the target count.
  void PadSignals() {
    const PersonTable& p = d_->persons;
    const ElderlyTable& e = d_->elderly;
    if (p.size() + e.size() == 0) return;
    while (d_->signals.size() < o_.signals) {
      int kind = static_cast<int>(rng_.Below(100));
      size_t pick = rng_.Below(p.size() + e.size());
      PackedId id = pick < p.size() ? p.person_id[pick] : e.person_id[pick - p.size()];
      if (kind < 2) {
        Days birth = RandomBirth(20, 80);
        AddSignal(SignalType::kIncome, NewId(110101, birth, Sex::kMale), Within(90),
                  rng_.Between(10000, 500000));
      } else if (kind < 4) {
        AddSignal(rng_.Percent(50) ? SignalType::kIncome : SignalType::kMedical, id,
                  D() + static_cast<Days>(rng_.Between(1, 60)), rng_.Between(10000, 500000));
      } else {
        AddSignal(SignalType::kIncome, id, D() - static_cast<Days>(rng_.Between(180, 400)),
                  rng_.Between(10000, 500000));
      }
    }
  }

  const SynthOptions& o_;
  const SynthStandards& s_;
  Rng rng_;
  CivilDate today_;
  Dataset* d_ = nullptr;
  absl::flat_hash_map<uint64_t, uint32_t> id_counter_;
  size_t next_signal_ = 1;
  std::vector<size_t> elderly_members_;  // person rows aged 60 or more
};

}  // namespace

std::span<const Preset> Presets() { return kPresets; }

std::optional<Preset> FindPreset(std::string_view name) {
  for (const Preset& preset : kPresets) {
    if (preset.name == name) return preset;
  }
  return std::nullopt;
}

SynthOptions OptionsFor(const Preset& preset, double scale, uint64_t seed) {
  SynthOptions options;
  auto scaled = [scale](size_t n) {
    return static_cast<size_t>(std::llround(static_cast<double>(n) * scale));
  };
  options.households = scaled(preset.households);
  options.elderly = scaled(preset.elderly);
  options.signals = scaled(preset.signals);
  options.seed = seed;
  return options;
}

absl::StatusOr<SynthStandards> ReadSynthStandards(const lang::Standards& standards, Days as_of) {
  using lang::BaseType;
  SAFETYNET_ASSIGN_OR_RETURN(const lang::ResolvedStandards values, lang::Resolve(standards, as_of));
  absl::Status status;  // the first parameter missing or of another unit
  // The value of parameter `name`, which must be of unit `type`: in `area`
  // if given, else one value for both areas.
  auto read = [&](std::string_view name, BaseType type,
                  std::optional<Area> area = std::nullopt) -> lang::Value {
    std::optional<lang::ParamRef> ref = standards.Find(name);
    if (!ref || ref->area != lang::AreaChoice::kSubject) {
      if (status.ok()) {
        status = absl::InvalidArgumentError(
            Cat("the standards define no parameter ", name, " (", lang::TypeName({type}),
                "), which synth aims its boundary cases at (docs/standards.md)"));
      }
      return {};
    }
    const lang::ParamDef& def = standards.params()[ref->index];
    if (status.ok() && (def.type.base != type || (def.per_area && !area))) {
      status = absl::InvalidArgumentError(
          Cat(def.where.file->path, ":", def.where.line, ": parameter ", name, " is ",
              lang::TypeName(def.type), def.per_area ? " per area" : "", "; synth reads it as ",
              lang::TypeName({type}), area ? "" : ", one value for both areas"));
    }
    return values.Get(*ref, area == Area::kRural);
  };
  auto ratio = [&](std::string_view name) {
    lang::Value value = read(name, BaseType::kRatio);
    return Fraction{value.num, value.den};
  };
  SynthStandards s;
  for (Area area : {Area::kUrban, Area::kRural}) {
    const int a = static_cast<int>(area);
    s.dibao[a] = read("dibao", BaseType::kMoney, area).num;
    s.marginal_line[a] = read("marginal.line", BaseType::kMoney, area).num;
    s.tekun_basic[a] = read("tekun.basic", BaseType::kMoney, area).num;
  }
  s.care_base_wage = read("care.base_wage", BaseType::kMoney).num;
  s.care[static_cast<int>(SelfCare::kFull)] = ratio("care.full");
  s.care[static_cast<int>(SelfCare::kSemi)] = ratio("care.semi");
  s.care[static_cast<int>(SelfCare::kNone)] = ratio("care.none");
  s.addon[0] = ratio("dibao.addon.elderly");
  s.addon[1] = ratio("dibao.addon.severe_disability");
  s.addon[2] = ratio("dibao.addon.serious_illness");
  s.addon[3] = ratio("dibao.addon.minor");
  s.vehicle_exempt = read("asset.vehicle_exempt", BaseType::kMoney).num;
  s.max_housing_units = read("asset.max_housing_units", BaseType::kInt).num;
  s.medical_risk = read("risk.medical_abs", BaseType::kMoney).num;
  s.disaster_risk = read("risk.disaster_abs", BaseType::kMoney).num;
  s.high_risk_visit_days = read("visit.high_risk_days", BaseType::kInt).num;
  s.special_visit_days = read("visit.special_days", BaseType::kInt).num;
  if (!status.ok()) return status;
  return s;
}

absl::StatusOr<std::unique_ptr<Dataset>> Synthesize(const SynthOptions& options,
                                                    const SynthStandards& standards) {
  Generator generator(options, standards);
  std::unique_ptr<Dataset> dataset = generator.Run();
  // A column the generator does not fill yet (a newly declared one) is all
  // zeros, not a table whose columns disagree.
  // Every generated row counts as read and imported, none rejected, so that
  // a run of a synthetic snapshot has its import record (docs/snapshot-format.md).
  ForEachTable(*dataset, [&](Entity entity, auto& table) {
    PadColumns(table);
    FileCounts counts{.file = ExchangeFileName(entity), .rows = table.size()};
    counts.imported = counts.rows;
    dataset->info.imported_files.push_back(std::move(counts));
  });
  SAFETYNET_RETURN_IF_ERROR(BuildIndexes(*dataset));
  return dataset;
}

}  // namespace safetynet::synth
