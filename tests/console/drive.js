// Drives one headless Debian chromium page for test_console.py through puppeteer-core (from
// .peers/): reads one JSON command per line on stdin and answers one JSON line on stdout.
// Commands: open {url}, wait {js, timeout_ms}, eval {js}, click {selector}, type {selector, text},
// select {selector, value}, screenshot {path}, log, close. Every browser console message, page
// error and HTTP answer of 400 or more is recorded for `log`. Confirmation dialogs are accepted.
'use strict';
const path = require('path');
const readline = require('readline');
const peers = process.env.KINESISCTL_PEERS_DIR || path.join(__dirname, '..', '..', '.peers');
const puppeteer = require(path.join(peers, 'node_modules', 'puppeteer-core'));

let browser = null;
let page = null;
const log = {console: [], errors: [], failed: [], dialogs: []};

async function open(url) {
  const args = ['--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
                '--no-default-browser-check', '--window-size=1280,900'];
  if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
  browser = await puppeteer.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                    headless: true, args, defaultViewport: {width: 1280, height: 900}});
  page = await browser.newPage();
  page.on('console', (m) => log.console.push({type: m.type(), text: m.text()}));
  page.on('pageerror', (e) => log.errors.push(String(e && e.message || e)));
  page.on('dialog', async (d) => { log.dialogs.push(d.message()); await d.accept(); });
  page.on('response', (r) => {
    if (r.status() >= 400) {
      const h = r.request().headers();
      log.failed.push({status: r.status(), url: r.url(), target: h['x-amz-target'] || '',
                       errorType: r.headers()['x-amzn-errortype'] || ''});
    }
  });
  const res = await page.goto(url, {waitUntil: 'load'});
  return res.status();
}

async function run(cmd) {
  switch (cmd.op) {
    case 'open': return open(cmd.url);
    case 'wait':
      await page.waitForFunction(cmd.js, {timeout: cmd.timeout_ms || 30000, polling: 100});
      return true;
    case 'eval': return page.evaluate(cmd.js);
    case 'click': await page.click(cmd.selector); return true;
    case 'type': await page.type(cmd.selector, cmd.text); return true;
    case 'select': return page.select(cmd.selector, cmd.value);
    case 'screenshot': await page.screenshot({path: cmd.path, fullPage: true}); return true;
    case 'log': return log;
    case 'close': if (browser) await browser.close(); browser = null; return true;
    default: throw new Error(`unknown op ${cmd.op}`);
  }
}

const rl = readline.createInterface({input: process.stdin});
let chain = Promise.resolve();
rl.on('line', (line) => {
  chain = chain.then(async () => {
    let answer;
    try {
      answer = {ok: true, value: await run(JSON.parse(line))};
    } catch (e) {
      answer = {ok: false, error: String(e && e.stack || e)};
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
});
rl.on('close', () => { chain.then(() => browser && browser.close()); });
