#!/usr/bin/env python3
"""Throughput while escalated: interleaved A/B of the same jar (docs/performance.md, "Escalation").

A = memleak on, measured while the escalation gathers evidence (heap snapshots, leak-site
recording and emissions); B = --memleak.enabled=false. Both run the same leak (GET /owners/{id}
keeps 8 KiB, 20 MiB/min, from a paced client) and the same detection settings, shortened so that a
leak is suspected within a couple of minutes (window 3m, min-duration 60s, min-samples 6, G1 marking
from 10% occupancy and at least every 15 s); the escalation and the pause budget keep their defaults. In each round A and B
run back to back, alternating which goes first, each in a fresh JVM. Once A's report says the
escalation gathers evidence with the leak-site recording on (the status is SUSPECTED: JFR's
old-object sampler runs and emits, the heap snapshots' burst may still run; B waits as long), wrk
warms up on GET /owners/42/pets/1 and then measures it; the script prints requests/s per run, the
per-round ratios A/B and their median, the pauses memleak caused in A's measured window (from
-Xlog:safepoint) and whether A was still escalated at the end of it.

  ab.py ROUNDS MEASURE_SECONDS [WARMUP_SECONDS]
"""
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.environ.get("SAMPLE_JAR") or os.path.join(HERE, "..", "..", "..", "sample-app", "target", "sample-app.jar")
PORT = int(os.environ.get("PORT", "18191"))
DETECTION = ["--memleak.detection.window=3m", "--memleak.detection.min-duration=60s",
             "--memleak.detection.min-samples=6"]
# A G1 marking cycle every 15 s while the load is only the leak's: before the measured window
# young collections are rare, so without it floor points, and the escalation, came after 100 to
# 490 s, at random. Under wrk's load collections are frequent and no periodic cycle runs.
JVM = ["-Xmx512m", "-XX:+UseG1GC", "-XX:InitiatingHeapOccupancyPercent=10", "-XX:-G1UseAdaptiveIHOP",
       "-XX:G1PeriodicGCInterval=15000"]
MEMLEAK_SAFEPOINTS = ("GC_HeapInspection", "HeapDumper", "JFRCheckpoint", "JFRSafepointWrite", "JFROldObject")


def get(path):
    connection = http.client.HTTPConnection("localhost", PORT, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, body


def leak(stop):
    """20 MiB/min of 8 KiB entries: 42.7 calls a second."""
    connection = http.client.HTTPConnection("localhost", PORT, timeout=30)
    interval = 8192 / (20 * 1024 * 1024 / 60)
    n = 0
    next_at = time.monotonic()
    while not stop.is_set():
        next_at += interval
        try:
            connection.request("GET", "/owners/" + str(n))
            connection.getresponse().read()
        except Exception:
            connection.close()
            connection = http.client.HTTPConnection("localhost", PORT, timeout=30)
        n += 1
        delay = next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def escalated(report):
    """An escalation runs and the status is SUSPECTED, so the leak-site recording is on."""
    return report["status"] == "SUSPECTED" and \
        any(note.startswith("Escalation: memleak has been gathering") for note in report["notes"])


def wrk(seconds):
    out = subprocess.run(["wrk", "-t1", "-c8", "-d" + str(seconds) + "s", "http://localhost:%d/owners/42/pets/1" % PORT],
                         capture_output=True, text=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def safepoints(log, from_ms, to_ms):
    """Milliseconds the JVM stood at each kind of safepoint between two uptimes."""
    spent = {}
    for line in open(log):
        m = re.search(r"\[(\d+)ms\].*Safepoint \"([^\"]+)\".*Total: (\d+) ns", line)
        if m and from_ms <= int(m.group(1)) <= to_ms:
            spent[m.group(2)] = spent.get(m.group(2), 0.0) + int(m.group(3)) / 1e6
    return spent


def thread_cpu(pid):
    """CPU ticks per thread group of a process, threads named alike (digits dropped) summed."""
    ticks = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            stat = open("/proc/%d/task/%s/stat" % (pid, tid)).read()
        except OSError:
            continue
        name = re.sub(r"\d+", "#", stat[stat.index("(") + 1:stat.rindex(")")])
        fields = stat[stat.rindex(")") + 2:].split()
        ticks[name] = ticks.get(name, 0) + int(fields[11]) + int(fields[12])
    return ticks


def machine():
    """The machine's CPU ticks: user+nice, system, idle+iowait, steal."""
    fields = [int(f) for f in open("/proc/stat").readline().split()[1:9]]
    return fields[0] + fields[1], fields[2] + fields[5] + fields[6], fields[3] + fields[4], fields[7]


def cpu_since(before, after):
    """Seconds of CPU per thread group between two snapshots, the largest first."""
    hertz = os.sysconf("SC_CLK_TCK")
    spent = {name: (after[name] - before.get(name, 0)) / hertz for name in after}
    return sorted(((s, n) for n, s in spent.items() if s >= 0.05), reverse=True)


def run(variant, wait_for, measure, warmup):
    log = "/tmp/escalation-ab-%s-safepoint.log" % variant
    args = ["java", *JVM, "-Xlog:safepoint=info:file=" + log + ":uptimemillis", "-jar", JAR,
            "--server.port=%d" % PORT, "--logging.level.root=warn", "--sample.leak.enabled=true",
            "--sample.leak.bytes-per-request=8192B", *DETECTION]
    if variant == "B":
        args.append("--memleak.enabled=false")
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    stop = threading.Event()
    try:
        while True:
            try:
                if get("/actuator/health")[0] == 200:
                    break
            except Exception:
                pass
            time.sleep(0.5)
        threading.Thread(target=leak, args=(stop,), daemon=True).start()
        waited = None
        while waited is None:
            time.sleep(2)
            elapsed = time.monotonic() - started
            if variant == "A":
                report = json.loads(get("/actuator/memoryleak")[1])
                if escalated(report):
                    waited = elapsed
                elif elapsed > 600:
                    raise SystemExit("no escalation within 10 minutes")
            elif elapsed >= wait_for:
                waited = elapsed
        wrk(warmup)
        uptime_from = (time.monotonic() - started) * 1000
        cpu_before, machine_before = thread_cpu(process.pid), machine()
        rps = wrk(measure)
        cpu = cpu_since(cpu_before, thread_cpu(process.pid))
        hertz = os.sysconf("SC_CLK_TCK")
        user, system, idle, steal = ((a - b) / hertz for a, b in zip(machine(), machine_before))
        uptime_to = (time.monotonic() - started) * 1000
        state = ""
        if variant == "A":
            report = json.loads(get("/actuator/memoryleak")[1])
            state = ("still escalated; " if escalated(report) else "NOT escalated any more; ") + " ".join(
                note[:70] for note in report["notes"] if note.startswith(("Leak site", "Escalation leak sites")))
        # Uptime in the log counts from the JVM's start, a little before ours.
        spent = safepoints(log, uptime_from - 2000, uptime_to + 2000)
        paused = sum(ms for name, ms in spent.items() if name in MEMLEAK_SAFEPOINTS)
        print(f"  {variant} safepoints (ms): " + ", ".join(f"{n} {ms:.0f}" for n, ms in sorted(spent.items())), flush=True)
        print(f"  {variant} machine CPU (s): user {user:.1f}, system {system:.1f}, idle {idle:.1f}, steal {steal:.1f}; "
              f"the JVM {sum(s for s, n in cpu):.1f}", flush=True)
        print(f"  {variant} CPU (s) by thread: " + ", ".join(f"{n} {s:.1f}" for s, n in cpu), flush=True)
        return rps, waited, paused, state
    finally:
        stop.set()
        process.terminate()
        process.wait(30)


def main():
    rounds = int(sys.argv[1])
    measure = int(sys.argv[2])
    warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    results = {"A": [], "B": []}
    wait_for = 120
    for round_ in range(rounds):
        order = ("A", "B") if round_ % 2 == 0 else ("B", "A")
        for variant in order:
            rps, waited, paused, state = run(variant, wait_for, measure, warmup)
            if variant == "A":
                wait_for = waited
            results[variant].append(rps)
            print(f"round {round_ + 1} {variant} {rps:9.0f} req/s after {waited:5.0f} s; memleak paused "
                  f"{paused:6.0f} ms in the measured window {state}", flush=True)
    ratios = sorted(a / b for a, b in zip(results["A"], results["B"]))
    print("A runs", [round(x) for x in results["A"]], "median", round(statistics.median(results["A"])))
    print("B runs", [round(x) for x in results["B"]], "median", round(statistics.median(results["B"])))
    print("per-round A/B", [round(r, 3) for r in ratios], "median", round(statistics.median(ratios), 3))


if __name__ == "__main__":
    main()
