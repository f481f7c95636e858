// The response contract: every response the API tests received (the JSON lines
// tests/support.c http_do writes when YH_CONTRACT_LOG is set) is checked against
// api/openapi.yaml: the path and method are an operation, the status is one it documents
// (or its default), the Content-Type is one that status documents, and a JSON body
// validates against that schema with ajv. Objects are closed: an object schema that lists
// properties and says nothing of additionalProperties accepts no other field (allOf is
// closed as a whole, with unevaluatedProperties, never branch by branch). Paths the spec
// does not have may only answer 404/405 problem+json (the tests probe unknown routes).
//
//   node tests/node/contract.mjs [--spec api/openapi.yaml] [--uncovered] [--failing-lines FILE]
//        <log dir or file>...
// (--uncovered lists the operations no response reached; --failing-lines writes
// file:line of every failing response)
//
// Prints one line per distinct failure (operation, status, JSON pointer, message, count,
// an example URL and test binary), then a summary; exits 1 when anything failed.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const args = process.argv.slice(2);
let specPath = 'api/openapi.yaml';
let showUncovered = false;
let failingLines = null;
const inputs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--spec') specPath = args[++i];
  else if (args[i] === '--uncovered') showUncovered = true;
  else if (args[i] === '--failing-lines') failingLines = args[++i];
  else inputs.push(args[i]);
}
const spec = YAML.parse(fs.readFileSync(specPath, 'utf8'));

// ---- OpenAPI schema -> JSON Schema 2020-12, objects closed ----
const DEFS = 'urn:yinhui:spec';
const DROP = new Set(['example', 'xml', 'externalDocs', 'discriminator']);
const KEEP_AS_IS = new Set(['enum', 'const', 'default', 'examples', 'required', 'type']);

function refTarget(ref, close) {
  const m = /^#\/components\/schemas\/([^/]+)(\/.*)?$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  // a whole component closed or open; a pointer into one reaches into the closed copy
  if (m[2]) return `${DEFS}#/$defs/c_${m[1]}${m[2]}`;
  return `${DEFS}#/$defs/${close ? 'c' : 'o'}_${m[1]}`;
}

// close: this schema stands on its own (not a branch of an allOf), so an object it
// describes accepts only the fields it (and its allOf branches) evaluate
function conv(s, close) {
  if (Array.isArray(s)) return s.map((x) => conv(x, true));
  if (s === null || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (DROP.has(k) || k.startsWith('x-') || k === 'nullable') continue;
    if (k === '$ref') out.$ref = refTarget(v, close);
    else if (KEEP_AS_IS.has(k)) out[k] = v;
    else if (k === 'properties' || k === 'patternProperties' || k === '$defs' || k === 'dependentSchemas') {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, conv(ps, true)]));
    } else if (k === 'allOf') out.allOf = v.map((b) => conv(b, false));
    else if (k === 'oneOf' || k === 'anyOf') {
      // alternatives are closed one by one (an open branch would also match a superset
      // object and make oneOf ambiguous), unless the node adds properties of its own or
      // is itself an allOf branch: then the enclosing schema closes the whole set
      const own = close && !s.properties;
      out[k] = v.map((b) => conv(b, own));
    } else if (typeof v === 'object' && v !== null) out[k] = conv(v, true);
    else out[k] = v;
  }
  const objectish = s.properties || s.allOf;
  if (close && objectish && !('additionalProperties' in s) && !('unevaluatedProperties' in s)) {
    out.unevaluatedProperties = false;
  }
  return s.nullable === true ? nullable(out) : out; // OpenAPI 3.0's spelling of "or null"
}

function nullable(out) {
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type)) out.type = [...new Set([...out.type, 'null'])];
  else return { anyOf: [out, { type: 'null' }] };
  if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

const defs = {};
for (const [name, s] of Object.entries(spec.components?.schemas ?? {})) {
  defs[`c_${name}`] = conv(s, true);
  defs[`o_${name}`] = conv(s, false);
}
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv);
ajv.addFormat('binary', true);
ajv.addSchema({ $id: DEFS, $defs: defs });

// ---- the spec's operations ----
function deref(obj) {
  let o = obj;
  for (let n = 0; o && o.$ref && n < 10; n++) {
    o = o.$ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((a, p) => a?.[p], spec);
  }
  return o;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const templates = Object.entries(spec.paths ?? {}).map(([tpl, item]) => {
  const segs = tpl.split('/');
  const re = new RegExp('^' + segs.map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/') + '$');
  const literal = segs.map((s) => (/^\{.+\}$/.test(s) ? '0' : '1')).join('');
  return { tpl, re, literal, item };
});
const allOps = new Set();
for (const t of templates) for (const m of METHODS) if (t.item[m]) allOps.add(`${m.toUpperCase()} ${t.tpl}`);

function route(urlPath) {
  const hits = templates.filter((t) => t.re.test(urlPath));
  // the most literal segments, leftmost first (/v1/members/export before /v1/members/{id})
  hits.sort((a, b) => (a.literal < b.literal ? 1 : a.literal > b.literal ? -1 : 0));
  return hits[0];
}

// ---- the logs ----
function logFiles(p) {
  if (!fs.existsSync(p)) return [];
  if (fs.statSync(p).isDirectory()) {
    return fs.readdirSync(p).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(p, f));
  }
  return [p];
}

const failures = new Map();
const notes = new Map();
const stats = { responses: 0, validated: 0, transport: 0, foreign: 0, unrouted: 0, files: 0, lines: 0 };
const covered = new Set();
const failedAt = new Set();
function fail(op, status, ptr, msg, rec) {
  if (rec.at) failedAt.add(rec.at);
  const key = `${op}\t${status}\t${ptr}\t${msg}`;
  const f = failures.get(key);
  if (f) f.count++;
  else failures.set(key, { op, status, ptr, msg, count: 1, url: rec.url, prog: rec.prog, at: rec.at });
}

const mediaType = (ct) => (ct ?? '').split(';')[0].trim().toLowerCase();
const isJson = (mt) => mt === 'application/json' || mt === 'application/problem+json';
const validators = new Map();
function validatorFor(key, schema) {
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile(conv(schema, true));
    validators.set(key, v);
  }
  return v;
}

function checkBody(op, rec, mt, schema, key) {
  let body;
  try {
    body = JSON.parse(rec.body);
  } catch {
    return fail(op, rec.status, '', `body is not JSON although Content-Type is ${mt}`, rec);
  }
  if (!schema) return undefined;
  const v = validatorFor(key, schema);
  if (v(body)) return undefined;
  for (const e of v.errors) {
    const ptr = e.instancePath.replace(/\/\d+(?=\/|$)/g, '/*');
    let msg = `${e.keyword}: ${e.message}`;
    if (e.keyword === 'unevaluatedProperties') msg = `undocumented field "${e.params.unevaluatedProperty}"`;
    else if (e.keyword === 'required') msg = `documented required field "${e.params.missingProperty}" missing`;
    else if (e.keyword === 'type') msg = `type: must be ${e.params.type} (got ${jsonType(pick(body, e.instancePath))})`;
    else if (e.keyword === 'enum') msg = `enum: ${JSON.stringify(pick(body, e.instancePath))} not in ${JSON.stringify(e.params.allowedValues)}`;
    else if (e.keyword === 'format') msg = `format ${e.params.format}: ${JSON.stringify(pick(body, e.instancePath))}`;
    fail(op, rec.status, ptr || '/', msg, rec);
  }
  return undefined;
}

function pick(obj, ptr) {
  return ptr.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((a, p) => a?.[p], obj);
}
function jsonType(x) {
  return x === null ? 'null' : Array.isArray(x) ? 'array' : Number.isInteger(x) ? 'integer' : typeof x;
}

// A path or method the spec does not have: only the router's 404/405 problem is fine.
function checkUnrouted(rec, what) {
  stats.unrouted++;
  const op = `${rec.method} ${rec.url.split('?')[0]} (${what})`;
  const mt = mediaType(rec.ctype);
  if ((rec.status === 404 || rec.status === 405) && mt === 'application/problem+json') {
    return checkBody(op, rec, mt, { $ref: '#/components/schemas/Problem' }, 'unrouted');
  }
  return fail(op, rec.status, '', `${what}: only 404/405 problem+json may answer, got ${rec.status} ${mt || '(no Content-Type)'}`, rec);
}

function checkOne(rec) {
  const urlPath = rec.url.split('?')[0];
  const t = route(urlPath);
  if (!t) return checkUnrouted(rec, 'path not in the spec');
  const opObj = t.item[rec.method.toLowerCase()];
  if (!opObj) return checkUnrouted(rec, `method not in the spec for ${t.tpl}`);
  const op = `${rec.method} ${t.tpl}`;
  covered.add(op);
  const responses = opObj.responses ?? {};
  const sk = String(rec.status);
  const rkey = sk in responses ? sk : `${sk[0]}XX` in responses ? `${sk[0]}XX` : 'default' in responses ? 'default' : null;
  if (!rkey) return fail(op, rec.status, '', `status ${rec.status} not documented (has ${Object.keys(responses).join(', ')})`, rec);
  const resp = deref(responses[rkey]);
  const content = resp.content ?? {};
  const mt = mediaType(rec.ctype);
  const empty = (rec.body_len ?? rec.body?.length ?? 0) === 0;
  if (empty && (rec.method === 'HEAD' || rec.status === 304 || rec.status === 204 || Object.keys(content).length === 0)) {
    stats.validated++;
    return undefined;
  }
  if (Object.keys(content).length === 0) return fail(op, rec.status, '', `a body (${mt || 'no Content-Type'}) where the spec documents none`, rec);
  const ckey = mt in content ? mt : `${mt.split('/')[0]}/*` in content ? `${mt.split('/')[0]}/*` : '*/*' in content ? '*/*' : null;
  if (!ckey) return fail(op, rec.status, '', `Content-Type ${mt || '(none)'} not documented (has ${Object.keys(content).join(', ')})`, rec);
  stats.validated++;
  if (isJson(mt)) return checkBody(op, rec, mt, content[ckey].schema, `${op} ${rkey} ${ckey}`);
  return undefined;
}

for (const input of inputs) {
  for (const file of logFiles(input)) {
    stats.files++;
    let n = 0;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      n++;
      if (!line) continue;
      stats.lines++;
      let rec;
      try {
        rec = JSON.parse(line);
      } catch {
        fail('(log)', 0, '', `unreadable line in ${file}`, { url: '', prog: '' });
        continue;
      }
      rec.at = `${file}:${n}`;
      if (rec.transport_error !== undefined) {
        stats.transport++;
        continue;
      }
      // Every reply of the service carries X-Request-ID. nginx's own replies in test_nginx
      // (its 413, its 404 for /metrics) do not: noted, not judged. Any other reply without
      // it did not come through the service's router (Civetweb's own 404 before the
      // handler was set, once): a failure.
      if (!rec.request_id && !/^nginx/i.test(rec.server ?? '')) {
        fail(`${rec.method} ${rec.url.split('?')[0]}`, rec.status, '', `a reply without X-Request-ID (${mediaType(rec.ctype) || 'no Content-Type'}): not the service's router`, rec);
        continue;
      }
      if (!rec.request_id) {
        stats.foreign++;
        const note = `NOTE nginx's own reply (no X-Request-ID, Server: ${rec.server}): ${rec.method} ${rec.url} ${rec.status} ${mediaType(rec.ctype) || '(no Content-Type)'} in ${rec.prog}`;
        notes.set(note, (notes.get(note) ?? 0) + 1);
        continue;
      }
      stats.responses++;
      checkOne(rec);
    }
  }
}

for (const [note, n] of notes) console.log(n > 1 ? `${note} (x${n})` : note);
const list = [...failures.values()].sort((a, b) => (a.op < b.op ? -1 : a.op > b.op ? 1 : a.status - b.status));
for (const f of list) {
  console.log(`FAIL ${f.op} ${f.status} ${f.ptr} ${f.msg} (x${f.count}; e.g. ${f.url} in ${f.prog}${f.at ? `, ${f.at}` : ''})`);
}
if (failingLines) fs.writeFileSync(failingLines, [...failedAt].join('\n') + '\n');
const total = list.reduce((s, f) => s + f.count, 0);
if (showUncovered) {
  for (const op of [...allOps].filter((o) => !covered.has(o)).sort()) console.log(`uncovered ${op}`);
}
console.log(`contract: ${stats.responses} responses from ${stats.files} logs (${stats.validated} matched a documented status and type; ` +
  `${stats.unrouted} to unknown routes; skipped ${stats.transport} transport errors and ${stats.foreign} of nginx's own replies); ` +
  `${covered.size} of ${allOps.size} operations exercised; ${list.length} distinct failures (${total} responses)`);
if (stats.files === 0 || stats.responses === 0) {
  console.log('contract: no responses logged (is YH_CONTRACT_LOG set for the API tests?)');
  process.exit(1);
}
process.exit(list.length ? 1 : 0);
