#!/usr/bin/env bash
# Engine benchmarks at full length (issue 3 §9, issue 4 §6): prints median wall times.
#
#   scripts/bench.sh            # all workloads (about 2.5 min on the 2-core reference machine)
#   scripts/bench.sh --quick    # fewer repetitions
#
# 1. 1C discharge of the default design and 1000 C/2 cycles (`natrium bench`, median of N runs)
# 2. 1000 cycles at 0.1 mA/cm² of the BaTiO3/C anode-free design with every submodel on
# 3. a 10,000-cycle run streaming its time series to disk: wall time and peak resident memory
# 4. workload 1 with the cathode in its single-particle limit (`--model cathode=spm`), the
#    reduced model for long cycling sweeps
#
# The criterion versions of 1 and 2 (10 cycles per iteration) run with `cargo bench -p natrium`.
set -euo pipefail
cd "$(dirname "$0")/.."

repeat=5
if [[ "${1:-}" == "--quick" ]]; then repeat=1; fi

cargo build --release --quiet
bin=target/release/natrium
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== default design: 1C discharge and 1000 cycles at C/2 (median of $repeat)"
"$bin" bench --cycles 1000 --repeat "$repeat"

echo
echo "== nvp-nzsp-batio3c-al, every submodel on: 1000 cycles at 0.1 mA/cm² (median of $repeat)"
"$bin" bench --cell nvp-nzsp-batio3c-al --every-submodel --no-discharge --cycles 1000 \
    --repeat "$repeat" \
    --cycle "Charge at 0.1 mA/cm2 until 3.8 V; Discharge at 0.1 mA/cm2 until 2.0 V"

echo
echo "== default design, single-particle cathode (--model cathode=spm): 1C discharge and 1000 cycles at C/2 (median of $repeat)"
"$bin" bench --model cathode=spm --cycles 1000 --repeat "$repeat"

echo
echo "== 10,000 cycles at C/2 streamed to disk (time series every 10 min)"
echo "Repeat 10000 times: [Charge at C/2 until 3.8 V; Discharge at C/2 until 2.5 V]" > "$tmp/p.txt"
if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f "wall %e s, peak resident memory %M kB" \
        "$bin" simulate nvp-nzsp-thin-target --protocol "$tmp/p.txt" --out "$tmp/out" \
        --min-interval "10 min" --no-plots --quiet
else
    start=$(date +%s.%N)
    "$bin" simulate nvp-nzsp-thin-target --protocol "$tmp/p.txt" --out "$tmp/out" \
        --min-interval "10 min" --no-plots --quiet
    echo "wall $(echo "$(date +%s.%N) - $start" | bc) s (install GNU time for peak memory)"
fi
echo "time series: $(wc -l < "$tmp/out/timeseries.csv") rows, $(du -h "$tmp/out/timeseries.csv" | cut -f1)"
