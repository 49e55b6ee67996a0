#!/usr/bin/env python3
"""Time to diagnosis of the sample app with memleak's defaults (docs/performance.md, "Escalation").

Starts the packaged sample app (sample-app/target/sample-app.jar) in its own JVM, sends a steady
leak (GET /owners/{id}, each call keeps an AuditLog$AuditEntry holding a byte[] of --bytes) plus
garbage traffic at a fixed rate, reads GET /actuator/memoryleak every --poll seconds and prints,
from the leak's start (the application's start):

  minutes to SUSPECTED, to the leaking class named among the suspects, to the leak site named,
  the pause memleak caused (from -Xlog:safepoint: heap inspections, JFR and heap-dump
  safepoints) and the escalations the report shows.

Every report is kept in results/NAME.jsonl, the JVM's safepoint log in results/NAME-safepoint.log.

  run.py NAME --heap 512m --leak 5 [--bytes 8192] [--garbage 100] [--minutes 30]
         [--ballast 1100] [--java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java] [--arg --memleak.x=y]...

--leak is in MiB per minute (0: no leak), --ballast in MiB of flat data held from startup.
"""
import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.environ.get("SAMPLE_JAR") or os.path.join(HERE, "..", "..", "..", "sample-app", "target", "sample-app.jar")
LEAK_CLASS = "dev.memleak.sample.AuditLog$AuditEntry"
LEAK_FRAME = "dev.memleak.sample.AuditLog.recordLookup("
MEMLEAK_SAFEPOINTS = ("GC_HeapInspection", "HeapDumper", "JFRCheckpoint", "JFRSafepointWrite", "JFROldObject")


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("--heap", default="512m")
    parser.add_argument("--leak", type=float, default=5.0, help="MiB per minute")
    parser.add_argument("--bytes", type=int, default=8192, help="bytes kept per leaking call")
    parser.add_argument("--garbage", type=float, default=100.0, help="garbage requests per second")
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--poll", type=float, default=15.0)
    parser.add_argument("--ballast", type=int, default=0, help="MiB of flat data")
    parser.add_argument("--java", default="java")
    parser.add_argument("--jvm", action="append", default=[], help="extra JVM option")
    parser.add_argument("--arg", action="append", default=[], help="extra application argument")
    parser.add_argument("--until-named", action="store_true", help="stop once class and site are named")
    return parser.parse_args()


class RateLoad:
    """Sends GETs at a fixed rate over a few keep-alive connections."""

    def __init__(self, port, per_second, path_of, threads=4):
        self.failures = 0
        self.sent = 0
        self.running = True
        self.lock = threading.Lock()
        self.interval = 1.0 / per_second if per_second > 0 else None
        self.path_of = path_of
        self.port = port
        self.next_at = time.monotonic()
        self.workers = [threading.Thread(target=self.work, daemon=True) for _ in range(threads)] if self.interval else []
        for worker in self.workers:
            worker.start()

    def take(self):
        with self.lock:
            at = self.next_at
            self.next_at += self.interval
            n = self.sent
            self.sent += 1
        return at, n

    def work(self):
        connection = http.client.HTTPConnection("localhost", self.port, timeout=60)
        while self.running:
            at, n = self.take()
            delay = at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                connection.request("GET", self.path_of(n))
                response = connection.getresponse()
                response.read()
                if response.status >= 500:
                    self.failures += 1
            except Exception:
                self.failures += 1
                connection.close()
                connection = http.client.HTTPConnection("localhost", self.port, timeout=60)

    def close(self):
        self.running = False


def get(port, path):
    connection = http.client.HTTPConnection("localhost", port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, body


def class_named(report):
    for suspect in report.get("suspects") or []:
        if suspect.get("className") == LEAK_CLASS or LEAK_CLASS in (suspect.get("likelyOwners") or []):
            return True
    return False


def site_named(report):
    for site in report.get("sites") or []:
        if site.get("leak") and any(frame.startswith(LEAK_FRAME) for frame in site.get("stackTrace") or []):
            return True
    return False


def memleak_pauses(log):
    total = {}
    if not os.path.exists(log):
        return total
    for line in open(log):
        m = re.search(r'Safepoint "([^"]+)".*Total: (\d+) ns', line)
        if m and m.group(1) in MEMLEAK_SAFEPOINTS:
            total[m.group(1)] = total.get(m.group(1), 0) + int(m.group(2)) / 1e6
    return total


def main():
    args = parse()
    results = os.path.join(HERE, "results")
    os.makedirs(results, exist_ok=True)
    jsonl = os.path.join(results, args.name + ".jsonl")
    safepoints = os.path.join(results, args.name + "-safepoint.log")
    applog = os.path.join(results, args.name + ".log")
    leak_rate = args.leak * 1024 * 1024 / 60 / args.bytes if args.leak > 0 else 0
    command = [args.java, "-Xmx" + args.heap, "-XX:+UseG1GC",
               "-Xlog:safepoint=info:file=" + safepoints + ":uptimemillis",
               "-Xlog:gc*=info:file=" + os.path.join(results, args.name + "-gc.log") + ":uptimemillis", *args.jvm, "-jar", JAR,
               "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=warn",
               "--logging.level.dev.memleak=info", "--logging.level.org.springframework.boot=info",
               "--sample.leak.enabled=" + ("true" if leak_rate > 0 else "false"),
               "--sample.leak.bytes-per-request=" + str(args.bytes) + "B", "--sample.carts.ttl=5s"]
    if args.ballast:
        command.append("--sample.ballast.size=" + str(args.ballast) + "MB")
    command += args.arg
    with open(applog, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    port = None
    deadline = time.monotonic() + 900
    while port is None and time.monotonic() < deadline:
        time.sleep(0.5)
        m = re.search(r"Tomcat started on port (\d+)", open(applog).read())
        if m:
            port = int(m.group(1))
        if process.poll() is not None:
            sys.exit("the sample app exited:\n" + open(applog).read())
    if port is None:
        process.kill()
        sys.exit("the sample app did not start")
    start = time.monotonic()
    loads = []
    if leak_rate > 0:
        loads.append(RateLoad(port, leak_rate, lambda n: "/owners/" + str(n), threads=2))
    if args.garbage > 0:
        # Garbage: report lines (short-lived), blobs of 64 KiB, carts that expire after 5 s.
        loads.append(RateLoad(port, args.garbage, lambda n: ("/reports/" + str(2000 + n % 20), "/blobs/65536",
                                                             "/carts/" + str(n % 400), "/owners")[n % 4]))
    first = {}
    report = {}
    try:
        with open(jsonl, "w") as out:
            while time.monotonic() - start < args.minutes * 60:
                time.sleep(args.poll)
                minutes = (time.monotonic() - start) / 60
                status, body = get(port, "/actuator/memoryleak")
                if status != 200:
                    continue
                report = json.loads(body)
                out.write(json.dumps({"minutes": round(minutes, 2), "report": report}) + "\n")
                out.flush()
                escalating = any(note.startswith("Escalation:") for note in report.get("notes") or [])
                for key, reached in (("suspected", report.get("status") == "SUSPECTED"),
                                     ("class", class_named(report)), ("site", site_named(report)),
                                     ("escalation", escalating), ("ok", report.get("status") == "OK")):
                    if reached and key not in first:
                        first[key] = minutes
                heap = report.get("heap") or {}
                print(f"{minutes:5.1f} min {report.get('status'):9} live {((heap.get('liveBytes') or 0) >> 20):5} MB "
                      f"growth {(heap.get('growthBytesPerSecond') or 0) / 1024:7.1f} KB/s "
                      f"samples {heap.get('samples')} | {(report.get('notes') or [''])[0][:110]}", flush=True)
                if args.until_named and "class" in first and "site" in first and \
                        time.monotonic() - start > first["site"] * 60 + 180:
                    break
    finally:
        for load in loads:
            load.close()
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
    pauses = memleak_pauses(safepoints)
    budget = report.get("pauses") or {}
    escalation = report.get("escalation") or budget.get("escalation")

    def at(key):
        return f"{first[key]:.1f}" if key in first else "-"

    summary = {"name": args.name, "heap": args.heap, "leakMiBPerMin": args.leak, "ballastMiB": args.ballast,
               "suspected": at("suspected"), "classNamed": at("class"), "siteNamed": at("site"),
               "escalation": at("escalation"), "firstOk": at("ok"),
               "memleakPausesSpentMs": budget.get("spentMillis"),
               "pauseMs": round(sum(pauses.values())), "pauseByOperation": {k: round(v) for k, v in pauses.items()},
               "finalStatus": report.get("status"), "loadFailures": sum(load.failures for load in loads)}
    print("SUMMARY " + json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
