"""API tests of `oreflow serve` (run by tests/cli/serve.sh; docs/serve.md).

usage: serve_api.py OREFLOW_BINARY SOURCE_DIR WORK_DIR
Standard library only (urllib), for /usr/bin/python3."""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

BIN, SRC, WORK = sys.argv[1:4]
ROOT = os.path.join(WORK, "root")
FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what)


def start(*args):
    p = subprocess.Popen([BIN, "serve", *args, "--port", "0"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    if not line.startswith("oreflow workbench: http://"):
        p.kill()
        sys.exit("FAIL: no address line: %r %s" % (line, p.stderr.read()))
    base = line.split()[2].split("/?")[0]
    return p, base, line.strip()


def stop(p, name):
    p.send_signal(signal.SIGTERM)
    try:
        out, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        check(False, name + ": did not stop on SIGTERM")
        return
    check(p.returncode == 0, "%s: exit %s on SIGTERM: %s" % (name, p.returncode, err[-2000:]))
    check("Sanitizer" not in err and "runtime error" not in err,
          name + ": sanitizer report at exit:\n" + err[-4000:])


def req(base, method, path, body=None, headers=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    r = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(r, timeout=120) as f:
            return f.status, f.headers.get("Content-Type", ""), f.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def api(base, method, path, body=None, headers=None, raw=None):
    st, ct, data = req(base, method, path, body, headers, raw)
    try:
        return st, json.loads(data)
    except ValueError:
        return st, {"_raw": data}


def cli_json(*args):
    out = subprocess.run([BIN, *args], capture_output=True, text=True)
    return json.loads(out.stdout)


# ---- the served folder: the chromite examples, a secret beside it, a link out of it
shutil.copytree(os.path.join(SRC, "examples", "chromite"), ROOT)
shutil.copy(os.path.join(SRC, "tests", "cases", "optimize", "blend.yaml"), ROOT)
with open(os.path.join(WORK, "secret.yaml"), "w") as f:
    f.write("secret: 1\n")
os.symlink(os.path.join(WORK, "secret.yaml"), os.path.join(ROOT, "link.yaml"))
chain = os.path.join(ROOT, "chain.yaml")
with open(chain, "rb") as f:
    chain_bytes = f.read()
chain_text = chain_bytes.decode()

p, base, line = start(chain)
check(line.endswith("/?file=chain.yaml") and "127.0.0.1" in line, "address line: " + line)

# ---- /api/info, the page, methods
st, info = api(base, "GET", "/api/info")
check(st == 200 and info["default_file"] == "chain.yaml" and "chain.yaml" in info["files"]
      and "optimize/npv.yaml" in info["files"] and info["version"], "info: %s" % info)
check(os.path.realpath(ROOT) == info["root"], "info root")
st, ct, page = req(base, "GET", "/")
check(st == 200 and ct.startswith("text/html") and b"<html" in page.lower(), "GET / %s %s" % (st, ct))
st, ct, _ = req(base, "GET", "/web/index.html")
check(st == 200 and ct.startswith("text/html"), "GET /web/index.html")
for bad in ("/web/../api/info", "/web/.hidden", "/web/nope.js", "/nope"):
    st, _, _ = req(base, "GET", bad)
    check(st == 404, "GET %s -> %s" % (bad, st))
st, _ = api(base, "POST", "/api/info", {})
check(st == 405, "POST /api/info -> %s" % st)
st, _ = api(base, "GET", "/api/nothing")
check(st == 404, "unknown endpoint -> %s" % st)

# ---- /api/file GET and traversal
st, fj = api(base, "GET", "/api/file?path=chain.yaml")
check(st == 200 and fj["text"] == chain_text and fj["path"] == "chain.yaml"
      and len(fj["etag"]) == 16, "GET file")
etag0 = fj["etag"]
for q, code in (("../secret.yaml", 403), ("/etc/passwd", 403), ("link.yaml", 403),
                ("%2e%2e/secret.yaml", 403), ("..%2fsecret.yaml", 403), ("nope.yaml", 404),
                ("optimize/../../secret.yaml", 403), ("", 403)):
    st, j = api(base, "GET", "/api/file?path=" + q)
    check(st == code and "error" in j, "GET file %r -> %s %s" % (q, st, j))
st, j = api(base, "GET", "/api/file")
check(st == 400, "GET file without path -> %s" % st)
# a raw request line with ../ in the URL path itself
c = http.client.HTTPConnection(base[7:])
c.request("GET", "/web/../../secret.yaml")
r = c.getresponse()
check(r.status == 404 and b"secret: 1" not in r.read(), "raw ../ in the URL -> %s" % r.status)
c.close()

# ---- /api/units: the registry
st, uj = api(base, "GET", "/api/units")
types = {u["type"]: u for u in uj["units"]}
cyc = types.get("hydrocyclone")
check(st == 200 and cyc and cyc["source"] and cyc["ports"]["out"] == ["overflow", "underflow"],
      "units: hydrocyclone")
d50 = {q["name"]: q for q in cyc["params"]}.get("d50c_um")
check(d50 and d50["unit"] == "µm" and d50["min"] is not None and d50["doc"], "units: d50c_um %s" % d50)
check(len(types) == int(subprocess.run([BIN, "units"], capture_output=True, text=True)
                        .stdout.count("\n  ")) or len(types) > 30, "units: count %d" % len(types))

# ---- /api/check
st, cj = api(base, "POST", "/api/check", {"path": "chain.yaml", "text": chain_text})
check(st == 200 and cj["ok"] is True, "check ok: %s" % cj)
lines = chain_text.split("\n")
k = next(i for i, l in enumerate(lines) if l.startswith("    d50c_um: 40"))
bad_yaml = "\n".join(lines[:k] + ["  d50c_um: [40"] + lines[k + 1:])
st, cj = api(base, "POST", "/api/check", {"path": "chain.yaml", "text": bad_yaml})
d = cj["diagnostics"][0] if cj.get("diagnostics") else {}
check(st == 200 and cj["ok"] is False and d.get("file") == "chain.yaml" and d.get("line", 0) >= k + 1
      and d.get("severity") == "error" and d.get("column", 0) >= 1, "check bad YAML located: %s" % cj)
bad_val = chain_text.replace("    d50c_um: 40\n", "    d50c_um: -5\n", 1)
st, cj = api(base, "POST", "/api/check", {"path": "chain.yaml", "text": bad_val})
d = cj["diagnostics"][0] if cj.get("diagnostics") else {}
check(cj["ok"] is False and d.get("line") == k + 1 and d.get("column") == 14 and "d50c_um" in d["message"],
      "check bad value located at %d:14: %s" % (k + 1, cj))

# ---- /api/solve: exactly `oreflow run --json`, the diagram, set
st, sj = api(base, "POST", "/api/solve", {"path": "chain.yaml", "text": chain_text, "diagram": True})
ref = cli_json("run", chain, "--json")
check(st == 200 and sj["ok"] is True and sj["result"] == ref, "solve == run --json")
svg = sj.get("diagram_svg") or ""
check(svg.startswith("<svg") and 'id="unit-deslime"' in svg and 'id="stream-tailings"' in svg,
      "solve diagram ids")
check(sj["solve_ms"] > 0, "solve_ms")
# a parameter set in the request == the file with that value
mod = chain_text.replace("    d50c_um: 40\n", "    d50c_um: 45\n", 1)
with open(os.path.join(ROOT, "mod.yaml"), "w") as f:
    f.write(mod)
st, sj2 = api(base, "POST", "/api/solve", {"path": "chain.yaml", "text": chain_text,
                                          "set": [{"unit": "deslime", "param": "d50c_um", "value": 45}]})
ref2 = cli_json("run", os.path.join(ROOT, "mod.yaml"), "--json")
ref2["flowsheet"] = sj2["result"]["flowsheet"]  # the file name differs, nothing else may
check(sj2["ok"] and sj2["result"] == ref2, "solve with set == run of the edited file")
g0 = ref["streams"]["concentrate"]["assay"]["Cr2O3"]
g1 = sj2["result"]["streams"]["concentrate"]["assay"]["Cr2O3"]
check(g0 != g1, "set changes the concentrate grade (%s, %s)" % (g0, g1))
# an economics value by its path, and a design spec switched off: == the file written so
price = chain_text.replace("{name: ferrochrome, stream: ferrochrome, price: 9050,",
                           "{name: ferrochrome, stream: ferrochrome, price: 9500,", 1)
with open(os.path.join(ROOT, "price.yaml"), "w") as f:
    f.write(price)
st, sj3 = api(base, "POST", "/api/solve", {"path": "chain.yaml", "text": chain_text, "set": [
    {"unit": "economics", "param": "products.ferrochrome.price", "value": 9500}]})
ref3 = cli_json("run", os.path.join(ROOT, "price.yaml"), "--json")
check(sj3["ok"] and sj3["result"]["economics"] == ref3["economics"]
      and ref3["economics"]["npv_usd"] > ref["economics"]["npv_usd"], "set economics == the file")
st, sj4 = api(base, "POST", "/api/solve", {"path": "chain.yaml", "text": chain_text, "set": [
    {"unit": "specs", "param": "concentrate_grade.enabled", "value": 0},
    {"unit": "spiral_cleaner", "param": "cut_density_kg_m3", "value": 3500}]})
st, ed = api(base, "POST", "/api/edit", {"path": "chain.yaml", "text": chain_text, "ops": [
    {"op": "set", "unit": "specs", "param": "concentrate_grade.enabled", "value": 0},
    {"op": "set", "unit": "spiral_cleaner", "param": "cut_density_kg_m3", "value": 3500}]})
check(st == 200 and "  - name: concentrate_grade\n" in ed["text"] and "    enabled: false\n" in ed["text"],
      "edit switches a spec off: %s" % ed.get("error"))
with open(os.path.join(ROOT, "nospec.yaml"), "w") as f:
    f.write(ed["text"])
ref4 = cli_json("run", os.path.join(ROOT, "nospec.yaml"), "--json")
g4 = sj4["result"]["streams"]["concentrate"]["assay"]["Cr2O3"]
check(sj4["ok"] and g4 == ref4["streams"]["concentrate"]["assay"]["Cr2O3"] and abs(g4 - 48.5) > 0.01,
      "spec off + cut density: grade %s (the spec held 48.5)" % g4)
for s, msg in (([{"unit": "nope", "param": "d50c_um", "value": 1}], "no unit 'nope'"),
               ([{"unit": "economics", "param": "nope.x", "value": 1}], "unknown parameter economics.nope.x"),
               ([{"unit": "deslime", "param": "nope", "value": 1}], "no numeric parameter 'nope'"),
               ([{"unit": "deslime", "param": "d50c_um", "value": -1}], "outside its range"),
               ([{"unit": "deslime", "param": "d50c_um"}], "numeric \"value\""),
               ("x", "must be a list")):
    st, e = api(base, "POST", "/api/solve", {"path": "chain.yaml", "text": chain_text, "set": s})
    check(st == 200 and e["ok"] is False and msg in e["diagnostics"][0]["message"],
          "solve set %s: %s" % (s, e))
st, e = api(base, "POST", "/api/solve", {"path": "chain.yaml", "text": bad_yaml})
check(st == 200 and e["ok"] is False and e["diagnostics"][0]["line"] >= k + 1
      and "result" not in e, "solve bad YAML: %s" % e)
# bad requests
for raw, what in ((b"{", "not JSON"), (b"[1]", "a JSON object"), (b"", "a JSON object"),
                  (b'{"path": "chain.yaml"}', "missing 'text'"), (b'{"text": 5}', "strings"),
                  (b'{"text": "a", "path": "../secret.yaml"}', "plain path")):
    st, e = api(base, "POST", "/api/solve", raw=raw)
    check(st in (400, 403) and what in e.get("error", ""), "solve body %r -> %s %s" % (raw, st, e))


def raw_status(head, body_chunks):
    """Send a request by hand (the server may answer before the body is sent); its status."""
    s = socket.create_connection(tuple(base[7:].split(":")))
    s.sendall(head)
    try:
        for b in body_chunks:
            s.sendall(b)
    except OSError:
        pass  # the server answered and closed: read what it said
    data = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
    except OSError:
        pass
    s.close()
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0


host = base[7:].encode()
size = 5 << 20
st = raw_status(b"POST /api/solve HTTP/1.1\r\nHost: " + host + b"\r\nContent-Length: %d\r\n\r\n" % size,
                [b"{" + b" " * (size - 1)])
check(st == 413, "oversize body (Content-Length) -> %s" % st)
chunk = b" " * 65536
st = raw_status(b"POST /api/solve HTTP/1.1\r\nHost: " + host + b"\r\nTransfer-Encoding: chunked\r\n\r\n",
                [b"%x\r\n" % len(chunk) + chunk + b"\r\n"] * 80 + [b"0\r\n\r\n"])
check(st == 413, "oversize body (chunked) -> %s" % st)

# ---- safety headers
st, _ = api(base, "GET", "/api/info", headers={"Origin": "http://evil.example"})
check(st == 403, "wrong Origin -> %s" % st)
st, _ = api(base, "GET", "/api/info", headers={"Origin": base})
check(st == 200, "own Origin -> %s" % st)
st, _ = api(base, "GET", "/api/info", headers={"Host": "evil.example:%s" % base.rsplit(":", 1)[1]})
check(st == 403, "wrong Host -> %s" % st)
st, _ = api(base, "GET", "/api/info", headers={"Host": "localhost:%s" % base.rsplit(":", 1)[1]})
check(st == 200, "localhost Host -> %s" % st)

# ---- save: round trip, conflicts, new files, edits keep comments
st, pj = api(base, "PUT", "/api/file", {"path": "chain.yaml", "text": chain_text, "etag": etag0})
with open(chain, "rb") as f:
    check(st == 200 and pj["etag"] == etag0 and f.read() == chain_bytes, "PUT same text: same bytes")
st, ej = api(base, "POST", "/api/edit", {"path": "chain.yaml", "text": chain_text, "ops": [
    {"op": "set", "unit": "deslime", "param": "d50c_um", "value": 45}]})
check(st == 200 and ej["text"] == mod, "edit set: one value changed, comments and layout kept")
st, pj = api(base, "PUT", "/api/file", {"path": "chain.yaml", "text": ej["text"], "etag": etag0})
check(st == 200 and pj["etag"] != etag0, "PUT edited")
st, cf = api(base, "PUT", "/api/file", {"path": "chain.yaml", "text": chain_text, "etag": etag0})
check(st == 409 and cf["error"] == "conflict" and cf["etag"] == pj["etag"], "stale etag -> 409 %s" % cf)
with open(chain, encoding="utf-8") as f:
    check(f.read() == mod, "a refused PUT leaves the file as it was")
st, cf = api(base, "PUT", "/api/file", {"path": "chain.yaml", "text": "x: 1\n", "etag": None})
check(st == 409, "etag null on an existing file -> %s" % st)
st, nj = api(base, "PUT", "/api/file", {"path": "optimize/new.yaml", "text": "x: 1\n", "etag": None})
check(st == 200 and open(os.path.join(ROOT, "optimize", "new.yaml")).read() == "x: 1\n", "PUT new file")
for q in ("../x.yaml", "/tmp/x.yaml", "link.yaml", "nodir/x.yaml"):
    st, e = api(base, "PUT", "/api/file", {"path": q, "text": "x: 1\n", "etag": None})
    check(st in (403, 404), "PUT %s -> %s" % (q, st))
check(not os.path.exists(os.path.join(WORK, "x.yaml")) and open(os.path.join(WORK, "secret.yaml")).read()
      == "secret: 1\n", "nothing written outside the root")
for r_, _, fs in os.walk(ROOT):
    check(not [f for f in fs if ".tmp." in f], "no temporary left in %s" % r_)
st, e = api(base, "PUT", "/api/file", {"path": "chain.yaml", "text": "x"})
check(st == 400, "PUT without etag -> %s" % st)
# more edits: add, connect, delete; the comments stay
st, ej = api(base, "POST", "/api/edit", {"text": chain_text, "ops": [
    {"op": "add_unit", "name": "cyc2", "type": "hydrocyclone", "params": {"d50c_um": 30}},
    {"op": "connect", "stream": "cyc2_of", "from": "cyc2.overflow", "to": "spiral_rougher.feed"},
    {"op": "delete_unit", "name": "table"}]})
comments = [l for l in chain_text.split("\n") if l.lstrip().startswith("#")]
new_lines = ej.get("text", "").split("\n")
check(st == 200 and all(c in new_lines for c in comments) and "  - name: cyc2" in new_lines
      and "name: table" not in ej["text"] and "cyc2_of]" in ej["text"], "edit add/connect/delete")
for ops, code in (([{"op": "set", "unit": "nope", "param": "x", "value": 1}], 400),
                  ([{"op": "explode"}], 400), ([{"op": "add_unit", "name": "z", "type": "nope"}], 400),
                  ([{"op": "connect", "stream": "s", "from": "deslime.nope"}], 400), ("x", 400)):
    st, e = api(base, "POST", "/api/edit", {"text": chain_text, "ops": ops})
    check(st == code and e.get("error"), "edit %s -> %s %s" % (ops, st, e))
with open(chain, "wb") as f:
    f.write(chain_bytes)

# ---- analyses: sensitivity, reconcile (answered at once), mc and optimize (jobs)
st, sj = api(base, "POST", "/api/sensitivity", {"path": "chain.yaml", "text": chain_text})
check(st == 200 and sj["ok"] and sj["result"] == cli_json("sensitivity", chain, "--json"),
      "sensitivity == CLI")
don = os.path.join(ROOT, "donskoy_tailings.yaml")
st, rj = api(base, "POST", "/api/reconcile", {"path": "donskoy_tailings.yaml", "text": open(don).read(),
                                              "data_path": "donskoy_measured.yaml"})
subprocess.run([BIN, "reconcile", don, os.path.join(ROOT, "donskoy_measured.yaml"), "--json",
                os.path.join(WORK, "r.json")], capture_output=True)
rref = json.load(open(os.path.join(WORK, "r.json")))
check(st == 200 and rj["ok"] and rj["result"]["reconciliation"] == rref["reconciliation"],
      "reconcile == CLI: %s" % [k for k in rref["reconciliation"]
                                if rj.get("result", {}).get("reconciliation", {}).get(k) != rref["reconciliation"][k]])
st, e = api(base, "POST", "/api/reconcile", {"path": "donskoy_tailings.yaml", "text": "x: 1\n"})
check(st == 400, "reconcile without data_path -> %s" % st)


def wait_job(jid, limit=300):
    t0 = time.time()
    while time.time() - t0 < limit:
        st, j = api(base, "GET", "/api/job?id=%d" % jid)
        if j.get("state") != "running":
            return j
        time.sleep(0.05)
    return {"state": "timeout"}


st, mj = api(base, "POST", "/api/mc", {"path": "chain.yaml", "text": chain_text, "samples": 12, "seed": 3})
check(st == 200 and isinstance(mj.get("job"), int), "mc job: %s" % mj)
job = wait_job(mj["job"])
mref = cli_json("mc", chain, "-n", "12", "--seed", "3", "-j", "2", "--json")
check(job["state"] == "done" and job["done"] == 12 and job["total"] == 12
      and job["result"] == mref, "mc job == CLI (state %s)" % job.get("state"))
st, mj = api(base, "POST", "/api/mc", {"path": "chain.yaml", "text": chain_text, "samples": 100000})
t0 = time.time()
while time.time() - t0 < 60:
    st, j = api(base, "GET", "/api/job?id=%d" % mj["job"])
    if j["done"] > 0:
        break
    time.sleep(0.05)
t1 = time.time()
st, dj = api(base, "DELETE", "/api/job?id=%d" % mj["job"])
check(st == 200 and dj["state"] == "cancelled" and dj["done"] < 100000, "mc cancelled: %s" % dj)
print("cancel answered in %.0f ms" % (1e3 * (time.time() - t1)))
st, j = api(base, "GET", "/api/job?id=%d" % mj["job"])
check(j["state"] == "cancelled", "cancelled stays cancelled")
for q, code in (("id=999", 404), ("id=x", 400), ("", 400)):
    st, _ = api(base, "GET", "/api/job?" + q)
    check(st == code, "job %s -> %s" % (q, st))
for b, code in (({"text": chain_text, "samples": 0}, 400), ({"text": chain_text, "samples": "x"}, 400),
                ({"text": chain_text, "seed": -1}, 400)):
    st, _ = api(base, "POST", "/api/mc", b)
    check(st == code, "mc %s -> %s" % ({k: v for k, v in b.items() if k != "text"}, st))
blend = os.path.join(ROOT, "blend.yaml")
st, oj = api(base, "POST", "/api/optimize", {"path": "blend.yaml", "text": open(blend).read()})
job = wait_job(oj["job"])
subprocess.run([BIN, "optimize", blend, "--json", os.path.join(WORK, "o.json")], capture_output=True)
oref = json.load(open(os.path.join(WORK, "o.json")))
check(job["state"] == "done" and abs(job["result"]["optimize"]["objective"]["value"]
                                        - oref["optimize"]["objective"]["value"])
      <= 1e-9 * abs(oref["optimize"]["objective"]["value"]) and job["done"] > 0, "optimize job == CLI")
st, oj = api(base, "POST", "/api/optimize", {"path": "blend.yaml", "text": "units: [\n"})
job = wait_job(oj["job"])
check(job["state"] == "failed" and job["diagnostics"][0]["line"] >= 1, "optimize of bad text fails located")
stop(p, "server")

# ---- a token, and a short time limit
p, base, line = start(chain, "--token", "s3cret-token", "--time-limit", "0.001")
check(line.endswith("&token=s3cret-token"), "token in the address line")
st, _ = api(base, "GET", "/api/info")
check(st == 401, "no token -> %s" % st)
st, _ = api(base, "GET", "/api/info", headers={"Authorization": "Bearer wrong-token!"})
check(st == 401, "wrong token -> %s" % st)
st, _ = api(base, "GET", "/api/info", headers={"Authorization": "Bearer s3cret-token"})
check(st == 200, "token -> %s" % st)
st, _, _ = req(base, "GET", "/")
check(st == 200, "the page itself needs no token")
auth = {"Authorization": "Bearer s3cret-token"}
t0 = time.time()
st, e = api(base, "POST", "/api/sensitivity", {"path": "chain.yaml", "text": chain_text}, auth)
msgs = " ".join(d["message"] for d in e.get("diagnostics", []))
check(st == 200 and e["ok"] is False and "time limit of 0.001 s" in msgs and time.time() - t0 < 10,
      "a request past --time-limit stops: %s %s" % (st, str(e)[:300]))
# (the flagship's sensitivity takes far more than the watchdog's 20 ms tick: it is stopped)
stop(p, "server with a token")
# any other address than loopback: a token is generated
p, base, line = start(ROOT, "--bind", "0.0.0.0")
check("&token=" in line and len(line.split("&token=")[1]) == 32, "generated token: " + line)
st, _ = api(base, "GET", "/api/info")
check(st == 401, "bound to 0.0.0.0 without the token -> %s" % st)
stop(p, "server on 0.0.0.0")

if FAILS:
    print("%d failure(s)" % len(FAILS))
    sys.exit(1)
print("ok")
