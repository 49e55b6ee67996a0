#!/usr/bin/env python3
"""Throughput of one escalated JVM per slice under wrk, before and after an action on memleak's
leak-site recording (docs/performance.md, "Throughput while escalated"): the same JVM, leak and
settings as bench/escalation/ab.py's A; once escalated, SLICES slices of 5 s, then ACTION (stop:
jcmd JFR.stop of memleak's recording "memleak-sites"; none: nothing), then SLICES more.

  escalated-timeline.py JAR ACTION SLICES
"""
import json, os, re, subprocess, sys, threading, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "escalation"))
import ab

JAR, action, slices = sys.argv[1], sys.argv[2], int(sys.argv[3])
ab.JAR = JAR
args = ["java", *ab.JVM, "-jar", JAR, "--server.port=%d" % ab.PORT, "--logging.level.root=warn",
        "--sample.leak.enabled=true", "--sample.leak.bytes-per-request=8192B", *ab.DETECTION]
process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
stop = threading.Event()
def slice_():
    out = subprocess.run(["wrk", "-t1", "-c8", "-d5s", "http://localhost:%d/owners/42/pets/1" % ab.PORT],
                         capture_output=True, text=True).stdout
    return str(round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)) / 1000, 1))
try:
    started = time.monotonic()
    while True:
        try:
            if ab.get("/actuator/health")[0] == 200:
                break
        except Exception:
            pass
        time.sleep(0.5)
    threading.Thread(target=ab.leak, args=(stop,), daemon=True).start()
    while not ab.escalated(json.loads(ab.get("/actuator/memoryleak")[1])):
        time.sleep(2)
        if time.monotonic() - started > 600:
            raise SystemExit("no escalation within 10 minutes")
    rates = [slice_() for _ in range(slices)]
    if action == "stop":
        subprocess.run(["jcmd", str(process.pid), "JFR.stop", "name=memleak-sites"], capture_output=True)
    rates.append("|")
    rates += [slice_() for _ in range(slices)]
    print(action, "(%.0f s after start):" % (time.monotonic() - started), " ".join(rates), flush=True)
finally:
    stop.set()
    process.terminate()
    process.wait(30)
