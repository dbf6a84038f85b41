#!/usr/bin/env python3
"""The workbench page (web/, docs/workbench.md) driven in headless Chromium through chromedriver's
W3C WebDriver HTTP API (urllib only: no selenium, no npm).

    browser_workbench.py URL SERVED_DIR WORK_DIR [--bench N] [--shots DIR] [--mc-samples N]

URL: the page as `oreflow serve SERVED_DIR/chain.yaml` printed it (the chromite chain). It opens
the flagship, switches the design spec that holds the cleaner spiral's cut density off, types a
new cut density and checks that the concentrate grade and the NPV change; moves a what-if slider
by keyboard and prints the time from the key to the redrawn page as a BENCH line (bench/README.md;
no timed assertion); breaks a number in the YAML view and checks that the error is shown at its
line and at the parameter's field; saves, checks the file on disk is the page's text byte for
byte with every comment kept, reloads and checks the page shows the same bytes; reports a save
conflict; compares two scenarios; runs and cancels Monte Carlo. The page must log no console
error. --bench N: only the slider timing, N moves. --shots DIR: screenshots for docs/workbench.md.
--mc-samples N: the Monte Carlo run's samples (12).
"""
import base64
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

ELEM = "element-6066-11e4-a52e-4f735466cecf"


class Fail(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self, work):
        chromedriver = os.environ.get("ORF_CHROMEDRIVER", "/usr/bin/chromedriver")
        chromium = os.environ.get("ORF_CHROMIUM", "/usr/bin/chromium")
        self.port = free_port()
        self.log = open(os.path.join(work, "chromedriver.log"), "w")
        self.proc = subprocess.Popen([chromedriver, f"--port={self.port}"], stdout=self.log,
                                     stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                if self.req("GET", "/status").get("ready"):
                    break
            except (OSError, Fail):
                pass
            time.sleep(0.1)
        else:
            raise Fail("chromedriver did not start")
        profile = os.path.join(work, "profile")
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {"binary": chromium, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--hide-scrollbars", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}"]}}}}
        self.sid = self.req("POST", "/session", caps)["sessionId"]

    def req(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        r = urllib.request.Request(self.base + path, data=data, method=method,
                                   headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(r, timeout=120) as f:
                return json.loads(f.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            raise Fail(f"WebDriver {method} {path}: {e.read().decode(errors='replace')[:500]}")

    def s(self, method, path, body=None):
        return self.req(method, f"/session/{self.sid}{path}", body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        return self.s("POST", "/element", {"using": "css selector", "value": css})[ELEM]

    def click(self, css):
        self.s("POST", f"/element/{self.find(css)}/click", {})

    def type(self, css, text, clear=True):
        e = self.find(css)
        if clear:
            self.s("POST", f"/element/{e}/clear", {})
        self.s("POST", f"/element/{e}/value", {"text": text})

    def wait(self, script, what, timeout=120, *args):
        end = time.time() + timeout
        while time.time() < end:
            v = self.js(script, *args)
            if v:
                return v
            time.sleep(0.05)
        raise Fail(f"timed out waiting for {what}")

    def shot(self, path, top=None):
        """A screenshot of the window, scrolled to the top or to put element `top` at the top."""
        self.js("const e = arguments[0] && document.querySelector(arguments[0]);"
                "if (e) e.scrollIntoView({block: 'start'}); else window.scrollTo(0, 0);", top)
        png = base64.b64decode(self.s("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)

    def console(self):
        try:
            return self.s("POST", "/se/log", {"type": "browser"}) or []
        except Fail:
            return []

    def quit(self):
        try:
            self.s("DELETE", "")
        except (Fail, OSError):
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def text_of(d, css):
    return d.js("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css)


def card(d, id_):
    return text_of(d, f"#{id_} b")


def number(s):
    return float(s.split()[0].replace(",", "").replace("−", "-"))


def solves(d):
    return d.js("return window.orfWorkbench.solves;")


def settle(d, before, what):
    """Wait until a solve after `before` solves has been applied and nothing is in flight."""
    d.wait("return window.orfWorkbench.solves > arguments[0] && !window.orfWorkbench.busy;", what, 120,
           before)


def slider_bench(d, moves):
    """Moves the last slider right by keyboard `moves` times, one solve at a time; returns the
    key-to-redraw times (ms) the page measured (performance.now around solve and redraw)."""
    times = []
    rng = d.find("#sliders input[type=range]")
    for _ in range(moves):
        n = d.js("return window.orfWorkbench.timings.length;")
        before = solves(d)
        d.s("POST", f"/element/{rng}/value", {"text": "\ue014"})  # ArrowRight
        settle(d, before, "the slider's re-solve")
        d.wait("return window.orfWorkbench.timings.length > arguments[0];", "the slider's timing", 60, n)
        times.append(d.js("return window.orfWorkbench.last;"))
    return times


def open_page(d, url):
    d.go(url)
    d.wait("return window.orfWorkbench && window.orfWorkbench.ready && window.orfWorkbench.solves > 0"
           " && !!document.querySelector('#kpi-npv') && !!document.querySelector('#unit-spiral_cleaner');",
           "the page's first solve", 180)


def bench_line(timings, note):
    med = lambda k: statistics.median(t[k] for t in timings if t.get(k) is not None)
    total = [t["total_ms"] for t in timings]
    print(f'BENCH name=workbench.slider.redraw_median value={med("total_ms"):.6g} unit=ms '
          f'desc="workbench: slider key press to re-solved and redrawn page, chromite chain (median)" '
          f'note="{len(total)} moves, max {max(total):.1f} ms; medians: server solve {med("solve_ms"):.1f} ms, '
          f'request and JSON {med("request_ms"):.1f} ms, redraw {med("redraw_ms"):.1f} ms; {note}"', flush=True)


def main(argv):
    url, served, work = argv[1], argv[2], argv[3]
    bench = int(argv[argv.index("--bench") + 1]) if "--bench" in argv else 0
    shots = argv[argv.index("--shots") + 1] if "--shots" in argv else None
    mc_samples = argv[argv.index("--mc-samples") + 1] if "--mc-samples" in argv else "12"
    flow = os.path.join(served, "chain.yaml")
    original = open(flow, "rb").read()
    d = Driver(work)
    try:
        open_page(d, url)
        d.click("#unit-spiral_cleaner")
        d.wait("return !!document.querySelector('#inspector input[data-param=cut_density_kg_m3]');",
               "the cleaner spiral's parameters in the inspector")
        if bench:
            d.click("#inspector .field[data-param=cut_density_kg_m3] button.pin")
            d.wait("return !!document.querySelector('#sliders input[type=range]');", "the slider")
            times = slider_bench(d, bench)
            bench_line(times, "headless Chromium, oreflow serve on loopback")
            return 0

        grade0, npv0 = number(card(d, "kpi-grade")), number(card(d, "kpi-npv"))
        # 1. the design spec concentrate_grade holds the grade at 48.5 %: switch it off, then type
        # a new cut density; grade and NPV follow
        n = solves(d)
        d.click("#inspector input[data-spec=concentrate_grade]")
        settle(d, n, "the solve with the spec off")
        d.wait("return !!document.querySelector('#inspector input[data-param=cut_density_kg_m3]');",
               "the inspector again")
        grade1 = number(card(d, "kpi-grade"))
        n = solves(d)
        d.type("#inspector input[data-param=cut_density_kg_m3]", "3600\n")
        settle(d, n, "the solve with the new cut density")
        grade2, npv2 = number(card(d, "kpi-grade")), number(card(d, "kpi-npv"))
        text = d.js("return document.getElementById('yaml').value;")
        if "cut_density_kg_m3: 3600" not in text:
            raise Fail("the cut density typed is not in the flowsheet's text")
        if "enabled: false" not in text:
            raise Fail("the design spec switched off is not written into the flowsheet's text")
        if abs(grade2 - grade1) < 0.05 or abs(grade2 - grade0) < 0.05:
            raise Fail(f"the concentrate grade did not change: {grade0} -> {grade1} -> {grade2}")
        if abs(npv2 - npv0) < 0.01:
            raise Fail(f"the NPV did not change: {npv0} -> {npv2} M USD")
        print(f"ok: cut density 3600 with the spec off: concentrate {grade0:.2f} -> {grade2:.2f} % "
              f"Cr2O3, NPV {npv0:.1f} -> {npv2:.1f} M USD")

        # 2. a what-if slider on the same parameter: key to redraw, measured by the page
        d.click("#inspector .field[data-param=cut_density_kg_m3] button.pin")
        d.wait("return !!document.querySelector('#sliders input[type=range]');", "the slider")
        times = slider_bench(d, 15)
        bench_line(times, "browser test, the server of the build under test")
        if shots:
            d.js("document.querySelector('#tab-charts').click();")
            d.shot(os.path.join(shots, "workbench.png"))

        # 3. scenarios: A the file, B the page (edited text and the slider): their NPVs differ
        d.click("#tab-scenarios")
        d.click("#compare")
        d.wait("return !!document.querySelector('#compare-table');", "the comparison", 180)
        row = d.js("const r = document.querySelector('#compare-table tr[data-name^=\"NPV\"]');"
                   "return r ? [...r.querySelectorAll('td')].map((t) => t.textContent) : null;")
        if not row or row[0] == row[1]:
            raise Fail(f"scenarios A and B compare equal on NPV: {row}")
        print(f"ok: scenarios side by side: NPV A {row[0]}, B {row[1]} M USD")
        # the slider back to the file's value, for the checks below
        n = solves(d)
        d.click("#sliders button[aria-label^=remove]")
        settle(d, n, "the solve without the slider")

        # 4. a located error: a word for a number in the YAML view
        d.click("#tab-yaml")
        good = d.js("return document.getElementById('yaml').value;")
        lines = good.split("\n")
        at = next(i for i, l in enumerate(lines) if l.strip().startswith("middlings_cut_density_kg_m3: 3100")
                  and any("name: spiral_cleaner" in x for x in lines[max(0, i - 8):i]))
        lines[at] = lines[at].replace("3100", "abc", 1)
        n = solves(d)
        d.js("const t = document.getElementById('yaml'); t.value = arguments[0];"
             "t.dispatchEvent(new Event('input', {bubbles: true}));", "\n".join(lines))
        settle(d, n, "the check of the broken text")
        line = d.wait("const b = document.querySelector('#diagnostics li button');"
                      "return b ? b.dataset.line : null;", "a diagnostic")
        if int(line) != at + 1:
            raise Fail(f"the error is located at line {line}, not {at + 1}")
        if not d.js(f"return !!document.querySelector('#gutter span[data-line=\"{at + 1}\"].err');"):
            raise Fail("the error's line is not highlighted in the text view")
        field = d.js("const i = document.querySelector('#inspector input[data-param=middlings_cut_density_kg_m3]');"
                     "return i ? i.getAttribute('aria-invalid') : null;")
        if field != "true":
            raise Fail("the error is not shown at the cleaner spiral's middlings_cut_density_kg_m3 field")
        print(f"ok: error located at line {at + 1} and at spiral_cleaner.middlings_cut_density_kg_m3: "
              f"{text_of(d, '#diagnostics li')}")
        if shots:
            d.js("document.querySelector('#diagnostics li button').click();")
            d.shot(os.path.join(shots, "workbench-error.png"), "#tabs")
        n = solves(d)
        d.js("const t = document.getElementById('yaml'); t.value = arguments[0];"
             "t.dispatchEvent(new Event('input', {bubbles: true}));", good)
        settle(d, n, "the solve of the mended text")
        if d.js("return document.querySelectorAll('#diagnostics li').length;"):
            raise Fail("the diagnostics stay after the text was mended")

        # 5. save: the file is the page's text byte for byte, comments kept; reload: the same
        d.click("#save")
        d.wait("return document.getElementById('dirty').textContent === 'saved';", "the save")
        saved = open(flow, "rb").read()
        if saved != good.encode():
            raise Fail("the file on disk is not the page's text")
        lost = [l for l in original.decode().split("\n") if l.strip().startswith("#")
                and l not in saved.decode().split("\n")]
        if lost:
            raise Fail(f"the save lost {len(lost)} comment lines, e.g. {lost[0]!r}")
        open_page(d, url)
        again = d.js("return document.getElementById('yaml').value;")
        if again.encode() != saved:
            raise Fail("the page reloaded shows other bytes than the file saved")
        print(f"ok: saved {len(saved)} bytes, every comment kept; reloaded identical")

        # 6. a save conflict: the file changed on disk behind the page
        with open(flow, "ab") as f:
            f.write(b"# edited by someone else\n")
        d.click("#unit-spiral_cleaner")
        n = solves(d)
        d.type("#inspector input[data-param=ep_kg_m3]", "310\n")
        settle(d, n, "the solve of the edit")
        d.click("#save")
        d.wait("return !document.getElementById('conflict').hidden;", "the conflict notice")
        if open(flow, "rb").read() != saved + b"# edited by someone else\n":
            raise Fail("a conflicting save overwrote the file")
        print("ok: a save over a file changed on disk is refused and reported")

        # 7. add a unit (a product for the final tailings), connect a stream to it, delete it
        d.js("document.getElementById('add-type').value = 'product';")
        n = solves(d)
        d.type("#add-name", "tails_dam\n")
        settle(d, n, "the solve after adding a unit")
        msg = d.wait("const l = document.querySelector('#diagnostics li'); return l ? l.textContent : null;",
                     "the new unit's diagnostic (it has no stream yet)")
        if "tails_dam" not in msg:
            raise Fail(f"the diagnostic of the unconnected unit does not name it: {msg}")
        n = solves(d)
        d.type("#conn-stream", "final_tailings")
        d.type("#conn-src", "tails_blend.out")
        d.type("#conn-dst", "tails_dam.in\n")
        settle(d, n, "the solve after connecting the stream")
        d.wait("return !!document.querySelector('#unit-tails_dam') &&"
               " document.querySelectorAll('#diagnostics li').length === 0;", "the new unit drawn")
        n = solves(d)
        d.click("#inspector button.danger")
        settle(d, n, "the solve after deleting the unit")
        d.wait("return !document.querySelector('#unit-tails_dam') && !!document.querySelector('#unit-saf');",
               "the unit gone from the diagram")
        print("ok: a unit added, a stream connected to it (drawn), the unit deleted")
        # keyboard: a unit of the diagram is a focusable button
        d.s("POST", f"/element/{d.find('#unit-whims')}/value", {"text": "\ue007"})  # Enter
        d.wait("const h = document.querySelector('#inspector h2');"
               "return h && h.firstChild.textContent === 'whims';", "the unit chosen by the keyboard")
        print("ok: a unit selected with the keyboard (Enter)")

        # 8. Monte Carlo: a short run to its end, then a long one cancelled
        d.click("#tab-mc")
        d.type("#mc-samples", mc_samples)
        d.click("#mc-run")
        d.wait("return !!document.querySelector('#mc-result figure');", "the Monte Carlo result", 300)
        if shots:
            d.shot(os.path.join(shots, "workbench-mc.png"), "#tabs")
        d.type("#mc-samples", "20000")
        d.click("#mc-run")
        d.wait("return document.getElementById('mc-progress').value > 0"
               " || /running/.test(document.getElementById('mc-status').textContent);", "progress")
        d.click("#mc-cancel")
        d.wait("return /cancelled/.test(document.getElementById('mc-status').textContent)"
               " && !document.getElementById('mc-run').disabled;", "the cancel")
        print("ok: Monte Carlo ran to its histogram; a long run was cancelled")

        # the one error expected: the browser's own line for the conflict's HTTP 409 (step 6)
        errors = [e for e in d.console() if e.get("level") == "SEVERE"
                  and not ("/api/file" in e.get("message", "") and "409" in e.get("message", ""))]
        if errors:
            raise Fail("console errors: " + "; ".join(e.get("message", "") for e in errors[:5]))
        print("ok: no console error")
        return 0
    except Fail as e:
        print(f"FAIL: {e}")
        try:
            d.shot(os.path.join(work, "failure.png"))
            print(f"(screenshot: {work}/failure.png; status: {text_of(d, '#status')})")
            for e in d.console():
                print(f"console: {e.get('level')} {e.get('message')}")
        except Fail:
            pass
        return 1
    finally:
        d.quit()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
