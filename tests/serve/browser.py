"""archc serve in a real browser: headless Chromium, driven over the
DevTools protocol.  The page shows the diagram; a save shows up in it
without a reload (a variable set before the save survives, and so do the
pan and zoom); the page and the diagram follow the reader's light or dark
preference; a broken save shows its error over the last good diagram; the
failure view chosen in the page shows the failure's report; a design with
requirements (a practice starter, a model answer, the answer starved of
API replicas) shows its scorecard with each requirement's status, and one
without requirements none.

usage: /usr/bin/python3 browser.py ARCHC DESIGN.arch SCREENSHOT_DIR

Exits 77 (skipped, for ctest), saying why loudly, when Chromium or
python3-websocket is missing; CI installs both (.ci/packages).  Debian's
python3-websocket is seen by Debian's /usr/bin/python3 only.
"""
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

CHROMIUM = "/usr/bin/chromium"


def skip(why):
    bar = "*" * 72
    print(f"{bar}\nSKIPPED: the browser test did not run: {why}\n{bar}", file=sys.stderr)
    sys.exit(77)


try:
    import websocket  # python3-websocket
except ImportError:
    skip("python3-websocket is not installed (apt-get install python3-websocket)")
if not os.access(CHROMIUM, os.X_OK):
    skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


def wait_for(what, seconds, probe):
    """probe() until it returns something true; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.05)


def save(path, text):
    """As editors save: a new file renamed over the old one."""
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


class Page:
    """One page target of the browser, over its DevTools websocket."""

    def __init__(self, url):
        self.ws = websocket.create_connection(url, timeout=20)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:  # events come in between; skip them
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message["result"]

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


def scheme(page, which):
    """The reader's preferred colour scheme, as the page's media queries see it."""
    page.call("Emulation.setEmulatedMedia",
              features=[{"name": "prefers-color-scheme", "value": which}])


def colours(page):
    """Computed colours: the page's background and text, the diagram panel's
    background, and in the SVG its page (the graph's first polygon) and the
    first component's fill."""
    return page.js("""(() => {
        const style = (q) => getComputedStyle(document.querySelector(q));
        return {body: style("body").backgroundColor, text: style("body").color,
                view: style("#view").backgroundColor,
                page: style("#stage svg g.graph > polygon").fill,
                node: style("#stage svg g.node polygon, #stage svg g.node path").fill};
    })()""")


def brightness(rgb):
    """0 to 255, the mean of an "rgb(r, g, b)" colour's channels."""
    channels = [int(c) for c in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    return sum(channels) / 3


def start(argv, **kw):
    """A process in a group of its own, to be ended by its id with its children."""
    return subprocess.Popen(argv, start_new_session=True, **kw)


def end(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main():
    archc, original, shots = sys.argv[1], sys.argv[2], sys.argv[3]
    tmp = tempfile.mkdtemp(prefix="archc-browser-")
    design = os.path.join(tmp, os.path.basename(original))
    text = open(original).read()
    save(design, text)
    server = browser = None
    try:
        # From the design's directory, so messages name it as a person would.
        server = start([os.path.abspath(archc), "serve", os.path.basename(design)], cwd=tmp,
                       stdout=subprocess.PIPE,
                       stderr=open(os.path.join(tmp, "serve.log"), "w"), text=True)
        line = server.stdout.readline()  # "archc serve: http://127.0.0.1:PORT/ ..."
        assert "http://127.0.0.1:" in line, f"serve printed {line!r}"
        url = line.split()[2]

        profile = os.path.join(tmp, "profile")
        browser = start([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                         "--remote-debugging-port=0", f"--user-data-dir={profile}",
                         "--window-size=1400,860", "about:blank"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Chromium writes the port it took into the profile.
        active = os.path.join(profile, "DevToolsActivePort")
        port = wait_for("Chromium's DevTools port", 30,
                        lambda: os.path.exists(active) and open(active).readline().strip())
        targets = wait_for("a page target", 10, lambda: [
            t for t in json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=5))
            if t["type"] == "page"])
        page = Page(targets[0]["webSocketDebuggerUrl"])
        page.call("Emulation.setDeviceMetricsOverride", width=1400, height=860,
                  deviceScaleFactor=1, mobile=False)
        scheme(page, "light")  # whatever the machine prefers
        page.call("Page.navigate", url=url)

        svg_has = lambda name: page.js(
            f"!!document.querySelector('#stage svg') && "
            f"document.querySelector('#stage svg').textContent.includes({json.dumps(name)})")
        wait_for("the diagram with 'Shortener API'", 20, lambda: svg_has("Shortener API"))
        assert "links_db" in page.js("document.getElementById('findings').textContent"), \
            "the findings are listed"
        assert "Components" in page.js("document.getElementById('estimate').textContent"), \
            "the estimate is shown"
        assert page.js("document.getElementById('scorecard-part').hidden"), \
            "no scorecard for a design without requirements"
        # The reader's light or dark preference: the page and the diagram
        # (drawn with --theme auto, serve's default) follow it together.
        light = colours(page)
        assert brightness(light["body"]) > 200, f"a light page in light mode: {light}"
        page.screenshot(os.path.join(shots, "serve-light.png"))
        scheme(page, "dark")
        dark = colours(page)
        assert brightness(dark["body"]) < 60, f"a dark page in dark mode: {dark}"
        assert brightness(dark["text"]) > 200, f"light text in dark mode: {dark}"
        assert dark["node"] != light["node"], f"the diagram's nodes turn dark too: {dark}"
        assert dark["page"] == dark["view"], f"the diagram's page is the panel's colour: {dark}"
        page.screenshot(os.path.join(shots, "serve-dark.png"))
        scheme(page, "light")
        assert colours(page) == light, "back to light"

        # State the page keeps: a variable, and a zoom the user chose.
        page.js("window.beforeTheSave = 42; view.k = 0.8; view.x = 20; view.y = 10; place(); 1")
        build = page.js("document.body.dataset.build")
        save(design, text + '\ncache previews "Link previews" { hit_ratio = 80% }\napi -> previews\n')
        wait_for("the new component in the SVG", 20, lambda: svg_has("Link previews"))
        assert page.js("window.beforeTheSave") == 42, "the page was reloaded"
        assert page.js("view.k") == 0.8 and "scale(0.8)" in page.js("stage.style.transform"), \
            "the zoom survives the update"
        assert page.js("document.body.dataset.build") != build

        save(design, text + "\napi -> nowhere\n")
        wait_for("the error over the diagram", 20, lambda: page.js(
            "!document.getElementById('errors').hidden && "
            "document.getElementById('errors').textContent.includes(\"unknown component 'nowhere'\")"))
        assert "unknown component" in page.js("document.getElementById('diagnostics').textContent")
        assert svg_has("Link previews"), "the last good diagram stays under the error"
        page.js("fit(); 1")  # the picture for people: the whole diagram under the error
        page.screenshot(os.path.join(shots, "serve-broken.png"))

        save(design, text)
        wait_for("the restored design", 20, lambda: page.js(
            "document.getElementById('errors').hidden") and not svg_has("Link previews"))
        assert page.js("window.beforeTheSave") == 42, "the page was reloaded"

        # The failure view, chosen in the page.
        page.js("failSelect.value = 'us_east.links_cache'; "
                "failSelect.dispatchEvent(new Event('change')); 1")
        wait_for("the failure report", 20, lambda: page.js(
            "!document.getElementById('failure-part').hidden && document.getElementById('failure')"
            ".textContent.includes('If component us_east.links_cache fails')"))
        page.js("failSelect.value = ''; failSelect.dispatchEvent(new Event('change')); 1")
        wait_for("the design as designed", 20, lambda: page.js(
            "document.getElementById('failure-part').hidden"))

        # A practice model answer: its requirements, all met, beside the
        # diagram; then a save that starves the API of replicas misses the
        # rates and latencies, and the design without requirements hides it.
        practice = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "stdlib", "practice")
        answer = open(os.path.join(practice, "answers", "url_shortener.arch")).read()
        statuses = lambda: page.js(
            "document.getElementById('scorecard-part').hidden ? null : "
            "[...document.querySelectorAll('#requirements li')].map((li) => "
            "li.querySelector('b').textContent + ': ' + li.className).join('; ')")
        # A starter: requirements and no design, so none is addressed yet.
        save(design, open(os.path.join(practice, "pastebin.arch")).read())
        wait_for("the starter's scorecard", 20, lambda: (statuses() or "").count(": not-addressed") == 7)
        card = page.js("document.getElementById('scorecard-part').textContent")
        assert "0 of 7 met" in card and "-/10" in card and "no flow 'write_paste'" in card, card
        save(design, answer)
        met = ("shorten rate: met; shorten latency_slo: met; shorten availability: met; "
               "redirect rate: met; redirect latency_slo: met; redirect availability: met; "
               "retention: met")
        wait_for("the scorecard, all met", 20, lambda: statuses() == met)
        card = page.js("document.getElementById('scorecard-part').textContent")
        for said in ("7 of 7 met", "15.0 ms at peak, target 300 ms", "requirements", "10/10",
                     "Next step: Put a connection pooler"):
            assert said in card, f"the scorecard says {said!r}: {card!r}"
        page.js("fit(); 1")
        page.screenshot(os.path.join(shots, "serve-scorecard.png"))
        starved = answer.replace("replicas = 60; capacity = 1k rps", "replicas = 6; capacity = 1k rps")
        assert starved != answer, "the answer's api line is as the test expects"
        save(design, starved)
        missed = met.replace("rate: met", "rate: missed").replace("latency_slo: met", "latency_slo: missed")
        wait_for("the scorecard with the misses", 20, lambda: statuses() == missed)
        card = page.js("document.getElementById('scorecard-part').textContent")
        assert "3 of 7 met" in card and "api saturates at peak beyond 182/s" in card, card
        scheme(page, "dark")
        page.screenshot(os.path.join(shots, "serve-scorecard-dark.png"))
        scheme(page, "light")
        save(design, text)
        wait_for("no scorecard again", 20, lambda: statuses() is None)
        print(f"browser: ok; screenshots in {shots}")
    finally:
        end(browser)
        end(server)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAIL {e}", file=sys.stderr)
        sys.exit(1)
