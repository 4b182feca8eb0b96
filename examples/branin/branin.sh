#!/bin/sh
# Reports Branin's value at ($1, $2) over three iterations, approaching the
# true value as a training curve would (the last iteration is exact).
set -e
x1=$1
x2=$2
for i in 1 2 3; do
  value=$(awk -v x1="$x1" -v x2="$x2" -v i="$i" 'BEGIN {
    pi = atan2(0, -1); b = 5.1 / (4 * pi * pi); c = 5 / pi; t = 1 / (8 * pi);
    f = (x2 - b * x1 * x1 + c * x1 - 6) ^ 2 + 10 * (1 - t) * cos(x1) + 10;
    printf "%.10g", f * (1 + (3 - i) * 0.5) }')
  answer=$(summit report --iteration "$i" --objective "$value")
  if [ "$answer" = stop ]; then exit 0; fi
done
