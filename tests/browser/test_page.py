#!/usr/bin/python3
"""test_page.py: the search page of `acquis serve` in a real headless browser
(Debian's chromium, chromium-driver and python3-selenium): type a query, see
highlighted results, page, filter by a facet, open a document with its
matches highlighted, go back, use the keyboard, turn the expansion of act
numbers off, follow a document's "cites / cited by" lists, and check that markup
inside documents (a <script> in a title, an <img onerror> in a text, a
javascript: URL) is shown as text and never runs.

    test_page.py ACQUIS_BINARY

Exits 77 (skipped, for CTest) when chromium, chromium-driver or selenium is
missing: CI installs them through .ci/run, a developer with apt-get install
chromium chromium-driver python3-selenium."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77


def skip(why):
    print("SKIP: " + why)
    sys.exit(SKIP)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    skip("python3-selenium is not installed")
CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if CHROMIUM is None or not os.path.exists(DRIVER):
    skip("chromium or chromium-driver is not installed")

ACQUIS = sys.argv[1]
work = tempfile.mkdtemp(prefix="acquis-browser-")
docs = [{"id": "hostile", "title": '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> Police',
         "text": 'Police <b>bold?</b> <img src=x onerror="window.__pwned=3"> cooperation & more.',
         "type": "DIR", "date": "2020-01-01", "lang": "en", "celex": "32020L0001", "url": "javascript:window.__pwned=4"}]
for i in range(23):
    # act 1 cites act 3 (CELEX 32003R0003): for the expansion toggle and
    # the document's "cites / cited by" lists
    docs.append({"id": "act-%02d" % i, "title": "Police cooperation act %d" % i,
                 "text": "Rules on police cooperation between Member States, number %d.\nSecond line." % i +
                         (" As Regulation (EC) No 3/2003 provides." if i == 1 else ""),
                 "type": "REG" if i % 2 else "DEC", "date": "%d-01-01" % (2000 + i), "lang": "en",
                 "celex": "3%dR%04d" % (2000 + i, i), "url": "https://eur-lex.europa.eu/eli/reg/%d/%d/oj" % (2000 + i, i)})
with open(os.path.join(work, "docs.jsonl"), "w") as f:
    for d in docs:
        f.write(json.dumps(d) + "\n")
index = os.path.join(work, "index")
subprocess.run([ACQUIS, "index", "-q", "-o", index, os.path.join(work, "docs.jsonl")], check=True)
log = open(os.path.join(work, "serve.log"), "w+")
server = subprocess.Popen([ACQUIS, "serve", "-i", index, "--port", "0", "--threads", "2"], stderr=log)
driver = None
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)
    else:
        print("ok: " + what)


try:
    port = None
    for _ in range(200):
        log.seek(0)
        for line in log.read().splitlines():
            if line.startswith("listening on port "):
                port = int(line.split()[-1])
        if port:
            break
        time.sleep(0.05)
    assert port, "the server did not start"
    base = "http://127.0.0.1:%d" % port
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900"):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(30)
    wait = WebDriverWait(driver, 15)

    def results():
        return driver.find_elements(By.CSS_SELECTOR, "#results > li")

    driver.get(base + "/")
    box = driver.find_element(By.ID, "q")
    box.send_keys("police cooperation", Keys.ENTER)
    wait.until(lambda d: len(results()) == 10)
    check("q=police+cooperation" in driver.current_url or "q=police%20cooperation" in driver.current_url,
          "the query is in the URL: " + driver.current_url)
    marks = driver.find_elements(By.CSS_SELECTOR, "#results .snippet mark")
    check(len(marks) > 0 and marks[0].text.lower() in ("police", "cooperation"), "snippets are highlighted")
    status = driver.find_element(By.ID, "status").text
    check("of 24" in status, "the exact total is shown: " + status)
    links = [a.get_attribute("href") or "" for a in driver.find_elements(By.CSS_SELECTOR, "#results .meta a")]
    check(all(l.startswith("https://eur-lex.europa.eu/") for l in links) and len(links) >= 9,
          "CELEX links go to EUR-Lex, none to javascript: (%d links)" % len(links))

    # Paging.
    driver.find_element(By.XPATH, "//nav[@id='pager']/button[contains(., 'Next')]").click()
    wait.until(lambda d: "page=2" in d.current_url and "Results 11" in d.find_element(By.ID, "status").text)
    check(len(results()) == 10, "page 2 has 10 results")
    driver.back()
    wait.until(lambda d: "page=2" not in d.current_url and "Results 1–" in d.find_element(By.ID, "status").text)
    check(True, "Back returns to page 1")

    # A facet as a filter.
    driver.find_element(By.XPATH, "//aside[@id='facets']//button[text()='REG']").click()
    wait.until(lambda d: "type=REG" in d.current_url and "of 11" in d.find_element(By.ID, "status").text)
    types = {e.text for e in driver.find_elements(By.CSS_SELECTOR, "#results .meta span:nth-child(2)")}
    check(types == {"REG"}, "the type filter keeps REG only: %r" % types)
    check(driver.find_element(By.ID, "type").get_attribute("value") == "REG", "the filter box shows it")

    # The hostile document: in the results, opened, highlighted, then Back.
    driver.get(base + "/?q=police+cooperation&type=DIR")
    wait.until(lambda d: len(results()) == 1)
    titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#results .title")]
    check(titles == ['<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> Police'],
          "a title's markup is shown as text: %r" % titles)
    check(driver.execute_script("return window.__pwned === undefined"), "no injected script ran (results)")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#results img, #results script, #results b")) == 0,
          "no element came from a document")
    check(not driver.find_elements(By.CSS_SELECTOR, "#results a[href^='javascript']"), "no javascript: link")
    link = [a for a in driver.find_elements(By.CSS_SELECTOR, "#results .title") if "<script>" in a.text][0]
    link.click()
    wait.until(lambda d: d.find_element(By.ID, "doc-view").is_displayed() and
               d.find_elements(By.CSS_SELECTOR, "#doc-view .text mark"))
    check("doc=hostile" in driver.current_url, "the document is in the URL")
    text = driver.find_element(By.CSS_SELECTOR, "#doc-view .text").text
    check('<img src=x onerror="window.__pwned=3">' in text and "<b>bold?</b>" in text, "the text's markup is text")
    marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#doc-view .text mark")]
    check(marks == ["Police", "cooperation"], "the document's matches are highlighted: %r" % marks)
    check(driver.execute_script("return window.__pwned === undefined"), "no injected script ran (document)")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#doc-view img, #doc-view script, #doc-view b")) == 0,
          "no element came from the document")
    check(not driver.find_elements(By.CSS_SELECTOR, "#doc-view a[href^='javascript']"), "no javascript: link")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    wait.until(lambda d: d.find_element(By.ID, "results-view").is_displayed() and len(results()) == 1)
    check("doc=" not in driver.current_url, "Esc goes back to the results")

    # Keyboard: / focuses the box, j moves through results.
    driver.find_element(By.TAG_NAME, "body").send_keys("j")
    check(driver.switch_to.active_element.get_attribute("class") == "title", "j focuses a result")
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    check(driver.switch_to.active_element.get_attribute("id") == "q", "/ focuses the search box")

    # A syntax error is shown with its column.
    driver.get(base + "/?q=%28police")
    wait.until(lambda d: "column 1" in d.find_element(By.ID, "status").text)
    check(True, "a bad query shows the message and its column")

    # Expansion of act numbers, and the toggle that turns it off.
    driver.get(base + "/?q=Regulation+3%2F2003")
    wait.until(lambda d: len(results()) == 2)
    check(True, "an act number finds the act and what cites it")
    driver.find_element(By.CSS_SELECTOR, "#filters summary").click()
    driver.find_element(By.ID, "expand").click()
    wait.until(lambda d: "expand=0" in d.current_url and len(results()) == 1)
    check([e.text for e in driver.find_elements(By.CSS_SELECTOR, "#results .title")] == ["Police cooperation act 1"],
          "without expansion the words alone match")
    driver.back()
    wait.until(lambda d: "expand=0" not in d.current_url and len(results()) == 2)
    check(driver.find_element(By.ID, "expand").is_selected(), "Back restores the toggle")

    # A document's citations: lists of acts, each a link to a search.
    driver.get(base + "/?doc=act-03")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#links .cited-by li a"))
    cited = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#links .cited-by li a")]
    check(cited == ["Police cooperation act 1"], "the document lists the acts citing it: %r" % cited)
    driver.find_element(By.CSS_SELECTOR, "#links .cited-by li a").click()
    wait.until(lambda d: "q=celex%3A32001R0001" in d.current_url and len(results()) == 1)
    check(True, "an act of the list opens a search for its documents")
    driver.get(base + "/?doc=act-01")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#links .cites li a"))
    cites = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#links .cites li a")]
    check(cites == ["Police cooperation act 3"], "the document lists the acts it cites: %r" % cites)
    driver.get(base + "/?doc=hostile")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#doc-view .text"))
    time.sleep(0.3)
    check(driver.execute_script("return window.__pwned === undefined"), "no injected script ran (citations)")

    # Narrow screen: no horizontal scrolling.
    driver.set_window_size(380, 800)
    driver.get(base + "/?q=police")
    wait.until(lambda d: len(results()) == 10)
    check(driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"),
          "readable on a phone-sized screen (no sideways scroll)")
finally:
    if driver:
        driver.quit()
    server.terminate()
    server.wait(10)
    log.seek(0)
    text = log.read()
    check(server.returncode == 0, "the server stopped cleanly on SIGTERM")
    check("Sanitizer" not in text and "runtime error" not in text, "nothing from a sanitizer in the server's log")
    shutil.rmtree(work, ignore_errors=True)
print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
