#!/usr/bin/env bash
# The rules are found without --rules from any folder (issue 14, item 5):
# a binary in its build tree takes the source tree's rules/weihai; an
# installed copy (cmake --install) takes PREFIX/share/safetynet/rules/weihai,
# beside its bin/; --help says which folder and where it comes from.
# Usage: rules_location_test.sh SAFETYNET DATA_DIR BUILD_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
build=$3
source_rules=$(cd "$(dirname "$0")/../../rules/weihai" && pwd)

# From another folder (as cron runs it), without --rules: the source tree's rules.
mkdir "$work/elsewhere"
cd "$work/elsewhere"
"$safetynet" import --csv "$data/tiny" --out tiny.snap --as-of 2025-06-30 > /dev/null
"$safetynet" run --snapshot tiny.snap --as-of 2025-06-30 --out night > out.txt || fail "run without --rules"
grep -q "alerts: 331" out.txt || fail "run without --rules: $(cat out.txt)"
"$safetynet" rules check > out.txt || fail "rules check without a folder"
grep -q "^rules $source_rules: OK" out.txt || fail "rules check: the default folder: $(cat out.txt)"
"$safetynet" run --help | tr -s ' \n' ' ' > out.txt
grep -q -- "--rules DIR (=$source_rules)" out.txt || fail "run --help: the default: $(cat out.txt)"
grep -q "Here: from the source tree." out.txt || fail "run --help: where the default comes from"

# An installed copy finds the rules installed beside it.
cmake --install "$build" --prefix "$work/prefix" > /dev/null
installed=$work/prefix/bin/safetynet
[ -x "$installed" ] || fail "cmake --install put no bin/safetynet"
[ -f "$work/prefix/share/safetynet/rules/weihai/weihai.standards" ] || fail "the rules are not installed"
"$installed" rules check > out.txt || fail "installed rules check"
grep -q "^rules $work/prefix/share/safetynet/rules/weihai: OK" out.txt \
  || fail "installed copy: the default folder: $(cat out.txt)"
"$installed" run --snapshot tiny.snap --as-of 2025-06-30 --out night2 > out.txt || fail "installed run"
grep -q "alerts: 331" out.txt || fail "installed run: $(cat out.txt)"
"$installed" sweep --help | tr -s ' \n' ' ' > out.txt
grep -q -- "--rules DIR (=$work/prefix/share/safetynet/rules/weihai)" out.txt \
  || fail "installed sweep --help: the default: $(cat out.txt)"
grep -q "Here: installed with safetynet." out.txt || fail "installed sweep --help: where the default comes from"
echo "cli rules location: all checks passed"
