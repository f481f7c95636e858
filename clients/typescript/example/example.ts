/**
 * What a mini-program backend does with the client: log in, list members page by page,
 * change one with If-Match, create with an Idempotency-Key and retry safely, and keep
 * going when the access token ends. Run against a server (make run):
 *
 *   YH_API=http://127.0.0.1:8080 node dist/example/example.js
 *
 * It stops with an error (exit status 1) when a call does not do what the API promises;
 * tests/checks/client.sh runs it against a freshly built service.
 */
import { ApiError, YinhuiClient, type TokenSet } from "../src/client.js";

declare const process: { env: Record<string, string | undefined> };

const office = process.env.YH_OFFICE ?? "532801";
let saved: TokenSet | null = null; // a real backend keeps this in its store (Redis, a table)
let renewals = 0;

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`example: ${what}`);
}

const api = new YinhuiClient({
  baseUrl: process.env.YH_API ?? "http://127.0.0.1:8080",
  tokens: saved,
  onTokens: (t) => {
    if (t && saved && t.access_token !== saved.access_token) renewals++;
    saved = t;
  },
});

// 1. log in (an integration client would call api.loginClient({client_id, client_secret}))
await api.login({ office, username: process.env.YH_USER ?? "admin", password: process.env.YH_PASSWORD ?? `demo-${office}-pass` });
console.log(`logged in to ${saved!.office}, token valid until ${new Date(saved!.expires_at).toISOString()}`);

// 2. members page by page (pages of 50; the loop stops after three pages)
const seen = new Set<string>();
let pages = 0;
for await (const page of api.pages("/v1/members", { query: { limit: 50, status: "active" } })) {
  for (const m of page.data.items ?? []) {
    check(m.id !== undefined && !seen.has(m.id), `member ${m.id} listed twice`);
    seen.add(m.id!);
  }
  if (++pages === 3) break;
}
check(pages === 3 && seen.size === 150, `three pages of 50 members, got ${pages} pages, ${seen.size} members`);
console.log(`listed ${seen.size} members in ${pages} pages`);

// 3. change a member with If-Match: read, send the version read; 412 when stale
const id = [...seen][0]!;
const read = async () => (await api.get("/v1/members/{id}", { path: { id } })).data;
const before = await read();
const note = `小程序回访 ${new Date().toISOString()}`;
const updated = await api.withVersion(read, async (m) =>
  (await api.patch("/v1/members/{id}", { path: { id }, ifMatch: m, body: { notes: note } })).data,
);
check(updated.notes === note && updated.version === (before.version ?? 0) + 1, "the member's notes and version changed");
console.log(`member ${id}: version ${before.version} -> ${updated.version}`);
try {
  await api.patch("/v1/members/{id}", { path: { id }, ifMatch: before, body: { notes: "a stale write" } });
  check(false, "a write with a stale version was accepted");
} catch (e) {
  if (!(e instanceof ApiError) || e.status !== 412) throw e;
  console.log(`stale If-Match: ${e.status} ${e.type} (${e.detail})`);
}
try {
  // a typed problem naming the field
  await api.patch("/v1/members/{id}", { path: { id }, ifMatch: updated, body: { residence_code: "12" } });
  check(false, "an invalid residence_code was accepted");
} catch (e) {
  if (!(e instanceof ApiError) || e.status !== 422) throw e;
  check(e.fields.includes("residence_code"), `422 names residence_code (got ${e.fields.join(",")})`);
  console.log(`invalid field: ${e.status} ${e.fields.join(",")}: ${e.errors[0]?.message}`);
}

// 4. create with an Idempotency-Key; sending it again (a lost response, a retry) creates nothing
const key = crypto.randomUUID();
const team = { name: `小程序服务队 ${Date.now()}`, speciality: "care" as const };
const first = await api.post("/v1/volunteer-teams", { body: team, idempotencyKey: key });
const again = await api.post("/v1/volunteer-teams", { body: team, idempotencyKey: key });
check(first.status === 201 && !first.replayed, "the first POST created the team");
check(again.replayed && again.data.id === first.data.id, "the retry replayed the first response");
console.log(`team ${first.data.id} created once; the retry was replayed (${again.status})`);

// 5. the access token ends (here: revoked now, rather than waiting for its expiry);
//    the next calls, ten at once, get 401 and share one refresh-token renewal
await api.post("/v1/auth/revoke");
const offices = await Promise.all(
  Array.from({ length: 10 }, () => api.get("/v1/offices/{code}", { path: { code: office } })),
);
check(offices.every((o) => o.data.code === office), "every call succeeded after the renewal");
check(renewals === 1, `one renewal for ten concurrent calls, got ${renewals}`);
console.log(`access token ended: ${offices.length} concurrent calls, ${renewals} renewal`);

// 6. log out: the refresh token's family is revoked; it cannot renew any more
const old = saved!.refresh_token!;
await api.logout();
try {
  await new YinhuiClient({ baseUrl: process.env.YH_API ?? "http://127.0.0.1:8080" }).post("/v1/auth/token", {
    body: { grant_type: "refresh_token", refresh_token: old },
  });
  check(false, "a logged-out refresh token still works");
} catch (e) {
  if (!(e instanceof ApiError) || e.status !== 401) throw e;
  console.log(`logged out (the refresh token now gets ${e.status})`);
}
