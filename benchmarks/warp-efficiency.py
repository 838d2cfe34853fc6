#!/usr/bin/env python3
"""SIMT lane efficiency of GPU launches, simulated from the attempt counts a run measured (README: "Lane refill on the GPU").

    python3 benchmarks/warp-efficiency.py RESULT.csv [--batch N] [--resident R ...]

RESULT.csv: `clustergpu export F.h5 --csv RESULT.csv` of a sweep or phase run (columns steps and rejected).
Every launch of N trajectories (default 262144, the default --batch-size) is simulated twice, warps of 32 threads, R
threads resident (default 33792 67584 135168), every resident warp advancing one attempt per time unit:
  one trajectory per thread: warps of 32 consecutive trajectories, each issuing its slowest thread's attempts, started
                             in order as resident slots free;
  persistent threads:        each thread takes the next trajectory (in index order) the moment its own ends; a warp
                             issues until its last thread's last trajectory ends.
Prints the useful fraction of issued lane-attempts (attempts / (32 x issued warp-iterations)) and the span of the
launches for both. The hand-over between trajectories is not charged; Python 3 standard library only.
"""
import argparse
import csv
import heapq

WARP = 32


def one_per_thread(attempts, resident):
    durations = [max(attempts[i:i + WARP]) for i in range(0, len(attempts), WARP)]
    free = [0] * max(1, resident // WARP)
    span = 0
    for d in durations:
        start = heapq.heappop(free)
        heapq.heappush(free, start + d)
        span = max(span, start + d)
    return sum(WARP * d for d in durations), span


def persistent(attempts, resident):
    resident = min(resident, len(attempts))
    free = [(0, t) for t in range(resident)]
    end = [0] * resident
    for a in attempts:
        start, thread = heapq.heappop(free)
        end[thread] = start + a
        heapq.heappush(free, (end[thread], thread))
    return sum(WARP * max(end[i:i + WARP]) for i in range(0, resident, WARP)), max(end)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv")
    parser.add_argument("--batch", type=int, default=262144)
    parser.add_argument("--resident", type=int, nargs="+", default=[33792, 67584, 135168])
    args = parser.parse_args()
    with open(args.csv, newline="") as f:
        attempts = [int(float(r["steps"])) + int(float(r["rejected"])) for r in csv.DictReader(f)]
    if not attempts:
        raise SystemExit(f"error: {args.csv} has no rows")
    useful = sum(attempts)
    print(f"{len(attempts)} trajectories, attempts {min(attempts)}..{max(attempts)} (mean {useful / len(attempts):.0f}), launches of {args.batch}")
    for resident in args.resident:
        totals = [0, 0, 0, 0]
        for k in range(0, len(attempts), args.batch):
            launch = attempts[k:k + args.batch]
            for j, value in enumerate(one_per_thread(launch, resident) + persistent(launch, resident)):
                totals[j] += value
        issued_one, span_one, issued_persistent, span_persistent = totals
        print(f"resident {resident}: useful/issued one per thread {useful / issued_one:.3f}, persistent {useful / issued_persistent:.3f}; "
              f"span {span_one} against {span_persistent} ({span_one / span_persistent:.2f}x shorter)")


if __name__ == "__main__":
    main()
