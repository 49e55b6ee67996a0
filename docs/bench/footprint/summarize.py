"""Summarizes a footprint benchmark directory written by run.sh (see its header)."""
import json
import os
import re
import sys
from datetime import datetime

OUT = sys.argv[1]
EXPECTED = {"direct-buffers": "direct_buffers", "threads": "threads", "class-loaders": "metaspace",
            "unsafe": "nmt_other", "native": "untracked_native", "oom": "nmt_other", "steady": None}
MIB_PER_HOUR = 3600 * 1048576


def reports(name):
    path = os.path.join(OUT, name + ".jsonl")
    if not os.path.exists(path):
        return []
    return [json.loads(line) for line in open(path) if line.strip()]


def categories(report):
    return {c["category"]: c for c in (report.get("footprint") or {}).get("categories", [])}


def log_time(name, pattern):
    """Epoch seconds of the first log line matching pattern (Spring Boot's ISO timestamps)."""
    for line in open(os.path.join(OUT, name + ".log"), errors="replace"):
        if re.search(pattern, line):
            return datetime.fromisoformat(line.split()[0].replace("Z", "+00:00")).timestamp()
    return None


def minutes(seconds):
    return "-" if seconds is None else f"{seconds / 60:.1f} min"


print("Times from the start of the leak (the sample's \"Leaking ...\" log line; steady: the first sample).")
print()
print("| scenario | JVM start to leak start | expected category | WATCH after | SUSPECTED after "
      "| growth reported at detection | other categories ever SUSPECTED | WATCH seen elsewhere |")
print("|---|---|---|---|---|---|---|---|")
for name, expected in EXPECTED.items():
    runs = reports(name)
    if not runs:
        continue
    launched = int(open(os.path.join(OUT, name + ".start")).read())
    start = log_time(name, "Leaking|memleak: memory budget") or launched
    watch = suspected = growth = None
    others, watched = set(), set()
    for line in runs:
        at, cats = line["at"] - start, categories(line["report"])
        for category, value in cats.items():
            if category == expected:
                if value["status"] in ("WATCH", "SUSPECTED") and watch is None:
                    watch = at
                if value["status"] == "SUSPECTED" and suspected is None:
                    suspected = at
                    if category == "threads":
                        growth = f"{value['countGrowthPerHour'] / 3600:.2f} threads/s"
                    else:
                        growth = f"{value['growthBytesPerHour'] / MIB_PER_HOUR:.2f} MiB/s"
            elif value["status"] == "SUSPECTED":
                others.add(category)
            elif value["status"] == "WATCH":
                watched.add(category)
    print(f"| {name} | {minutes(start - launched)} | {expected or 'none'} | {minutes(watch)} | {minutes(suspected)} | {growth or '-'} "
          f"| {', '.join(sorted(others)) or 'none'} | {', '.join(sorted(watched)) or 'none'} |")

runs = reports("oom")
if runs and os.path.exists(os.path.join(OUT, "oom.end")):
    start = log_time("oom", "Leaking") or int(open(os.path.join(OUT, "oom.start")).read())
    end = int(open(os.path.join(OUT, "oom.end")).read())
    kills = open(os.path.join(OUT, "oom.kills")).read().strip()
    print()
    print(f"OOM run: ended {(end - start) / 60:.1f} min after the leak started, OOM kills in the cgroup: {kills}. "
          "Projected time to the limit against the real kill, at each report from detection on:")
    print()
    print("| report at | status of nmt_other | projected in | actually in | error |")
    print("|---|---|---|---|---|")
    detected = False
    for line in runs:
        cats = categories(line["report"])
        status = cats.get("nmt_other", {}).get("status")
        detected = detected or status == "SUSPECTED"
        container = (line["report"].get("footprint") or {}).get("container") or {}
        projected = container.get("projectedLimitReached")
        if not detected or projected is None:
            continue
        reached = datetime.fromisoformat(projected.replace("Z", "+00:00")).timestamp()
        ahead, actual = reached - line["at"], end - line["at"]
        if actual < 20:
            continue
        print(f"| {minutes(line['at'] - start)} | {status} | {ahead:.0f} s | {actual:.0f} s | {100 * (ahead - actual) / actual:+.0f}% |")
