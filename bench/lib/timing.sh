# Shell functions shared by the fresh-process benchmarks (sourced, not run).

# median FILE COLUMN: the median of a column of numbers in FILE.
median() {
  awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END {
    print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# divide A B: A / B.
divide() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }

# timed TIMES_FILE COMMAND...: runs COMMAND (its stdout to TIMES_FILE.out)
# and appends "wall user system minor-faults peak-KB" to TIMES_FILE.
timed() {
  local times=$1
  shift
  /usr/bin/time -f "%e %U %S %R %M" -a -o "$times" "$@" > "$times.out"
}
