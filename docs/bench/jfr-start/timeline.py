#!/usr/bin/env python3
"""Throughput of one JVM per slice under wrk, with an action at a given second (docs/performance.md,
"The first start of JFR on JDK 17").

  timeline.py JAR JAVA ACTION AT_SECONDS TOTAL_SECONDS SLICE_SECONDS [application arguments]

ACTION: jfr (jcmd JFR.start with oldobj.jfc: jdk.OldObjectSample with stack traces, as memleak's
recording), jfr-nostack (the same without stack traces) or none. Prints the requests/s (thousands)
of each slice, with | where the action ran.
"""
import re, subprocess, sys, time, http.client, os
HERE = os.path.dirname(os.path.abspath(__file__))
JAR, JAVA, action, at, total, slice_ = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
PORT = 18291
extra = sys.argv[7:]
p = subprocess.Popen([JAVA, "-Xmx512m", "-XX:+UseG1GC", "-jar", JAR, "--server.port=%d" % PORT, "--logging.level.root=warn", *extra],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    while True:
        try:
            c = http.client.HTTPConnection("localhost", PORT, timeout=5); c.request("GET", "/actuator/health")
            if c.getresponse().status == 200: break
        except Exception: pass
        time.sleep(0.3)
    t0 = time.monotonic(); rates = []; done = False
    while time.monotonic() - t0 < total:
        if not done and time.monotonic() - t0 >= at:
            if action.startswith("jfr"):
                jfc = os.path.join(HERE, "oldobj-nostack.jfc" if action == "jfr-nostack" else "oldobj.jfc")
                subprocess.run(["jcmd", str(p.pid), "JFR.start", "settings=" + jfc, "disk=false"], capture_output=True)
            done = True
            rates.append("|")
        out = subprocess.run(["wrk", "-t1", "-c8", "-d%ds" % slice_, "http://localhost:%d/owners/42/pets/1" % PORT], capture_output=True, text=True).stdout
        rates.append(str(round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)) / 1000, 1)))
    print(action, " ".join(rates), flush=True)
finally:
    p.terminate(); p.wait(30)
