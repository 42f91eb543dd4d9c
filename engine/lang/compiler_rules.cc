// Alerts and entitlements: an alert's severity (LOW, MEDIUM or HIGH, fixed
// or computed), its `when` (split into its top-level 'and' terms for
// explain), its score and the values it shows; an entitlement's amount,
// which must be whole money. Their labels and reasons: compiler_words.cc.
#include "engine/common/text.h"
#include "engine/lang/compiler_internal.h"

namespace safetynet::lang::compiler_internal {

void Compiler::CompileAlert(const Statement& statement, Entity entity) {
  Context context{entity};
  AlertDef alert;
  alert.id = std::string(statement.name);
  alert.entity = entity;
  alert.where = statement.where;
  bool ok = true;
  Typed severity = CompileExpr(*statement.severity, context, Type::Code(CodeSet::kSeverity));
  if (severity.ok() && severity.type != Type::Code(CodeSet::kSeverity)) {
    Error(*statement.severity,
          Cat("severity is LOW, MEDIUM or HIGH, not ", TypeName(severity.type)));
    ok = false;
  }
  ok = ok && severity.ok();
  alert.severity = severity.node;
  if (statement.when) {
    Typed when =
        Expect(*statement.when, CompileExpr(*statement.when, context), BaseType::kBool, "'when'");
    ok = ok && when.ok();
    alert.when = when.node;
    if (when.ok()) Conjuncts(when.node, alert.conjuncts);
  }
  if (statement.score) {
    Typed score =
        Expect(*statement.score, CompileExpr(*statement.score, context), BaseType::kInt, "'score'");
    ok = ok && score.ok();
    alert.score = score.node;
  }
  for (const auto& [name, where] : statement.show) {
    int column = NamedColumn(entity, name, where, " to show");
    if (column < 0) {
      ok = false;
      continue;
    }
    alert.show.push_back(column);
  }
  ok = CompileWords(statement, entity, alert.label, alert.reason) && ok;
  if (ok) p_.alerts.push_back(std::move(alert));
}

int Compiler::NamedColumn(Entity entity, std::string_view name, const Location& where,
                          std::string_view what) {
  bool failed = false;
  int member_set = -2;
  int column = Lookup(entity, name, failed, &member_set);
  if (column >= 0 || failed) return column;
  if (member_set != -2) {
    d_.Error(where, Cat("'", name, "' is a set of members, not a value", what,
                        ": name a count or a sum of it with a 'let'"));
  } else {
    d_.Error(where, Cat("unknown ", EntityName(entity), " value '", name, "'", what,
                        DidYouMean(name, NamesOf(entity))));
  }
  return column;
}

void Compiler::CompileDeclaration(const Statement& statement, const Declaration& declaration) {
  int column = NamedColumn(declaration.entity, statement.name, statement.where,
                           Cat(" for '", declaration.keyword, "'"));
  if (column < 0) return;
  if (p_.columns[column].type.base != BaseType::kBool) {
    d_.Error(statement.where, Cat("'", declaration.keyword, "' names a bool value, and '",
                                  statement.name, "' is ", TypeName(p_.columns[column].type)));
    return;
  }
  p_.*declaration.column = column;
}

void Compiler::Conjuncts(int node, std::vector<int>& out) {
  if (p_.nodes[node].op == Op::kAnd) {
    Conjuncts(p_.nodes[node].args[0], out);
    Conjuncts(p_.nodes[node].args[1], out);
  } else {
    out.push_back(node);
  }
}

void Compiler::CompileEntitlement(const Statement& statement, Entity entity) {
  Context context{entity};
  Typed amount = CompileExpr(*statement.value, context);
  if (!amount.ok()) return;
  if (amount.type.base != BaseType::kMoney || amount.type.exact) {
    Error(*statement.value, amount.type.exact
                                ? "an entitlement is whole fen: round this exact money with "
                                  "round(), ceil1() or ceil10()"
                                : Cat("an entitlement is money, not ", TypeName(amount.type)));
    return;
  }
  EntitlementDef entitlement;
  entitlement.kind = std::string(statement.name);
  entitlement.entity = entity;
  entitlement.amount = amount.node;
  entitlement.where = statement.where;
  if (!CompileWords(statement, entity, entitlement.label, entitlement.reason)) return;
  p_.entitlements.push_back(std::move(entitlement));
}

}  // namespace safetynet::lang::compiler_internal
