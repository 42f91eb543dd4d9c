#!/usr/bin/env bash
# The command line a person meets (issue 14, item 5): every bad number,
# range, date, option or argument is bad usage (exit 2) before any work;
# every message is "safetynet COMMAND: ..." and ends with a newline; a
# missing snapshot is reported as that; progress only on a terminal; the
# small things (rules check lists the parameters in force, recalc --set says
# what it changed, inspect prints dates, explain takes an id as pasted).
# Usage: command_line_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3

"$safetynet" import --csv "$data/tiny" --out "$work/tiny.snap" --as-of 2025-06-30 > /dev/null
snap=(--snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-06-30)

# expect CODE COMMAND PATTERN -- ARGS...: safetynet ARGS exits CODE; its stderr starts with
# "safetynet COMMAND: ", holds PATTERN (grep -E) and ends with a newline.
expect() {
  local code=$1 command=$2 pattern=$3
  shift 4
  set +e
  "$safetynet" "$@" > "$work/out.txt" 2> "$work/err.txt"
  local got=$?
  set -e
  [ "$got" = "$code" ] || fail "exit $got, not $code, from: $* ($(cat "$work/err.txt"))"
  head -1 "$work/err.txt" | grep -q "^safetynet $command: " \
    || fail "message not prefixed 'safetynet $command:' from: $*: $(cat "$work/err.txt")"
  grep -qE -- "$pattern" "$work/err.txt" || fail "no '$pattern' from: $*: $(cat "$work/err.txt")"
  [ "$(tail -c 1 "$work/err.txt" | od -An -c | tr -d ' ')" = '\n' ] \
    || fail "message does not end with a newline from: $*"
}

# No folder may be left beside an output after a refusal: neither the output nor a staging folder.
nothing_written() {
  if ls -a "$work" | grep -qE "^\.?$1(\$|\.partial-)"; then fail "something written for $1: $(ls -a "$work")"; fi
}

# sweep: an empty, reversed or endless range is bad usage before any work.
sweep=(sweep "${snap[@]}" --param dibao.urban)
expect 2 sweep "--from 1000 is above --to 800" -- "${sweep[@]}" --from 1000 --to 800 --step 10 --out "$work/s1"
nothing_written s1
expect 2 sweep "--step must be above 0" -- "${sweep[@]}" --from 800 --to 1000 --step 0 --out "$work/s2"
expect 2 sweep "--step" -- "${sweep[@]}" --from 800 --to 1000 --step -5 --out "$work/s2"
expect 2 sweep "more than 1000 values" -- "${sweep[@]}" --from 0 --to 1000 --step 0.01 --out "$work/s2"
expect 2 sweep "--from" -- "${sweep[@]}" --from abc --to 1000 --step 10 --out "$work/s2"
expect 2 sweep "--proposed" -- "${sweep[@]}" --from 800 --to 1000 --step 10 --proposed abc --out "$work/s2"
expect 2 sweep "--proposed 1000.5 is outside --from 800 to --to 1000" -- "${sweep[@]}" --from 800 --to 1000 --step 10 --proposed 1000.5 --out "$work/s2"
expect 2 sweep "--proposed 92233720368547758.00: the standards cannot take this value" \
  -- "${sweep[@]}" --from 0 --to 92233720368547758.00 --step 92233720368547758.00 --proposed 92233720368547758.00 --out "$work/s2"
nothing_written s2
# one value is a sweep: from = to.
"$safetynet" "${sweep[@]}" --from 900 --to 900 --step 10 --out "$work/s3" > /dev/null
[ "$(($(wc -l < "$work/s3/sweep.csv") - 1))" = 1 ] || fail "a sweep of one value"
grep -q "<svg" "$work/s3/sweep.html" || fail "the chart of a sweep of one value"

# Every numeric option of every command: out of range, not a number, NaN.
expect 2 synth "--scale must be above 0 and at most 100, not 0" -- synth --scale 0 --out "$work/y"
expect 2 synth "--scale must be above 0" -- synth --scale -1 --out "$work/y"
expect 2 synth "--scale must be above 0" -- synth --scale nan --out "$work/y"
expect 2 synth "--scale must be above 0" -- synth --scale 101 --out "$work/y"
expect 2 synth "--signal-scale must be above 0" -- synth --signal-scale 0 --out "$work/y"
expect 2 synth "--seed must be at least 0" -- synth --seed -1 --out "$work/y"
expect 2 synth "seed" -- synth --seed 1.5 --out "$work/y"
nothing_written y
expect 2 import "--max-reject-rate must be at least 0 and at most 100, not 101" \
  -- import --csv "$data/tiny" --out "$work/x.snap" --max-reject-rate 101
expect 2 import "--max-reject-rate must be at least 0" -- import --csv "$data/tiny" --out "$work/x.snap" --max-reject-rate -1
nothing_written x.snap
capacity=(capacity --rules "$rules" --scratch "$work" --out "$work/c")
expect 2 capacity "--repetitions must be at least 1 and at most 100, not 0" -- "${capacity[@]}" --repetitions 0
expect 2 capacity "--cores must be at least 1" -- "${capacity[@]}" --cores 0
expect 2 capacity "--memory-gib must be above 0" -- "${capacity[@]}" --memory-gib -1
expect 2 capacity "--window-hours must be above 0 and at most 24" -- "${capacity[@]}" --window-hours 25
expect 2 capacity "--scales: each value must be larger than the one before" -- "${capacity[@]}" --scales 1,0.5
expect 2 capacity "--scales must be above 0" -- "${capacity[@]}" --scales 0,1
expect 2 capacity "--scales needs at least two sizes" -- "${capacity[@]}" --scales 1
expect 2 capacity "--scales: '1x' is not a number" -- "${capacity[@]}" --scales 0.5,1x
expect 2 capacity "--threads must be at least 1" -- "${capacity[@]}" --threads 0,1
nothing_written c

# Dates: the form, and a day that does not exist.
expect 2 run "--as-of '2025-02-30' is not a real date" -- run --snapshot "$work/tiny.snap" --as-of 2025-02-30 --out "$work/n"
expect 2 run "--as-of '2025/06/30' is not a date of the form YYYY-MM-DD" \
  -- run --snapshot "$work/tiny.snap" --as-of 2025/06/30 --out "$work/n"
expect 2 recalc "--to '2025-13-01' is not a real date" -- recalc "${snap[@]}" --to 2025-13-01 --out "$work/n"
expect 2 "rules check" "--as-of '2025-02-29' is not a real date" -- rules check "$rules" --as-of 2025-02-29

# Abbreviated options and stray arguments are errors.
expect 2 run "unrecognised option '--thread'" -- run "${snap[@]}" --thread 2 --out "$work/n"
expect 2 run "unexpected argument 'tonight'" -- run "${snap[@]}" --out "$work/n" tonight
expect 2 inspect "unexpected argument" -- inspect "$work/tiny.snap" "$work/tiny.snap"
expect 2 "rules check" "unexpected argument" -- rules check "$rules" "$rules"
expect 2 explain "unrecognised option '--subj'" -- explain "${snap[@]}" --subj HH37100200000080
expect 2 run "required but missing" -- run --as-of 2025-06-30 --out "$work/n"
nothing_written n

# A missing snapshot is reported as that (exit 1), before the rules are read.
expect 1 run "--snapshot $work/none.snap: No such file" \
  -- run --snapshot "$work/none.snap" --rules "$work/no-rules" --as-of 2025-06-30 --out "$work/n"
if grep -q "rules" "$work/err.txt"; then fail "a missing snapshot reported with the rules: $(cat "$work/err.txt")"; fi
expect 1 explain "--snapshot $work/none.snap: No such file" \
  -- explain --snapshot "$work/none.snap" --rules "$work/no-rules" --as-of 2025-06-30 --subject HH37100200000080
expect 1 recalc "--snapshot $work/none.snap: No such file" \
  -- recalc --snapshot "$work/none.snap" --as-of 2025-06-30 --to 2025-07-01 --out "$work/n"
nothing_written n
# Rules that cannot be read: prefixed, exit 1.
expect 1 run "cannot open the rules folder $work/no-rules" \
  -- run --snapshot "$work/tiny.snap" --rules "$work/no-rules" --as-of 2025-06-30 --out "$work/n"

# Progress: on a terminal for run and sweep, never when stderr is not one.
"$safetynet" run "${snap[@]}" --out "$work/night" > /dev/null 2> "$work/err.txt"
[ ! -s "$work/err.txt" ] || fail "run printed to a stderr that is not a terminal: $(cat "$work/err.txt")"
script -qec "'$safetynet' run --snapshot '$work/tiny.snap' --rules '$rules' --as-of 2025-06-30 --out '$work/night'" \
  /dev/null > "$work/tty.txt"
grep -q "running:.*evaluate 100%.*write 100%" "$work/tty.txt" || fail "run progress on a terminal: $(cat "$work/tty.txt")"
script -qec "'$safetynet' run --snapshot '$work/tiny.snap' --rules '$rules' --as-of 2025-06-30 --out '$work/night' --by-district" \
  /dev/null > "$work/tty.txt"
grep -q "running:.*districts 100%" "$work/tty.txt" || fail "run --by-district progress: $(cat "$work/tty.txt")"
script -qec "'$safetynet' ${sweep[*]} --from 850 --to 950 --step 50 --out '$work/sw'" /dev/null > "$work/tty.txt"
grep -q "sweeping:.*values 100%" "$work/tty.txt" || fail "sweep progress on a terminal: $(cat "$work/tty.txt")"
"$safetynet" "${sweep[@]}" --from 850 --to 950 --step 50 --out "$work/sw" > /dev/null 2> "$work/err.txt"
[ ! -s "$work/err.txt" ] || fail "sweep printed to a stderr that is not a terminal: $(cat "$work/err.txt")"

# rules check lists the parameters with the values in force, by the names --set and --param take.
"$safetynet" rules check "$rules" --as-of 2025-06-30 > "$work/out.txt"
grep -q "parameters in force on 2025-06-30 (standards of 2024-07-01" "$work/out.txt" || fail "rules check: parameters"
grep -q "^    dibao.urban = 890.00 yuan$" "$work/out.txt" || fail "rules check: dibao.urban: $(cat "$work/out.txt")"
grep -q "^    tekun.basic.rural = .* yuan  (derived)$" "$work/out.txt" || fail "rules check: a derived parameter"
"$safetynet" rules check "$rules" --as-of 2025-07-01 > "$work/out.txt"
grep -q "^    dibao.urban = 940.00 yuan$" "$work/out.txt" || fail "rules check --as-of: the value then"

# recalc --set says which values it changed, and which followed.
"$safetynet" recalc "${snap[@]}" --set dibao.urban=1000 --out "$work/r" > "$work/out.txt"
grep -q "standards of 2024-07-01, values changed:" "$work/out.txt" || fail "recalc --set header: $(cat "$work/out.txt")"
grep -q "dibao.urban: 890.00 -> 1000.00 (set)$" "$work/out.txt" || fail "recalc --set: the value set"
grep -q "tekun.basic.urban: .* (derived: follows its formula)" "$work/out.txt" || fail "recalc --set: a derived value"
grep -q '"name": "dibao.urban", "old": "890.00", "new": "1000.00", "how": "set"' "$work/r/recalc_summary.json" \
  || fail "recalc_summary.json: the value set: $(cat "$work/r/recalc_summary.json")"
grep -q '"name": "tekun.basic.urban", .*"how": "derived"' "$work/r/recalc_summary.json" \
  || fail "recalc_summary.json: a derived value"
# A derived parameter the user sets is set, not derived.
"$safetynet" recalc "${snap[@]}" --set tekun.basic.urban=2000 --out "$work/r2" > "$work/out.txt"
grep -q "tekun.basic.urban: .* -> 2000.00 (set)$" "$work/out.txt" || fail "recalc --set a derived value: $(cat "$work/out.txt")"
grep -q "derived" "$work/out.txt" && fail "recalc --set a derived value says derived: $(cat "$work/out.txt")"
# A value set twice, a swept value also set, a value that breaks a formula: usage errors naming them.
expect 2 recalc "--set dibao.urban is given more than once" \
  -- recalc "${snap[@]}" --set dibao.urban=1000 --set dibao.urban=1100 --out "$work/n"
expect 2 recalc "--set dibao is given more than once" \
  -- recalc "${snap[@]}" --set dibao.urban=1000 --set dibao=1100 --out "$work/n"
expect 2 sweep "--param dibao.urban is also given to --set" \
  -- "${sweep[@]}" --from 800 --to 900 --step 50 --set dibao.urban=5 --out "$work/n"
expect 2 recalc "--set dibao.urban=92233720368547758.07: the standards cannot take this value: .*the formula of marginal.line overflows" \
  -- recalc "${snap[@]}" --set dibao.urban=92233720368547758.07 --out "$work/n"
expect 2 sweep "--from 92233720368547758.00: the standards cannot take this value: .*the formula of marginal.line" \
  -- "${sweep[@]}" --from 92233720368547758.00 --to 92233720368547758.00 --step 1 --out "$work/n"
expect 2 sweep "--param: unknown parameter 'nosuch'" \
  -- sweep "${snap[@]}" --param nosuch --from 1 --to 3 --step 1 --out "$work/n"
expect 2 sweep "--param: unknown parameter 'dibao.urbn' \(did you mean 'dibao.urban'\?\)" \
  -- sweep "${snap[@]}" --param dibao.urbn --from 1 --to 3 --step 1 --out "$work/n"
nothing_written n

# inspect prints when the snapshot was made as a date and time.
"$safetynet" inspect "$work/tiny.snap" > "$work/out.txt"
grep -qE "created +20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} UTC$" "$work/out.txt" \
  || fail "inspect created: $(cat "$work/out.txt")"

# explain takes an id as pasted: blanks around it, a lower-case x.
"$safetynet" explain "${snap[@]}" --subject " 37100219350903001x " > "$work/out.txt" \
  || fail "explain with blanks and a lower-case x"
grep -q "E1_VISIT_OVERDUE: FIRED" "$work/out.txt" || fail "explain: $(cat "$work/out.txt")"

# The small things: --help with a stray argument, a missing bare argument, a
# second one, an unknown subcommand, an empty subject, a wrong check character,
# numbers as given, each usage line complete, run --help names undecided.csv.
expect 2 run "unexpected argument 'extra'" -- run -h extra
expect 2 inspect "the snapshot argument is missing" -- inspect
expect 2 inspect "unexpected argument 'b' \(one bare argument only: the snapshot\)" -- inspect a b
expect 2 rules "unknown subcommand 'chek': the one subcommand is 'check'" -- rules chek
expect 1 "rules check" "the rules in $work/none cannot be used: " -- rules check "$work/none"
[ "$(wc -l < "$work/err.txt")" = 1 ] || fail "rules check of no folder: more than one line: $(cat "$work/err.txt")"
expect 2 explain "--subject is empty" -- explain "${snap[@]}" --subject ""
expect 2 explain "--subject is empty" -- explain "${snap[@]}" --subject "  "
expect 1 explain "the check character of this resident id is wrong \(for its first 17 digits it is X\)" \
  -- explain "${snap[@]}" --subject 371002193509030011
expect 2 synth "--scale must be above 0 and at most 100, not 100.0001" -- synth --scale 100.0001 --out "$work/y"
expect 2 capacity "--memory-gib must be above 0 and at most 16777216, not 1e\+30" -- "${capacity[@]}" --memory-gib 1e30
expect 2 capacity "--scales: 1e-06 is too small: the city preset x1e-06 has 0 household\(s\).*use at least 3.4e-06" \
  -- "${capacity[@]}" --scales 0.000001,0.000002
nothing_written c
# (Into a file: `grep -q` would stop reading early and fail the pipeline.)
"$safetynet" run --help > "$work/help.txt"
grep -q "undecided.csv" "$work/help.txt" || fail "run --help does not name undecided.csv"
for option in --scale --signal-scale --as-of --dirty --rules --format --seed; do
  "$safetynet" synth --help | sed -n '1,/^$/p' | grep -q -- "$option" || fail "synth usage lacks $option"
done
for option in --scratch --rules --scales --threads --repetitions --cores --memory-gib --window-hours --out; do
  "$safetynet" capacity --help | sed -n '1,/^$/p' | grep -q -- "$option" || fail "capacity usage lacks $option"
done
for option in --mask-ids --eligibility --deceased; do
  "$safetynet" recalc --help | sed -n '1,/^$/p' | grep -q -- "$option" || fail "recalc usage lacks $option"
done
for option in --set --eligibility --deceased; do
  "$safetynet" sweep --help | sed -n '1,/^$/p' | grep -q -- "$option" || fail "sweep usage lacks $option"
done

echo "cli command line: all checks passed"
