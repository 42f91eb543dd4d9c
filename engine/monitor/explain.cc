#include "engine/monitor/explain.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "engine/common/exact_arithmetic.h"
#include "engine/common/resident_id.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/exec/batch_evaluator.h"
#include "engine/exec/evaluator.h"
#include "engine/monitor/records.h"
#include "engine/monitor/value_format.h"

namespace safetynet::monitor {
namespace {

using lang::Entity;

class Explainer {
 public:
  Explainer(const lang::Program& program, const Dataset& data, const SignalIndex& index,
            const lang::ResolvedStandards& standards, Days as_of, exec::RunResult& result)
      : p_(program),
        d_(data),
        result_(result),
        columns_(exec::ColumnPointers(result.columns)),
        context_{program, data, index, standards, as_of, columns_},
        evaluator_(context_) {}

  std::string Subject(Entity entity, uint32_t row) {
    evaluator_.SetEntity(entity);
    std::string out = Cat(EntityName(entity), " ", Header(entity, row), "\n");
    out += "  values:\n";
    // Fields first, then derived values in the order the rule files define them.
    std::vector<int> shown;
    for (size_t c = 0; c < p_.columns.size(); ++c) {
      const lang::ColumnDef& column = p_.columns[c];
      if (column.entity == entity && !column.hidden) shown.push_back(static_cast<int>(c));
    }
    std::stable_sort(shown.begin(), shown.end(), [&](int a, int b) {
      const lang::ColumnDef &x = p_.columns[a], &y = p_.columns[b];
      if (x.is_field != y.is_field) return x.is_field;
      if (x.is_field) return x.name < y.name;
      if (x.where.file != y.where.file) return x.where.file->path < y.where.file->path;
      return x.where.offset < y.where.offset;
    });
    for (int c : shown) out += Cat("    ", p_.columns[c].name, " = ", Value(c, row), "\n");
    out += "  alerts:\n";
    for (size_t a = 0; a < p_.alerts.size(); ++a) {
      const lang::AlertDef& alert = p_.alerts[a];
      if (alert.entity != entity) continue;
      out += Alert(static_cast<int>(a), row);
    }
    out += "  entitlements:\n";
    for (const lang::EntitlementDef& entitlement : p_.entitlements) {
      if (entitlement.entity != entity) continue;
      exec::Vec amount = Eval(entitlement.amount, row);
      out += Cat("    ", entitlement.kind, " = ",
                 FormatValue(lang::Type::Money(), amount.num[0], 1), "\n");
    }
    return out;
  }

 private:
  exec::Vec Eval(int node, uint32_t row) { return evaluator_.Eval(node, row, &row, 1); }

  // The reason the run gave for alert `alert` being undecided at `row`.
  std::string UndecidedReason(int alert, uint32_t row) const {
    for (const exec::UndecidedRow& undecided : result_.undecided) {
      if (undecided.alert == alert && undecided.row == row) return undecided.reason;
    }
    return "a value is unknown";
  }

  std::string Value(int column, uint32_t row) {
    const exec::ColumnValues& values = result_.columns[column];
    std::string text = FormatValue(p_.columns[column].type, values.num[row],
                                   values.den.empty() ? 1 : values.den[row]);
    return text.empty() ? "(empty)" : text;
  }

  std::string Header(Entity entity, uint32_t row) {
    if (entity == Entity::kPerson) {
      return Cat(FormatResidentId(d_.persons.person_id[row]), " (member of ",
                 d_.households.household_id[d_.persons.household_row[row]], ")");
    }
    const Place place = PlaceOf(d_, entity, row);
    return Cat(SubjectId(d_, entity, row), " (", place.district, " ", place.town, " ",
               place.village, ")");
  }

  // The names a node's subtree reads, with their values for the row.
  void Inputs(int node, Entity entity, uint32_t row, std::set<std::string>& seen,
              std::string& out) {
    const lang::Node& n = p_.nodes[node];
    if ((n.op == lang::Op::kColumn || n.op == lang::Op::kGather) && !p_.columns[n.column].hidden) {
      std::string label =
          std::string(n.source.empty() ? std::string_view(p_.columns[n.column].name) : n.source);
      if (seen.insert(label).second) {
        exec::Vec v = Eval(node, row);
        std::string text = FormatValue(n.type, v.num[0], v.den ? v.den[0] : 1);
        out += Cat(out.empty() ? "" : ", ", label, " = ", text.empty() ? "(empty)" : text);
      }
      return;
    }
    for (int arg : n.args) Inputs(arg, entity, row, seen, out);
  }

  std::string Alert(int index, uint32_t row) {
    const lang::AlertDef& alert = p_.alerts[index];
    bool fired = true, refused = false;  // refused: a term is false
    std::string terms;
    for (int conjunct : alert.conjuncts) {
      const int64_t holds = Eval(conjunct, row).num[0];  // 1, 0 or unknown (empty)
      const bool yes = holds == 1;
      fired = fired && yes;
      refused = refused || holds == 0;
      std::set<std::string> seen;
      std::string inputs;
      Inputs(conjunct, alert.entity, row, seen, inputs);
      terms += Cat("      ",
                   yes          ? "yes  "
                   : holds == 0 ? "no   "
                                : "unknown  ",
                   p_.nodes[conjunct].source,
                   inputs.empty() || inputs == Cat(p_.nodes[conjunct].source, " = true") ||
                           inputs == Cat(p_.nodes[conjunct].source, " = false")
                       ? ""
                       : Cat("    [", inputs, "]"),
                   "\n");
    }
    std::string out;
    const int64_t severity = fired ? Eval(alert.severity, row).num[0] : kEmpty;
    const int64_t score = fired && alert.score >= 0 ? Eval(alert.score, row).num[0] : 0;
    if (fired && (severity == kEmpty || score == kEmpty)) {
      // Its terms hold, but an empty severity or score leaves it undecided.
      fired = false;
      out = Cat("    ", alert.id, ": not fired: undecided (", UndecidedReason(index, row), ")");
    } else {
      out = Cat("    ", alert.id, ": ",
                fired     ? "FIRED"
                : refused ? "not fired"
                          : "not fired: undecided (a term is unknown)");
    }
    if (fired) {
      out +=
          Cat(", severity ", FormatValue(lang::Type::Code(lang::CodeSet::kSeverity), severity, 1));
      if (alert.score >= 0) out += Cat(", score ", FormatValue(lang::Type::Int(), score, 1));
    }
    out += "\n" + terms;
    if (fired && !alert.show.empty()) {
      out += "      evidence:";
      for (size_t s = 0; s < alert.show.size(); ++s) {
        out += Cat(s ? "; " : " ", p_.columns[alert.show[s]].name, "=", Value(alert.show[s], row));
      }
      out += "\n";
    }
    return out;
  }

  const lang::Program& p_;
  const Dataset& d_;
  exec::RunResult& result_;
  std::vector<const exec::ColumnValues*> columns_;
  exec::EvalContext context_;
  exec::BatchEvaluator evaluator_;
};

}  // namespace

absl::StatusOr<std::string> Explain(const lang::Program& program, const Dataset& data, Days as_of,
                                    std::string_view subject_id) {
  // As pasted from a spreadsheet or a letter: blanks around the id go.
  subject_id = TrimBlanks(subject_id, " \t\r\n");
  std::vector<std::pair<Entity, uint32_t>> subjects;
  if (auto household = data.household_row_of.find(subject_id);
      household != data.household_row_of.end()) {
    subjects.emplace_back(Entity::kHousehold, household->second);
  }
  // An old 15-digit id is looked up in its 18-character form; one whose
  // check character is wrong as written, since the import may have accepted
  // it so (import --accept-ids).
  ParsedId id = ParseAnyResidentId(subject_id);
  if (id.ok() || id.error == IdError::kChecksum) {
    if (auto person = data.person_row_of.find(id.packed); person != data.person_row_of.end()) {
      subjects.emplace_back(Entity::kPerson, person->second);
    }
    if (auto elderly = data.elderly_row_of.find(id.packed); elderly != data.elderly_row_of.end()) {
      subjects.emplace_back(Entity::kElderly, elderly->second);
    }
  }
  if (subjects.empty()) {
    if (id.error == IdError::kChecksum) {
      const int check = ResidentIdCheck(subject_id.substr(0, 17));
      return absl::NotFoundError(
          Cat("the check character of this resident id is wrong (for its first 17 digits it is ",
              check == 10 ? std::string("X") : Cat(check),
              "): no one has this id; check it as written"));
    }
    // Household ids are text as the data write them: a lower-case one is not
    // the same id, but likely meant.
    const std::string upper = absl::AsciiStrToUpper(std::string(subject_id));
    if (upper != subject_id && data.household_row_of.contains(std::string_view(upper))) {
      return absl::NotFoundError(
          Cat("no household has this id; ids are written as the data "
              "write them: did you mean ",
              upper, "?"));
    }
    return absl::NotFoundError(
        "no household, person or elderly resident in the snapshot has this id");
  }
  SAFETYNET_ASSIGN_OR_RETURN(lang::ResolvedStandards standards,
                             lang::Resolve(program.standards, as_of));
  SignalIndex index(data, as_of);
  exec::RunResult result = exec::Evaluate(program, data, index, standards, as_of);
  Explainer explainer(program, data, index, standards, as_of, result);
  std::string out = Cat("as of ", FormatIsoDate(as_of), ", standards of ",
                        FormatIsoDate(standards.version), "\n");
  for (const auto& [entity, row] : subjects) out += "\n" + explainer.Subject(entity, row);
  return out;
}

}  // namespace safetynet::monitor
