"""Headless chromium driven over the DevTools protocol (websocket-client,
Debian's python3-websocket), for the dashboard's browser test: open a page,
evaluate JavaScript in it, send real mouse events, take a screenshot. No npm
package and nothing from the internet."""

import base64
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time

try:
    import websocket
except ImportError:  # the test says why it is skipped
    websocket = None


def why_not():
    """None when a browser test can run here, else the reason it cannot."""
    if websocket is None:
        return "python3-websocket is not installed (scripts/setup installs it)"
    if not chromium_path():
        return "chromium is not installed (scripts/setup installs it)"
    return None


def chromium_path():
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    def __init__(self, width=1100, height=1400):
        self.profile = tempfile.mkdtemp(prefix="summit-chromium-")
        self.process = subprocess.Popen(
            [chromium_path(), "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-dev-shm-usage", "--remote-debugging-port=0", "--user-data-dir=" + self.profile,
             "--window-size=%d,%d" % (width, height), "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while not _read(port_file).strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("chromium did not start")
            time.sleep(0.05)
        port = int(_read(port_file).split()[0])
        targets = json.loads(_http_get("http://127.0.0.1:%d/json/list" % port))
        page = next(t for t in targets if t["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.ids = itertools.count(1)

    def close(self):
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            shutil.rmtree(self.profile, ignore_errors=True)

    def call(self, method, **params):
        call_id = next(self.ids)
        self.socket.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message.get("result", {})

    def open(self, url):
        self.call("Page.enable")
        self.call("Page.navigate", url=url)

    def js(self, expression):
        """The value of a JavaScript expression in the page (awaited if a promise)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError("in the page: %s" % result["exceptionDetails"])
        return result["result"].get("value")

    def wait(self, expression, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.js(expression):
                    return True
            except RuntimeError:
                pass  # e.g. no document.body yet while the page loads
            time.sleep(0.1)
        return False

    def center(self, selector):
        box = self.js("(() => { const r = document.querySelector(%s).getBoundingClientRect();"
                      " return [r.left, r.top, r.width, r.height]; })()" % json.dumps(selector))
        return box

    def mouse(self, kind, x, y):
        self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                  buttons=1 if kind != "mouseReleased" else 0, clickCount=1)

    def drag(self, x, y0, y1, steps=8):
        self.mouse("mousePressed", x, y0)
        for k in range(1, steps + 1):
            self.mouse("mouseMoved", x, y0 + (y1 - y0) * k / steps)
        self.mouse("mouseReleased", x, y1)

    def click(self, selector):
        self.js("document.querySelector(%s).scrollIntoView({block: 'center'})" % json.dumps(selector))
        left, top, width, height = self.center(selector)
        self.mouse("mousePressed", left + width / 2, top + height / 2)
        self.mouse("mouseReleased", left + width / 2, top + height / 2)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def _http_get(url):
    import urllib.request
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode()
