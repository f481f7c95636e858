// Used by tests/checks/promtool.sh: node promtool_names.cjs <metrics.txt> <rules.yml>
// <rules.test.yml> <dashboard.json> <out-dashboard-rules.yml>
// Fails (exit 1, naming them) when a rule or a dashboard query uses a metric the service
// does not export (its /metrics as read into metrics.txt: the # TYPE lines), when an
// alert lacks its severity, for:, or English and Chinese annotations, when an alert has
// no unit test that fires it and one that does not, or when the dashboard lacks its
// datasource and instance variables. Writes the dashboard's queries as recording rules
// so that promtool parses them.
'use strict';
const fs = require('fs');
const YAML = require('yaml');
const [metricsFile, rulesFile, testsFile, dashFile, outFile] = process.argv.slice(2);
const problems = [];

// the exported families; a histogram's series carry _bucket, _sum and _count
const known = new Set(['up', 'ALERTS']); // up: Prometheus's own per target
for (const line of fs.readFileSync(metricsFile, 'utf8').split('\n')) {
  const m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)$/.exec(line);
  if (!m) continue;
  known.add(m[1]);
  if (m[2] === 'histogram' || m[2] === 'summary') ['_bucket', '_sum', '_count'].forEach((s) => known.add(m[1] + s));
}
if (!known.has('http_requests_total')) problems.push(`${metricsFile}: no # TYPE lines (is it /metrics?)`);

const rules = YAML.parse(fs.readFileSync(rulesFile, 'utf8'));
const all = rules.groups.flatMap((g) => g.rules);
for (const r of all) if (r.record) known.add(r.record);

// the metric names in a PromQL expression: string literals, label matchers, ranges,
// grouping label lists, numbers and function names left out
function names(expr) {
  let e = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  e = e.replace(/\{[^}]*\}/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  e = e.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  e = e.replace(/\b\d+(\.\d+)?([eE][+-]?\d+)?\b/g, ' ');
  const out = [];
  const re = /[a-zA-Z_:][a-zA-Z0-9_:]*/g;
  let m;
  while ((m = re.exec(e))) {
    const rest = e.slice(re.lastIndex);
    if (/^\s*\(/.test(rest)) continue; // a function or an aggregation
    if (/^(and|or|unless|bool|offset|inf|nan|by|without|on|ignoring|group_left|group_right)$/i.test(m[0])) continue;
    out.push(m[0]);
  }
  return out;
}
function check(where, expr) {
  for (const n of names(expr)) if (!known.has(n)) problems.push(`${where}: ${n} is not a metric the service exports`);
}

for (const r of all) {
  const where = `${rulesFile}: ${r.alert || r.record}`;
  check(where, r.expr);
  if (!r.alert) continue;
  const a = r.annotations || {};
  if (!['critical', 'warning', 'info'].includes((r.labels || {}).severity)) problems.push(`${where}: no severity label`);
  if (!r.for) problems.push(`${where}: no for: duration`);
  for (const k of ['summary', 'description', 'summary_zh', 'description_zh']) {
    if (!a[k]) problems.push(`${where}: no ${k} annotation`);
  }
  if (a.summary_zh && !/[\u4e00-\u9fff]/.test(a.summary_zh + a.description_zh)) problems.push(`${where}: the _zh annotations are not Chinese`);
}

// each alert fired by one unit test and kept quiet by another
const tests = YAML.parse(fs.readFileSync(testsFile, 'utf8')).tests;
const fired = new Set(), quiet = new Set();
for (const t of tests) {
  for (const a of t.alert_rule_test || []) ((a.exp_alerts || []).length ? fired : quiet).add(a.alertname);
}
for (const r of all) {
  if (!r.alert) continue;
  if (!fired.has(r.alert)) problems.push(`${testsFile}: no test fires ${r.alert}`);
  if (!quiet.has(r.alert)) problems.push(`${testsFile}: no test keeps ${r.alert} quiet`);
}

// the dashboard
const dash = JSON.parse(fs.readFileSync(dashFile, 'utf8'));
const vars = (dash.templating && dash.templating.list) || [];
if (!vars.some((v) => v.type === 'datasource' && v.query === 'prometheus')) problems.push(`${dashFile}: no Prometheus datasource variable`);
if (!vars.some((v) => v.name === 'instance')) problems.push(`${dashFile}: no instance variable`);
if (!(dash.schemaVersion >= 36)) problems.push(`${dashFile}: schemaVersion ${dash.schemaVersion} is old`);
const exprs = [];
for (const v of vars) {
  const q = typeof v.query === 'object' && v.query ? v.query.query : v.definition;
  const m = q && /^label_values\((.*),\s*\w+\)$/.exec(q);
  if (m) exprs.push([`variable ${v.name}`, m[1]]);
}
const panels = (dash.panels || []).flatMap((p) => [p, ...(p.panels || [])]);
for (const p of panels) for (const t of p.targets || []) exprs.push([`panel "${p.title}"`, t.expr]);
if (exprs.length < 10) problems.push(`${dashFile}: only ${exprs.length} queries`);
const parsed = [];
exprs.forEach(([where, expr], i) => {
  const e = expr.replace(/\$__rate_interval|\$__interval|\$__range/g, '5m').replace(/\$instance\b/g, '.+');
  if (/\$\w/.test(e.replace(/"\$\d"/g, ''))) problems.push(`${dashFile}: ${where}: unknown variable in ${expr}`);
  check(`${dashFile}: ${where}`, e);
  parsed.push({ record: `dashboard:query_${i}`, expr: e });
});
fs.writeFileSync(outFile, YAML.stringify({ groups: [{ name: 'dashboard', rules: parsed }] }));

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`${all.length} rules and ${exprs.length} dashboard queries use exported metrics only`);
