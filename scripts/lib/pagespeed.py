#!/usr/bin/env python3
"""Page speed of the consumer app's discover entry against static HTML, in
real Chromium.

Usage: pagespeed.py BASE_URL OUT_DIR [RUNS]

The discover entry (what a visitor from a shared link loads first) is built
into dist/app and serves `/b/{brand}`; the me entry (dist/me) is not part
of this figure.

1. Writes OUT_DIR/web/app/static-theme.html: the demo brand's theme page
   (this month's theme and its campaigns, from the public API) as plain
   HTML with the app's own stylesheet, precompressed like every built file.
   The server must serve OUT_DIR/web (scripts/bench copies dist/ there).
2. Loads `/b/demo` (the discover entry) and `/static-theme.html` RUNS times each,
   alternating, every load in a fresh browser (cold cache, cache disabled)
   throttled through the DevTools protocol: 150 ms round trip, 1.6 Mbps
   down, 750 kbps up, CPU 4x slower. Records first contentful paint and the
   moment the campaign cards are on the page (for the app: rendered by the
   running wasm, so the page is interactive), with a MutationObserver
   installed before any page script runs; "on screen" is the later of
   that and the first contentful paint.
3. Prints medians and app/static ratios, and saves screenshots of the
   consumer app at 375 px and the admin dashboard at 1280 px.

Needs chromium and chromedriver (scripts/setup --test). Loopback only.
"""
import base64
import html
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

BASE, OUT = sys.argv[1], sys.argv[2]
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 5
BRAND = "demo"
# Whose admin to photograph: the large program's owner when it is there.
ADMIN = os.environ.get("SEEDBED_BENCH_ADMIN", "operator@demo.test")
CARDS = "article.campaign"


def get_json(url):
    with urllib.request.urlopen(url) as r:
        return json.load(r)


def static_page(web):
    """The app's theme page content as plain HTML, same stylesheet."""
    index = open(os.path.join(web, "app/index.html"), encoding="utf-8").read()
    css = next(p for p in index.split('"') if p.startswith("/") and p.endswith(".css"))
    brand = get_json(f"{BASE}/api/v1/brands/{BRAND}")
    theme = get_json(f"{BASE}/api/v1/brands/{BRAND}/themes/current")
    e = html.escape
    cards = []
    for c in theme["campaigns"]:
        tags = "".join(f"<span>{e(h)}</span>" for h in c["hashtags"])
        hot = "（火爆）" if c["signups"] > c["slots"] else ""
        cards.append(
            f'<article class="card campaign"><h3>{e(c["title"])}</h3><p>{e(c["brief"])}</p>'
            f'<p class="tags">{tags}</p><dl><dt>名额</dt><dd>{c["slots"]:,}</dd>'
            f'<dt>已报名</dt><dd>{c["signups"]:,}{hot}</dd><dt>报名截止</dt><dd>{e(c["signup_closes"])}</dd>'
            f'<dt>结算日</dt><dd>{e(c["settlement_date"])}</dd></dl>'
            f'<a class="button" href="/b/{BRAND}/campaigns/{e(c["id"])}">报名参加</a></article>'
        )
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>{e(brand["name"])}</title><link rel="stylesheet" href="{css}"></head>
<body><header class="bar"><a class="brand" href="/b/{BRAND}">{e(brand["name"])}</a><nav><a href="#">EN</a></nav></header>
<main><section class="card"><h2>登录</h2><form><label>手机号<input name="phone" inputmode="tel"></label>
<label>密码<input name="password" type="password"></label><button type="button">登录</button>
<a href="/b/{BRAND}/apply">没有账号？注册</a></form></section>
<section class="theme"><p class="eyebrow">本月主题 · {e(theme["month"])}</p><h1>{e(theme["title"])}</h1>
<p>{e(theme["description"])}</p></section>
{"".join(cards)}</main></body></html>
"""
    path = os.path.join(web, "app/static-theme.html")
    open(path, "w", encoding="utf-8").write(page)
    subprocess.run(["brotli", "-q", "11", "-f", "-k", path], check=True)
    subprocess.run(["gzip", "-9", "-f", "-k", path], check=True)
    return len(theme["campaigns"])


class Driver:
    def __init__(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.proc = subprocess.Popen(
            ["chromedriver", f"--port={self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(100):
            try:
                self.call("GET", "/status")
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("chromedriver did not start")

    def call(self, method, path, body=None):
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.load(r)["value"]

    def session(self, width, height, mobile):
        profile = os.path.join(OUT, "profile-" + str(time.monotonic_ns()))
        opts = {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
            ],
        }
        if mobile:
            opts["mobileEmulation"] = {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}}
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": opts}}}
        return Session(self, self.call("POST", "/session", caps)["sessionId"], profile)

    def quit(self):
        self.proc.terminate()
        self.proc.wait()


class Session:
    def __init__(self, driver, sid, profile):
        self.d, self.sid, self.profile = driver, sid, profile

    def cdp(self, cmd, params=None):
        return self.d.call("POST", f"/session/{self.sid}/goog/cdp/execute", {"cmd": cmd, "params": params or {}})

    def go(self, url):
        self.d.call("POST", f"/session/{self.sid}/url", {"url": url})

    def run(self, script):
        return self.d.call("POST", f"/session/{self.sid}/execute/sync", {"script": script, "args": []})

    def until(self, script, what, timeout=120):
        end = time.time() + timeout
        while time.time() < end:
            v = self.run(script)
            if v:
                return v
            time.sleep(0.05)
        raise SystemExit(f"timed out waiting for {what}")

    def screenshot(self, path):
        png = self.d.call("GET", f"/session/{self.sid}/screenshot")
        open(path, "wb").write(base64.b64decode(png))

    def element(self, css):
        found = self.until(
            f"return document.querySelector({json.dumps(css)}) !== null", css
        )
        assert found
        v = self.d.call("POST", f"/session/{self.sid}/element", {"using": "css selector", "value": css})
        return list(v.values())[0]

    def type(self, css, text):
        self.d.call("POST", f"/session/{self.sid}/element/{self.element(css)}/value", {"text": text})

    def click_text(self, tag, text):
        v = self.d.call(
            "POST", f"/session/{self.sid}/element",
            {"using": "xpath", "value": f"//{tag}[contains(., '{text}')]"},
        )
        self.d.call("POST", f"/session/{self.sid}/element/{list(v.values())[0]}/click", {})

    def close(self):
        self.d.call("DELETE", f"/session/{self.sid}")
        shutil.rmtree(self.profile, ignore_errors=True)


# Runs before any script of the page: notes when the campaign cards appear.
WATCH = """
window.__cards = null;
new MutationObserver((_, obs) => {
  if (document.querySelectorAll('%s').length >= %d) {
    window.__cards = performance.now(); obs.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def measure(driver, path, cards):
    s = driver.session(375, 812, True)
    try:
        s.cdp("Network.enable")
        s.cdp("Network.setCacheDisabled", {"cacheDisabled": True})
        s.cdp("Network.emulateNetworkConditions", {
            "offline": False, "latency": 150,
            "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8,
        })
        s.cdp("Emulation.setCPUThrottlingRate", {"rate": 4})
        s.cdp("Page.enable")
        s.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH % (CARDS, cards)})
        s.go(BASE + path)
        ready = s.until("return window.__cards", f"{cards} campaign cards on {path}")
        fcp = s.until(
            "const e = performance.getEntriesByName('first-contentful-paint')[0]; return e ? e.startTime : null",
            f"first contentful paint of {path}",
        )
        transferred = s.run(
            "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            ".reduce((n, e) => n + (e.transferSize || 0), 0)"
        )
        # On screen: in the page and painted (static HTML has its cards in
        # the document before its first paint).
        return fcp, max(ready, fcp), transferred
    finally:
        s.close()


def screenshots(driver):
    s = driver.session(375, 812, True)
    try:
        s.go(f"{BASE}/b/{BRAND}")
        s.element(CARDS)
        time.sleep(0.3)
        s.screenshot(os.path.join(OUT, "consumer-375.png"))
    finally:
        s.close()
    s = driver.session(1280, 900, False)
    try:
        s.go(f"{BASE}/admin/")
        s.type("input[name=email]", ADMIN)
        s.type("input[name=password]", "seedbed-demo")
        s.click_text("button", "登录")
        s.until("return document.querySelector('header') && document.body.innerText.includes('退出')", "the admin dashboard")
        time.sleep(1.0)
        s.screenshot(os.path.join(OUT, "admin-1280.png"))
    finally:
        s.close()


def main():
    os.makedirs(OUT, exist_ok=True)
    cards = static_page(os.path.join(OUT, "web"))
    driver = Driver()
    try:
        runs = {"app": [], "static": []}
        for _ in range(RUNS):
            runs["app"].append(measure(driver, f"/b/{BRAND}", cards))
            runs["static"].append(measure(driver, "/static-theme.html", cards))
        screenshots(driver)
    finally:
        driver.quit()
    med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in runs.items()}
    for k in ("app", "static"):
        fcp, ready, size = med[k]
        print(f"{k:7} first contentful paint {fcp:7.0f} ms   campaigns on screen {ready:7.0f} ms   transferred {size:,.0f} B")
    print(f"figure fcp_ratio {med['app'][0] / med['static'][0]:.2f}")
    print(f"figure ready_ratio {med['app'][1] / med['static'][1]:.2f}")
    print(f"(medians of {RUNS} cold loads each; throttled 150 ms RTT, 1.6 Mbps down, CPU 4x)")
    print(f"screenshots: {OUT}/consumer-375.png {OUT}/admin-1280.png")


if __name__ == "__main__":
    main()
