"""Time to ready, resident memory, JFR's native memory (NMT Tracing) and JFR threads of the sample
app on JDK 17, 10 s after ready: initialize-jfr-at-startup=true against false, three interleaved
rounds (docs/performance.md, "The first start of JFR on JDK 17").

  startup-cost.py JAR
"""
import subprocess, time, http.client, os, re, sys
JAR = sys.argv[1]
def run(extra):
    t = time.monotonic()
    p = subprocess.Popen(["/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "-Xmx512m", "-XX:NativeMemoryTracking=summary", "-jar", JAR,
                          "--server.port=18391", "--logging.level.root=warn", *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            c = http.client.HTTPConnection("localhost", 18391, timeout=5); c.request("GET", "/actuator/health")
            if c.getresponse().status == 200: break
        except Exception: pass
        time.sleep(0.1)
    ready = time.monotonic() - t
    time.sleep(10)
    rss = int(re.search(r"VmRSS:\s+(\d+)", open("/proc/%d/status" % p.pid).read()).group(1)) / 1024
    nmt = subprocess.run(["jcmd", str(p.pid), "VM.native_memory", "summary"], capture_output=True, text=True).stdout
    tracing = re.search(r"Tracing \(reserved=\d+KB, committed=(\d+)KB", nmt)
    total = re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", nmt)
    jfr = sum(1 for t in os.listdir("/proc/%d/task" % p.pid) if "JFR" in open("/proc/%d/task/%s/comm" % (p.pid, t)).read())
    p.terminate(); p.wait()
    return ready, rss, int(tracing.group(1)) / 1024 if tracing else 0, int(total.group(1)) / 1024, jfr
for i in range(3):
    for name, extra in (("init", ["--memleak.sites.initialize-jfr-at-startup=true"]),
                        ("off", ["--memleak.sites.initialize-jfr-at-startup=false"])):
        r = run(extra)
        print(f"{name:8} ready {r[0]:.2f} s, RSS {r[1]:.1f} MB, NMT Tracing {r[2]:.1f} MB, NMT committed {r[3]:.1f} MB, JFR threads {r[4]}", flush=True)
