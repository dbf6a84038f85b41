#!/usr/bin/env bash
# Benchmark: the workbench's solve round trip over HTTP (issue 23; docs/serve.md). `oreflow serve`
# on loopback, one client (Python's http.client, one kept-alive connection) posting the flagship
# (FILE, default examples/chromite/chain.yaml) to /api/solve N times, as the page does on every
# edit: the median and 90th percentile of the round trip (request sent to the whole answer read,
# not parsed), the server's own median `solve_ms` (loading the text to the JSON written), and the
# same with the diagram (Graphviz layout). The difference between the round trip and solve_ms is
# the HTTP and transfer cost. CMake copies it to the build folder as bench_serve (run by `make
# bench`). Skipped when oreflow was built without libmicrohttpd.
# usage: bench_serve [OREFLOW] [FILE] [N]
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/oreflow}
src=@PROJECT_SOURCE_DIR@
file=${2:-$src/examples/chromite/chain.yaml}
n=${3:-200}
[ "${BENCH_QUICK:-0}" = 1 ] && n=${3:-30}
export ORF_DATA_DIR=${ORF_DATA_DIR:-$src/data}
if "$bin" serve --port none 2>&1 | grep -q "built without the workbench server"; then
  echo "bench_serve: skipped: $bin was built without libmicrohttpd"
  exit 0
fi
exec /usr/bin/python3 - "$bin" "$file" "$n" <<'PY'
import http.client, json, os, signal, subprocess, sys, time
bin_, file, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
p = subprocess.Popen([bin_, "serve", file, "--port", "0", "--quiet"], stdout=subprocess.PIPE,
                     text=True)
host = p.stdout.readline().split()[2].split("/")[2]
text = open(file).read()
name = os.path.splitext(os.path.basename(file))[0]
c = http.client.HTTPConnection(host)


def cpu_s():  # the server's CPU time (user + system): does not depend on the machine's load
    with open("/proc/%d/stat" % p.pid) as f:
        x = f.read().rsplit(")", 1)[1].split()
    return (int(x[11]) + int(x[12])) / os.sysconf("SC_CLK_TCK")


def run(diagram, k):
    body = json.dumps({"path": os.path.basename(file), "text": text, "diagram": diagram})
    rt, sm = [], []
    for i in range(k + 2):  # two warm-up requests
        if i == 2:
            c0 = cpu_s()
        t0 = time.perf_counter()
        c.request("POST", "/api/solve", body, {"Content-Type": "application/json"})
        r = c.getresponse()
        data = r.read()
        t = time.perf_counter() - t0
        d = json.loads(data)
        if r.status != 200 or not d["ok"]:
            sys.exit("bench_serve: solve failed: %s" % data[:300])
        if i >= 2:
            rt.append(1e3 * t)
            sm.append(d["solve_ms"])
    cpu = 1e3 * (cpu_s() - c0) / k
    rt.sort()
    sm.sort()
    return rt[len(rt) // 2], rt[int(0.9 * (len(rt) - 1))], sm[len(sm) // 2], len(data), cpu


med, p90, srv, size, cpu = run(False, n)
print("bench_serve: %s: %d solves over HTTP: round trip median %.2f ms, p90 %.2f ms; server %.2f ms,"
      " %.2f ms CPU; answer %d kB" % (name, n, med, p90, srv, cpu, size // 1024))
print('BENCH name=serve.%s.solve_rtt_median value=%.4g unit=ms desc="workbench solve round trip over '
      'HTTP (%s, POST /api/solve)" note="median of %d; p90 %.3g ms; server solve_ms %.3g ms, %.3g ms '
      'CPU per request; answer %d kB"' % (name, med, name, n, p90, srv, cpu, size // 1024))
k = max(5, n // 10)
med, p90, srv, size, cpu = run(True, k)
print("bench_serve: %s: %d solves with the diagram: round trip median %.2f ms, p90 %.2f ms; server "
      "%.2f ms, %.2f ms CPU" % (name, k, med, p90, srv, cpu))
print('BENCH name=serve.%s.solve_diagram_rtt_median value=%.4g unit=ms desc="workbench solve with '
      'the diagram over HTTP (%s)" note="median of %d; p90 %.3g ms; server solve_ms %.3g ms, %.3g ms '
      'CPU per request (Graphviz layout)"' % (name, med, name, k, p90, srv, cpu))
c.close()
p.send_signal(signal.SIGTERM)
p.wait(timeout=30)
PY
