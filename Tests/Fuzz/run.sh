#!/usr/bin/env bash
# Builds the libFuzzer targets (Tests/Fuzz/Targets) into .build-fuzz and runs each for a fixed time on the
# committed corpus (Tests/Fuzz/Corpus/TARGET). A crash, a sanitizer report, a leak, an out-of-memory or a
# time-out fails the script (non-zero exit) and leaves the input in .build-fuzz/findings.
#
#   Tests/Fuzz/run.sh                      every target, FUZZ_SECONDS (default 30) each
#   Tests/Fuzz/run.sh FuzzCSV FuzzNPY      only those
#   FUZZ_SECONDS=3600 Tests/Fuzz/run.sh FuzzEvaluator    an hour (Tests/Fuzz/README.md)
#   FUZZ_SEED (default 1: CI's runs take the same mutation path every time; 0 lets libFuzzer pick one)
#   FUZZ_BUILD_ONLY=1 Tests/Fuzz/run.sh    build, do not run
#
# New inputs that libFuzzer finds go to .build-fuzz/corpus/TARGET, not into the committed corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."

ALL=(FuzzSyntax FuzzEvaluator FuzzNotebook FuzzCSV FuzzIDX FuzzNPY FuzzNPZ FuzzSafetensors FuzzModel FuzzCheckpoint)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")
SECONDS_EACH="${FUZZ_SECONDS:-30}"
SCRATCH=.build-fuzz

dictionary() {
    case "$1" in
        FuzzSyntax|FuzzEvaluator) echo Tests/Fuzz/Dictionaries/dlnb.dict ;;
        FuzzNotebook) cat Tests/Fuzz/Dictionaries/notebook.dict Tests/Fuzz/Dictionaries/dlnb.dict > "$SCRATCH/notebook-all.dict"
                      echo "$SCRATCH/notebook-all.dict" ;;
        FuzzCSV) echo Tests/Fuzz/Dictionaries/csv.dict ;;
        FuzzIDX) echo Tests/Fuzz/Dictionaries/idx.dict ;;
        FuzzNPY|FuzzNPZ) echo Tests/Fuzz/Dictionaries/npy.dict ;;
        FuzzSafetensors) echo Tests/Fuzz/Dictionaries/safetensors.dict ;;
        FuzzModel) echo Tests/Fuzz/Dictionaries/model.dict ;;
        FuzzCheckpoint) cat Tests/Fuzz/Dictionaries/checkpoint.dict Tests/Fuzz/Dictionaries/model.dict > "$SCRATCH/checkpoint-all.dict"
                        echo "$SCRATCH/checkpoint-all.dict" ;;
    esac
}

export DLNB_FUZZ=1
export SWIFT_BACKTRACE=enable=no
# A debug build: the numeric targets are optimized anyway (Package.swift), and the modules rebuild
# incrementally. -sanitize=fuzzer adds libFuzzer's coverage instrumentation and its main.
for target in "${TARGETS[@]}"; do
    echo "fuzz: building $target"
    swift build --scratch-path "$SCRATCH" --product "$target" -Xswiftc -sanitize=fuzzer,address -Xswiftc -g 2>&1 \
        | grep -v "^\[" || true
    [ -x "$SCRATCH/debug/$target" ] || { echo "fuzz: building $target failed" >&2; exit 1; }
done
[ -z "${FUZZ_BUILD_ONLY:-}" ] || exit 0

mkdir -p "$SCRATCH/findings"
failed=()
for target in "${TARGETS[@]}"; do
    mkdir -p "$SCRATCH/corpus/$target"
    log="$SCRATCH/$target.log"
    echo "fuzz: running $target for ${SECONDS_EACH}s"
    # Scratch corpus first (libFuzzer writes new inputs there), the committed seeds second.
    if ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:quarantine_size_mb=64" \
        "$SCRATCH/debug/$target" "$SCRATCH/corpus/$target" "Tests/Fuzz/Corpus/$target" \
        -dict="$(dictionary "$target")" -max_total_time="$SECONDS_EACH" -seed="${FUZZ_SEED:-1}" -timeout=30 -rss_limit_mb=3072 \
        -max_len=65536 -print_final_stats=1 -close_fd_mask=1 \
        -artifact_prefix="$SCRATCH/findings/$target-" > "$log" 2>&1; then
        grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)" "$log" \
            | sed "s/^/fuzz: $target /" || true
    else
        echo "fuzz: $target FAILED; the end of its log ($log):" >&2
        tail -n 60 "$log" >&2
        for finding in "$SCRATCH/findings/$target-"*; do
            [ -f "$finding" ] || continue
            echo "fuzz: input $finding (base64):" >&2
            base64 "$finding" | head -c 4000 >&2; echo >&2
        done
        failed+=("$target")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: findings in ${failed[*]}; reproduce with $SCRATCH/debug/TARGET FILE" >&2
    exit 1
fi
echo "fuzz: no findings"
