#!/usr/bin/env bash
# A bounded load test of `oreflow serve` on loopback (issue 23): 10,000 solves of a small example
# (examples/recycle/grinding_loop.yaml) from 8 concurrent clients (threads of urllib, the standard
# library's client, one connection per request), every answer checked (HTTP 200, ok, the product's
# solids equal to `oreflow run --json`'s), and the server's resident memory after the run within
# 48 MiB of what it was after the first 1,000 solves (no growth per request); the server stops
# cleanly on SIGTERM (exit 0; in the ASan build LeakSanitizer checks it at exit: nothing leaked).
# AddressSanitizer's quarantine of freed memory is capped (16 MiB) so that it does not pass for
# growth. Skipped when the binary was built without libmicrohttpd. A test, not a benchmark: the
# speed is measured by bench/bench_serve.sh.
# Usage: serve_load.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" || exit 1
if "$bin" serve --port none 2>&1 | grep -q "built without the workbench server"; then
  echo "SKIP: $bin was built without libmicrohttpd (oreflow serve)"
  exit 0
fi
export ASAN_OPTIONS="quarantine_size_mb=16${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
exec /usr/bin/python3 - "$bin" "$src" "$work" <<'PY'
import json, os, signal, subprocess, sys, threading, time, urllib.request
BIN, SRC, WORK = sys.argv[1:4]
N, CLIENTS, WARM, BOUND_MB = 10000, 8, 1000, 48
fs = os.path.join(SRC, "examples", "recycle", "grinding_loop.yaml")
text = open(fs).read()
ref = json.loads(subprocess.run([BIN, "run", fs, "--json"], capture_output=True, text=True).stdout)
p = subprocess.Popen([BIN, "serve", fs, "--port", "0"], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)
base = p.stdout.readline().split()[2].split("/?")[0]
body = json.dumps({"path": os.path.basename(fs), "text": text}).encode()
streams = sorted(ref["streams"])
errors, lock, count, rss = [], threading.Lock(), [0], {}


def rss_kb():
    with open("/proc/%d/status" % p.pid) as f:
        return int(next(l for l in f if l.startswith("VmRSS")).split()[1])


def client(n):
    for _ in range(n):
        try:
            r = urllib.request.Request(base + "/api/solve", data=body, method="POST")
            with urllib.request.urlopen(r, timeout=60) as f:
                d = json.load(f)
            ok = f.status == 200 and d["ok"] and all(
                d["result"]["streams"][s]["solids_tph"] == ref["streams"][s]["solids_tph"]
                for s in streams)
            if not ok:
                raise ValueError("wrong answer")
        except Exception as e:
            with lock:
                errors.append(repr(e))
        with lock:
            count[0] += 1
            if count[0] == WARM:
                rss["warm"] = rss_kb()


t0 = time.time()
ts = [threading.Thread(target=client, args=(N // CLIENTS,)) for _ in range(CLIENTS)]
for t in ts:
    t.start()
for t in ts:
    t.join()
wall = time.time() - t0
rss["end"] = rss_kb()
p.send_signal(signal.SIGTERM)
out, err = p.communicate(timeout=60)
fails = []
if errors:
    fails.append("%d of %d requests failed, first: %s" % (len(errors), N, errors[0]))
if count[0] != N:
    fails.append("%d requests made, not %d" % (count[0], N))
growth = (rss["end"] - rss["warm"]) / 1024
print("%d solves, %d clients: %.1f s, %.0f solves/s; RSS %.1f MiB after %d, %.1f MiB at the end"
      % (N, CLIENTS, wall, N / wall, rss["warm"] / 1024, WARM, rss["end"] / 1024))
if growth > BOUND_MB:
    fails.append("RSS grew by %.1f MiB (bound %d MiB)" % (growth, BOUND_MB))
if p.returncode != 0 or "Sanitizer" in err:
    fails.append("server exit %s: %s" % (p.returncode, err[-3000:]))
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
