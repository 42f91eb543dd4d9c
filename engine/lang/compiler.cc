// The compiler's passes in order (declarations first, so that a let may be
// used before or after its definition; then every let, alert and
// entitlement), the declarations themselves (duplicate names and rule ids,
// lets that reuse a field's name), and the compiling of lets on first use,
// which finds cycles among them. Compile() is the entry (compiler.h).
#include "engine/lang/compiler.h"

#include <algorithm>

#include "engine/common/text.h"
#include "engine/lang/compiler_internal.h"

namespace safetynet::lang::compiler_internal {

void Compiler::Run(const std::vector<RuleFile>& files) {
  // Declarations first, so that lets may be used before (or after) they are defined.
  for (const RuleFile& file : files) {
    for (const Block& block : file.blocks) {
      std::optional<Entity> entity = EntityNamed(block.entity);
      if (!entity || *entity == Entity::kSignal) {
        d_.Error(block.where, Cat("'for ", block.entity,
                                  "': rules are written for household, person or elderly"));
        continue;
      }
      for (const Statement& statement : block.statements) Declare(statement, *entity);
    }
  }
  for (LetDecl* let : LetsInOrder()) CompileLet(*let);
  for (const auto& [statement, entity] : labels_) CompileLabel(*statement, entity);
  for (const auto& [statement, entity] : alerts_) CompileAlert(*statement, entity);
  for (const auto& [statement, entity] : entitlements_) CompileEntitlement(*statement, entity);
  for (size_t i = 0; i < std::size(kDeclarations); ++i) {
    if (declared_[i]) CompileDeclaration(*declared_[i], kDeclarations[i]);
  }
  std::sort(p_.alerts.begin(), p_.alerts.end(),
            [](const AlertDef& a, const AlertDef& b) { return a.id < b.id; });
}

void Compiler::Declare(const Statement& statement, Entity entity) {
  switch (statement.kind) {
    case StatementKind::kLet: {
      if (FindField(entity, statement.name)) {
        d_.Error(statement.where, Cat("'", statement.name, "' is already a field of ",
                                      EntityName(entity), "; choose another name"));
        return;
      }
      auto [it, inserted] =
          lets_.try_emplace({entity, std::string(statement.name)}, LetDecl{&statement, entity});
      if (!inserted) {
        d_.Error(statement.where,
                 Cat(EntityName(entity), " value '", statement.name,
                     "' is defined twice (first at ", Where(it->second.statement->where), ")"));
      }
      return;
    }
    case StatementKind::kAlert: {
      auto [it, inserted] = alert_ids_.try_emplace(std::string(statement.name), &statement);
      if (!inserted) {
        d_.Error(statement.where, Cat("duplicate rule id ", statement.name, " (first at ",
                                      Where(it->second->where), ")"));
        return;
      }
      alerts_.emplace_back(&statement, entity);
      return;
    }
    case StatementKind::kEntitlement: {
      auto [it, inserted] = entitlement_kinds_.try_emplace({entity, statement.name}, &statement);
      if (!inserted) {
        d_.Error(statement.where,
                 Cat("entitlement ", statement.name, " of ", EntityName(entity),
                     " is defined twice (first at ", Where(it->second->where), ")"));
        return;
      }
      entitlements_.emplace_back(&statement, entity);
      return;
    }
    case StatementKind::kLabel:
      labels_.emplace_back(&statement, entity);
      return;
    case StatementKind::kEligibility:
    case StatementKind::kDeceased:
      for (size_t i = 0; i < std::size(kDeclarations); ++i) {
        const Declaration& declaration = kDeclarations[i];
        if (declaration.kind != statement.kind) continue;
        if (entity != declaration.entity) {
          d_.Error(
              statement.where,
              Cat("'", declaration.keyword, "' names ", Article(EntityName(declaration.entity)),
                  " ", EntityName(declaration.entity), " value: declare it in a 'for ",
                  EntityName(declaration.entity), ":' block"));
        } else if (declared_[i]) {
          d_.Error(statement.where, Cat("'", declaration.keyword, "' is declared twice (first at ",
                                        Where(declared_[i]->where), ")"));
        } else {
          declared_[i] = &statement;
        }
      }
      return;
  }
}

std::string Compiler::Where(const Location& where) {
  return Cat(where.file ? where.file->path : "?", ":", where.line, ":", where.column);
}

LetDecl* Compiler::FindLet(Entity entity, std::string_view name) {
  auto found = lets_.find({entity, std::string(name)});
  return found == lets_.end() ? nullptr : &found->second;
}

std::vector<LetDecl*> Compiler::LetsInOrder() {
  struct Visit {
    LetDecl* let;
    std::vector<LetDecl*> reads;
    size_t next = 0;  // the next of reads to visit
  };
  std::vector<LetDecl*> order;
  std::vector<Visit> path;
  auto enter = [&](LetDecl& let) {
    let.walk = 1;
    path.push_back({&let, LetsReadBy(let)});
  };
  for (auto& [key, root] : lets_) {
    if (root.walk != 0) continue;
    enter(root);
    while (!path.empty()) {
      Visit& top = path.back();
      if (top.next == top.reads.size()) {
        top.let->walk = 2;
        order.push_back(top.let);
        path.pop_back();
        continue;
      }
      LetDecl& next = *top.reads[top.next++];
      if (next.walk == 0) {
        enter(next);
      } else if (next.walk == 1) {
        std::string names;
        for (const Visit& step : path) names += Cat(step.let->statement->name, " -> ");
        d_.Error(next.statement->where,
                 Cat("cycle among derived values: ", names, next.statement->name));
        for (auto step = path.rbegin(); step != path.rend() && step->let != &next; ++step) {
          step->let->in_cycle = true;
        }
        next.in_cycle = true;
      }
    }
  }
  return order;
}

std::vector<LetDecl*> Compiler::LetsReadBy(const LetDecl& let) {
  struct Part {
    const Expr* expr;
    Entity entity;
    bool sees_household;  // as Context::sees_household
  };
  std::vector<LetDecl*> reads;
  std::vector<Part> parts{{let.statement->value.get(), let.entity, false}};
  while (!parts.empty()) {
    const Part part = parts.back();
    parts.pop_back();
    const Expr& expr = *part.expr;
    if (part.entity == Entity::kSignal) continue;  // a signal's own fields only
    if (expr.kind == ExprKind::kName && expr.text != "as_of") {
      if (LetDecl* read = FindLet(part.entity, expr.text)) {
        reads.push_back(read);
      } else if (part.sees_household && !FindField(part.entity, expr.text)) {
        if (LetDecl* household = FindLet(Entity::kHousehold, expr.text)) reads.push_back(household);
      }
    } else if (expr.kind == ExprKind::kPath) {
      if (auto path = PathTargetOf(expr, part.entity)) {
        if (LetDecl* read = FindLet(path->target, path->name)) reads.push_back(read);
      }
    }
    // The arguments, last first so that the first is read first; a member's
    // value inside a `where` or an aggregate over members sees the household's.
    const bool over_set =
        (expr.kind == ExprKind::kWhere) ||
        (expr.kind == ExprKind::kCall && expr.parts.empty() && FindAggregate(expr.text) &&
         !expr.args.empty() && IsSet(*expr.args[0], Context{part.entity}));
    for (size_t i = expr.args.size(); i-- > 0;) {
      if (!expr.args[i]) continue;
      Part inner{expr.args[i].get(), part.entity, part.sees_household};
      if (over_set && i > 0) {
        const Expr* set = expr.args[0].get();
        if (set->kind == ExprKind::kWhere && expr.kind == ExprKind::kCall) set = set->args[0].get();
        inner = set->kind == ExprKind::kSignals ? Part{inner.expr, Entity::kSignal, false}
                                                : Part{inner.expr, Entity::kPerson, true};
      }
      parts.push_back(inner);
    }
  }
  return reads;
}

bool Compiler::EnsureLet(LetDecl& decl) { return !decl.in_cycle && CompileLet(decl); }

bool Compiler::CompileLet(LetDecl& decl) {
  if (decl.state == 2) return decl.column >= 0 || decl.member_set != -2;
  if (decl.state == 1) {
    std::string path;
    for (const LetDecl* step : stack_) path += Cat(step->statement->name, " -> ");
    d_.Error(decl.statement->where,
             Cat("cycle among derived values: ", path, decl.statement->name));
    return false;
  }
  decl.state = 1;
  stack_.push_back(&decl);
  Context context{decl.entity};
  Typed value = CompileExpr(*decl.statement->value, context);
  stack_.pop_back();
  decl.state = 2;
  if (!value.ok()) return false;
  if (value.type.base == BaseType::kMemberSet) {
    decl.member_set = value.member_set;
    return true;
  }
  if (value.type.base == BaseType::kSignalSet) {
    Error(*decl.statement->value,
          "a set of signals is not a value; aggregate it (count, sum, mean, any)");
    return false;
  }
  decl.column = AddColumn(decl.entity, std::string(decl.statement->name), value, false,
                          decl.statement->where);
  return true;
}

}  // namespace safetynet::lang::compiler_internal

namespace safetynet::lang {

void Compile(const std::vector<RuleFile>& files, Program& program, Diagnostics& diagnostics) {
  compiler_internal::Compiler(program, diagnostics).Run(files);
}

}  // namespace safetynet::lang
