// The kinesisctl console: a page served by `kinesisctl serve` at /console that talks to the same
// server through its ordinary Kinesis JSON API (POST /, X-Amz-Target, application/x-amz-json-1.1),
// signing every request with SigV4 in the browser (WebCrypto). When the server checks signatures
// (--credentials) the user types a key, which lives in this closure only: never in storage, a
// cookie or the URL. Otherwise the page signs with a placeholder key, because the server still
// wants a well-formed Authorization header. Plain JavaScript, no libraries, nothing fetched from
// elsewhere. Every value from the server reaches the page through textContent, never as HTML.
'use strict';
(() => {
  const TARGET = 'Kinesis_20131202.';
  const JSON11 = 'application/x-amz-json-1.1';
  const PLACEHOLDER_KEY = {id: 'AKIDCONSOLE', secret: 'not-checked-by-this-server'};
  const query = new URLSearchParams(location.search);
  const clamp = (v, lo, hi, dflt) => (Number.isFinite(v) && v > 0 ? Math.min(hi, Math.max(lo, v)) : dflt);
  // How often the stream list and the selected stream refresh, and how often the tail reads each
  // shard (GetRecords allows 5 reads a second per shard; once a second stays well below).
  const REFRESH_MS = clamp(Number(query.get('refresh')), 200, 60000, 3000);
  const POLL_MS = clamp(Number(query.get('poll')), 200, 60000, 1000);
  const MAX_ROWS = 500;

  const $ = (id) => document.getElementById(id);
  let key = null;               // {id, secret}: in memory only
  let signaturesChecked = false;
  let consumersSupported = null;  // unknown until the first ListStreamConsumers answer
  let selected = null;          // the selected stream's name
  let shards = [];              // its shards (ListShards)
  let tail = null;              // the running tail, see startTail

  // ---- SigV4 with WebCrypto ----
  const utf8 = new TextEncoder();
  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  async function sha256Hex(text) {
    return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(text))));
  }
  async function hmac(keyBytes, text) {
    const k = await crypto.subtle.importKey('raw', keyBytes, {name: 'HMAC', hash: 'SHA-256'}, false, ['sign']);
    return new Uint8Array(await crypto.subtle.sign('HMAC', k, utf8.encode(text)));
  }
  // Adds x-amz-date and authorization to `headers` (lower-case names) for POST / with `body`.
  async function sign(headers, body, region) {
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    headers['x-amz-date'] = amzDate;
    const all = Object.assign({host: location.host}, headers);
    const names = Object.keys(all).sort();
    const canonicalHeaders = names.map((n) => `${n}:${String(all[n]).trim().replace(/\s+/g, ' ')}\n`).join('');
    const signedHeaders = names.join(';');
    const canonical = ['POST', '/', '', canonicalHeaders, signedHeaders, await sha256Hex(body)].join('\n');
    const scope = `${day}/${region}/kinesis/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, await sha256Hex(canonical)].join('\n');
    const k = key || PLACEHOLDER_KEY;
    let signingKey = await hmac(utf8.encode('AWS4' + k.secret), day);
    for (const part of [region, 'kinesis', 'aws4_request']) signingKey = await hmac(signingKey, part);
    const signature = hex(await hmac(signingKey, toSign));
    headers['authorization'] =
      `AWS4-HMAC-SHA256 Credential=${k.id}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  }

  class ApiError extends Error {
    constructor(code, message, status) { super(message || code); this.code = code; this.status = status; }
  }

  // One Kinesis API call; resolves to the parsed answer or rejects with an ApiError.
  async function call(action, payload) {
    const body = JSON.stringify(payload || {});
    const headers = {'content-type': JSON11, 'x-amz-target': TARGET + action};
    const region = $('region').value.trim() || 'us-east-1';
    await sign(headers, body, region);
    const res = await fetch('/', {method: 'POST', headers, body, credentials: 'omit', cache: 'no-store'});
    const text = await res.text();
    let json = {};
    try { json = text ? JSON.parse(text) : {}; } catch (e) { json = {}; }
    if (!res.ok) {
      const code = String(json.__type || res.headers.get('x-amzn-ErrorType') || `HTTP ${res.status}`)
        .split('#').pop().split(':')[0];
      throw new ApiError(code, json.message || json.Message || text.slice(0, 300), res.status);
    }
    return json;
  }

  // ---- small DOM helpers ----
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'class') e.className = v; else if (k === 'style') Object.assign(e.style, v);  // CSSOM: allowed by the page's CSP else e[k] = v;
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  const say = (text) => { $('status').textContent = text; };
  function showError(e) {
    if (e && (e.code === 'UnrecognizedClientException' || e.code === 'InvalidSignatureException') && signaturesChecked) {
      forgetKey(`The server refused the key: ${e.code}: ${e.message}`);
      return;
    }
    $('error').textContent = e ? `${e.code || 'Error'}: ${e.message}` : '';
  }

  // ---- hash keys (BigInt) ----
  const SPACE = 1n << 128n;
  function share(s) {  // fraction of the hash-key space, as a number
    const span = BigInt(s.HashKeyRange.EndingHashKey) - BigInt(s.HashKeyRange.StartingHashKey) + 1n;
    return Number((span * 1000000n) / SPACE) / 1000000;
  }
  const isOpen = (s) => !s.SequenceNumberRange || !s.SequenceNumberRange.EndingSequenceNumber;
  const byStart = (a, b) => {
    const x = BigInt(a.HashKeyRange.StartingHashKey), y = BigInt(b.HashKeyRange.StartingHashKey);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const pct = (f) => `${(f * 100).toFixed(f < 0.01 ? 3 : 1)}%`;

  // ---- the streams list ----
  async function listStreams() {
    const names = [];
    let more = true, start;
    while (more) {
      const page = await call('ListStreams', start ? {ExclusiveStartStreamName: start} : {});
      names.push(...(page.StreamNames || []));
      more = page.HasMoreStreams && page.StreamNames && page.StreamNames.length > 0;
      start = names[names.length - 1];
    }
    return names;
  }

  async function consumersOf(arn) {
    if (consumersSupported === false || !arn) return null;
    try {
      const r = await call('ListStreamConsumers', {StreamARN: arn});
      consumersSupported = true;
      return (r.Consumers || []).map((c) => `${c.ConsumerName} (${c.ConsumerStatus})`);
    } catch (e) {
      if (e.code === 'UnknownOperationException') { consumersSupported = false; return null; }
      throw e;
    }
  }

  async function describeForList(name) {
    const [summary, tags] = await Promise.all([
      call('DescribeStreamSummary', {StreamName: name}).then((r) => r.StreamDescriptionSummary),
      call('ListTagsForStream', {StreamName: name}).then((r) => r.Tags || []).catch(() => [])]);
    const consumers = await consumersOf(summary.StreamARN);
    return {summary, tags, consumers};
  }

  async function refreshStreams() {
    const names = await listStreams();
    const rows = await Promise.all(names.map((n) => describeForList(n).catch((e) => ({name: n, error: e}))));
    // Rows are kept per stream and only their cells replaced, so a click never lands on a row
    // that a refresh has just swapped out.
    const body = $('streams').querySelector('tbody');
    const existing = new Map([...body.rows].map((tr) => [tr.dataset.stream, tr]));
    names.forEach((name, i) => {
      const r = rows[i];
      let tr = existing.get(name);
      existing.delete(name);
      if (!tr) {
        tr = el('tr', {});
        tr.dataset.stream = name;
        tr.addEventListener('click', () => select(name));
      }
      tr.classList.toggle('selected', name === selected);
      if (r.error) {
        tr.replaceChildren(el('td', {}, name), el('td', {colSpan: 7}, `${r.error.code}: ${r.error.message}`));
      } else {
        const s = r.summary;
        const mode = (s.StreamModeDetails && s.StreamModeDetails.StreamMode) || 'PROVISIONED';
        const enc = s.EncryptionType === 'KMS' ? `KMS (${s.KeyId || 'key'})` : (s.EncryptionType || 'NONE');
        const tagCell = el('td', {});
        for (const t of r.tags) tagCell.append(el('span', {class: 'tag'}, t.Value === undefined ? t.Key : `${t.Key}=${t.Value}`));
        const consumerCell = el('td', {class: 'consumers'},
          r.consumers === null ? '' : (r.consumers.length ? r.consumers.join(', ') : 'none'));
        tr.replaceChildren(el('td', {class: 'name'}, name), el('td', {class: `status-${s.StreamStatus}`}, s.StreamStatus),
          el('td', {}, mode), el('td', {}, `${s.RetentionPeriodHours} h`), el('td', {}, enc),
          el('td', {}, String(s.OpenShardCount)), tagCell, consumerCell);
      }
      body.append(tr);  // appends a new row, or moves an existing one into list order
    });
    for (const gone of existing.values()) gone.remove();
    for (const c of document.querySelectorAll('.consumers')) c.hidden = consumersSupported !== true;
    $('no-streams').hidden = names.length > 0;
    if (selected && !names.includes(selected)) {
      selected = null;
      stopTail();
      $('detail').hidden = true;
    }
  }

  // ---- the selected stream ----
  async function listShards(name) {
    const out = [];
    let token;
    do {
      const page = await call('ListShards', token ? {NextToken: token} : {StreamName: name});
      out.push(...(page.Shards || []));
      token = page.NextToken;
    } while (token);
    return out;
  }

  function renderShards() {
    const open = shards.filter(isOpen).sort(byStart);
    const bars = $('bars');
    bars.replaceChildren(...open.map((s) => {
      const f = share(s);
      return el('div', {class: 'bar', style: {flex: `${f} 0 0`},
        title: `${s.ShardId}\n${s.HashKeyRange.StartingHashKey} … ${s.HashKeyRange.EndingHashKey}`},
        el('div', {class: 'mono'}, s.ShardId.replace(/^shardId-0*(?=\d)/, '#')), pct(f));
    }));
    bars.dataset.count = String(open.length);
    $('ranges').querySelector('tbody').replaceChildren(...open.map((s) => el('tr', {},
      el('td', {class: 'mono'}, s.ShardId), el('td', {}, pct(share(s))),
      el('td', {class: 'mono'}, s.HashKeyRange.StartingHashKey), el('td', {class: 'mono'}, s.HashKeyRange.EndingHashKey))));

    // Lineage: children under their parent; a merge's child also noted under the adjacent parent.
    const ids = new Set(shards.map((s) => s.ShardId));
    const children = new Map();
    const add = (p, c, how) => { if (!children.has(p)) children.set(p, []); children.get(p).push({c, how}); };
    for (const s of shards) {
      if (s.ParentShardId && ids.has(s.ParentShardId)) add(s.ParentShardId, s, s.AdjacentParentShardId ? 'merged' : 'split');
      if (s.AdjacentParentShardId && ids.has(s.AdjacentParentShardId)) add(s.AdjacentParentShardId, s, 'merged-ref');
    }
    const node = (s, depth) => {
      const label = `${s.ShardId} — ${isOpen(s) ? 'open' : 'closed'}, ${pct(share(s))}`;
      const li = el('li', {class: isOpen(s) ? 'open' : 'closed'}, el('span', {class: 'mono'}, label));
      const kids = (children.get(s.ShardId) || []).slice().sort((a, b) => byStart(a.c, b.c));
      if (kids.length && depth < 64) {
        const ul = el('ul', {});
        for (const {c, how} of kids) {
          if (how === 'merged-ref') {
            ul.append(el('li', {class: isOpen(c) ? 'open' : 'closed'},
              el('span', {class: 'mono'}, `merged into ${c.ShardId} (with ${c.ParentShardId})`)));
          } else {
            const child = node(c, depth + 1);
            if (how === 'merged') child.firstChild.textContent += ` — merged from ${c.ParentShardId} and ${c.AdjacentParentShardId}`;
            ul.append(child);
          }
        }
        li.append(ul);
      }
      return li;
    };
    const roots = shards.filter((s) => !(s.ParentShardId && ids.has(s.ParentShardId))).sort(byStart);
    $('lineage').replaceChildren(...roots.map((s) => node(s, 0)));

    // The forms' shard choices, keeping what the user picked.
    const fill = (select, list) => {
      const keep = select.value;
      select.replaceChildren(...list.map((s) => el('option', {value: s.ShardId}, s.ShardId)));
      if (list.some((s) => s.ShardId === keep)) select.value = keep;
    };
    fill($('split-shard'), open);
    fill($('merge-shard'), open);
    fillAdjacent();
    if (!$('split-key').value || !open.some((s) => s.ShardId === $('split-key').dataset.shard)) suggestSplitKey();
    if (!$('count-target').value) $('count-target').value = String(open.length * 2);
  }

  function openShard(id) { return shards.find((s) => s.ShardId === id && isOpen(s)); }
  function suggestSplitKey() {
    const s = openShard($('split-shard').value);
    if (!s) return;
    const lo = BigInt(s.HashKeyRange.StartingHashKey), hi = BigInt(s.HashKeyRange.EndingHashKey);
    $('split-key').value = String(lo + (hi - lo + 1n) / 2n);
    $('split-key').dataset.shard = s.ShardId;
  }
  function fillAdjacent() {
    const s = openShard($('merge-shard').value);
    const select = $('merge-adjacent');
    const keep = select.value;
    const adj = !s ? [] : shards.filter(isOpen).filter((o) =>
      BigInt(o.HashKeyRange.StartingHashKey) === BigInt(s.HashKeyRange.EndingHashKey) + 1n ||
      BigInt(o.HashKeyRange.EndingHashKey) + 1n === BigInt(s.HashKeyRange.StartingHashKey));
    select.replaceChildren(...adj.map((o) => el('option', {value: o.ShardId}, o.ShardId)));
    if (adj.some((o) => o.ShardId === keep)) select.value = keep;
  }

  async function refreshDetail() {
    if (!selected) return;
    const name = selected;
    const list = await listShards(name);
    if (name !== selected) return;
    shards = list;
    renderShards();
  }

  function select(name) {
    if (selected === name) return;
    selected = name;
    shards = [];
    $('detail-name').textContent = name;
    $('detail').hidden = false;
    $('split-key').value = '';
    $('count-target').value = '';
    $('action-result').textContent = '';
    for (const tr of $('streams').querySelectorAll('tbody tr')) tr.classList.toggle('selected', tr.dataset.stream === name);
    $('records').querySelector('tbody').replaceChildren();
    refreshDetail().then(() => startTail()).catch(showError);
  }

  // ---- the forms: each asks for confirmation first ----
  async function act(question, action, payload, done) {
    if (!selected || !window.confirm(question)) return;
    try {
      const r = await call(action, Object.assign({StreamName: selected}, payload));
      $('action-result').textContent = done(r);
      $('error').textContent = '';
    } catch (e) {
      $('action-result').textContent = `${action} failed: ${e.code}: ${e.message}`;
      return;
    }
    await refreshStreams().then(refreshDetail).catch(showError);
  }
  function toBase64(text) {
    let bin = '';
    for (const b of utf8.encode(text)) bin += String.fromCharCode(b);
    return btoa(bin);
  }
  function wireForms() {
    $('put-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const payload = {PartitionKey: $('put-key').value, Data: toBase64($('put-data').value)};
      const hash = $('put-hash').value.trim();
      if (hash) payload.ExplicitHashKey = hash;
      act(`Put a record with partition key "${payload.PartitionKey}" into ${selected}?`, 'PutRecord', payload,
        (r) => `Put: ${r.ShardId}, sequence number ${r.SequenceNumber}.`);
    });
    $('split-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const shard = $('split-shard').value, at = $('split-key').value.trim();
      act(`Split ${shard} of ${selected} at hash key ${at}? The shard closes and two new shards take its keys.`,
        'SplitShard', {ShardToSplit: shard, NewStartingHashKey: at}, () => `Splitting ${shard} at ${at}.`);
    });
    $('merge-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const a = $('merge-shard').value, b = $('merge-adjacent').value;
      if (!b) { $('action-result').textContent = 'Pick a shard that has an adjacent open shard.'; return; }
      act(`Merge ${a} and ${b} of ${selected}? Both close and one new shard takes their keys.`,
        'MergeShards', {ShardToMerge: a, AdjacentShardToMerge: b}, () => `Merging ${a} and ${b}.`);
    });
    $('count-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const n = Number($('count-target').value);
      act(`Change ${selected} to ${n} open shards (uniform scaling)?`, 'UpdateShardCount',
        {TargetShardCount: n, ScalingType: 'UNIFORM_SCALING'},
        (r) => `Updating from ${r.CurrentShardCount} to ${r.TargetShardCount} shards.`);
    });
    $('split-shard').addEventListener('change', suggestSplitKey);
    $('merge-shard').addEventListener('change', fillAdjacent);
  }

  // ---- the live tail: GetRecords on every open shard, following child shards ----
  function stopTail() {
    if (tail) { tail.stopped = true; clearTimeout(tail.timer); }
    tail = null;
    $('tail-toggle').textContent = 'Start';
    $('tail-state').textContent = 'stopped';
  }
  async function iteratorFor(stream, shardId, type, after) {
    const req = {StreamName: stream, ShardId: shardId, ShardIteratorType: type};
    if (after) req.StartingSequenceNumber = after;
    return (await call('GetShardIterator', req)).ShardIterator;
  }
  async function startTail() {
    stopTail();
    if (!selected) return;
    const from = $('tail-from').value;
    const t = {stream: selected, readers: new Map(), seen: new Set(), stopped: false, count: 0, timer: 0};
    tail = t;
    $('tail-toggle').textContent = 'Stop';
    $('tail-state').textContent = 'starting';
    const start = from === 'LATEST' ? shards.filter(isOpen) : shards;
    for (const s of start) {
      t.seen.add(s.ShardId);
      t.readers.set(s.ShardId, {iterator: await iteratorFor(t.stream, s.ShardId, from), last: null});
    }
    // Shards the first listing did not know cannot be children of those read (they arrive as
    // ChildShards), so mark all listed shards seen to avoid reading a shard twice.
    for (const s of shards) t.seen.add(s.ShardId);
    if (!t.stopped) pollTail(t);
  }
  async function pollTail(t) {
    try {
      for (const [shardId, reader] of [...t.readers]) {
        if (t.stopped) return;
        let r;
        try {
          r = await call('GetRecords', {ShardIterator: reader.iterator, Limit: 1000});
        } catch (e) {
          if (e.code === 'ExpiredIteratorException') {
            reader.iterator = await iteratorFor(t.stream, shardId, reader.last ? 'AFTER_SEQUENCE_NUMBER' : 'LATEST', reader.last);
            continue;
          }
          if (e.code === 'ProvisionedThroughputExceededException') continue;
          throw e;
        }
        if (t.stopped) return;
        for (const rec of r.Records || []) { reader.last = rec.SequenceNumber; addRecord(shardId, rec); t.count++; }
        if (r.NextShardIterator) {
          reader.iterator = r.NextShardIterator;
        } else {
          // The shard is closed and read to its end: read its children from their start.
          t.readers.delete(shardId);
          for (const child of r.ChildShards || []) {
            if (t.seen.has(child.ShardId)) continue;  // e.g. a merge's child, named by both parents
            t.seen.add(child.ShardId);
            t.readers.set(child.ShardId, {iterator: await iteratorFor(t.stream, child.ShardId, 'TRIM_HORIZON'), last: null});
          }
        }
      }
      $('tail-state').textContent = `reading ${t.readers.size} shard(s); ${t.count} record(s) since start`;
    } catch (e) {
      if (e.code === 'ResourceNotFoundException') { stopTail(); return; }
      showError(e);
    }
    if (!t.stopped) t.timer = setTimeout(() => pollTail(t), POLL_MS);
  }

  function decodeData(b64) {
    const bin = atob(b64 || '');
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }
  function dataCell(bytes) {
    const td = el('td', {class: 'mono data'});
    td.bytes = bytes;
    renderData(td);
    return td;
  }
  function renderData(td) {
    const bytes = td.bytes;
    const asHex = () => Array.from(bytes.slice(0, 512), (b) => b.toString(16).padStart(2, '0')).join(' ') + (bytes.length > 512 ? ' …' : '');
    if ($('data-view').value === 'hex') { td.textContent = asHex(); td.classList.remove('binary'); return; }
    try {
      const text = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
      if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) throw new Error('control characters');
      td.textContent = text.length > 2000 ? text.slice(0, 2000) + ' …' : text;
      td.classList.remove('binary');
    } catch (e) {
      td.textContent = asHex();  // not text: shown as hex whatever the choice
      td.classList.add('binary');
    }
  }
  function addRecord(shardId, rec) {
    const when = rec.ApproximateArrivalTimestamp ? new Date(Number(rec.ApproximateArrivalTimestamp) * 1000) : null;
    const tr = el('tr', {},
      el('td', {class: 'mono'}, when ? when.toISOString().replace('T', ' ').replace('Z', '') : ''),
      el('td', {class: 'mono'}, shardId), el('td', {class: 'mono'}, rec.SequenceNumber),
      el('td', {class: 'mono key'}, rec.PartitionKey), dataCell(decodeData(rec.Data)));
    const body = $('records').querySelector('tbody');
    body.prepend(tr);
    while (body.rows.length > MAX_ROWS) body.deleteRow(body.rows.length - 1);
  }

  // ---- start-up, key handling and the refresh loop ----
  function forgetKey(message) {
    key = null;
    stopTail();
    $('main').hidden = true;
    $('login').hidden = false;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    say(message || 'Enter a key to continue.');
  }
  let refreshing = false;
  async function refreshAll() {
    if (refreshing || (signaturesChecked && !key)) return;
    refreshing = true;
    try {
      await refreshStreams();
      await refreshDetail();
      say(`Updated ${new Date().toLocaleTimeString()}`);
      $('error').textContent = '';
    } catch (e) {
      showError(e);
    } finally {
      refreshing = false;
    }
  }
  function showMain() {
    $('login').hidden = true;
    $('main').hidden = false;
    refreshAll();
  }

  async function main() {
    if (!window.crypto || !crypto.subtle) {
      say('This page needs WebCrypto, which browsers give only to secure origins (https or loopback).');
      return;
    }
    wireForms();
    $('tail-toggle').addEventListener('click', () => (tail ? stopTail() : startTail().catch(showError)));
    $('tail-from').addEventListener('change', () => { if (tail) startTail().catch(showError); });
    $('data-view').addEventListener('change', () => { for (const td of document.querySelectorAll('#records td.data')) renderData(td); });
    $('region').addEventListener('change', () => { selected = null; stopTail(); $('detail').hidden = true; refreshAll(); });
    $('sign-out').addEventListener('click', () => forgetKey('Key forgotten.'));
    $('login-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      key = {id: $('key-id').value.trim(), secret: $('secret').value};
      $('secret').value = '';
      $('who').textContent = `key ${key.id}`;
      $('sign-out').hidden = false;
      showMain();
    });
    const settings = await (await fetch('/console/settings.json', {cache: 'no-store'})).json();
    signaturesChecked = Boolean(settings.signaturesChecked);
    if (signaturesChecked) forgetKey('This server checks signatures: enter a key.'); else showMain();
    setInterval(refreshAll, REFRESH_MS);
  }
  main().catch((e) => say(`The console could not start: ${e.message}`));
})();
