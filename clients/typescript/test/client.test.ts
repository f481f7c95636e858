/**
 * The client's promises that a plain run of the example cannot force, against the real
 * service (YH_API), with a fetch that arranges the timing:
 * - ten calls whose 401s all arrive before any renewal ends share one refresh-token grant
 *   (a second grant with the same refresh token would revoke the whole family);
 * - a POST whose response is lost is sent again with the same Idempotency-Key, and the
 *   API replays the first response instead of creating a second resource.
 * - an integration client (client credentials, no refresh token) renews by asking again;
 * - a saved session whose access token is about to expire is renewed before the call;
 * Exits non-zero (an uncaught error) when either fails. tests/checks/client.sh runs it.
 */
import { YinhuiClient } from "../src/client.js";

declare const process: { env: Record<string, string | undefined> };

const baseUrl = process.env.YH_API ?? "http://127.0.0.1:8080";
const office = process.env.YH_OFFICE ?? "532801";

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`client test: ${what}`);
}

async function concurrentRenewal(): Promise<void> {
  const held: (() => void)[] = [];
  let grants = 0;
  const gated: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (String(input).endsWith("/v1/auth/token")) grants++;
    if (res.status === 401 && held.length < 10) {
      // hold every 401 until all ten are in: each call then sees it before any renewal
      await new Promise<void>((resolve) => {
        held.push(resolve);
        if (held.length === 10) held.forEach((r) => r());
      });
    }
    return res;
  };
  const api = new YinhuiClient({ baseUrl, fetch: gated });
  await api.login({ office, username: "admin", password: `demo-${office}-pass` });
  await api.post("/v1/auth/revoke");
  grants = 0;
  const all = await Promise.all(
    Array.from({ length: 10 }, () => api.get("/v1/offices/{code}", { path: { code: office } })),
  );
  check(held.length === 10, `ten 401s held together, got ${held.length}`);
  check(all.every((r) => r.status === 200), "every call succeeded after the renewal");
  check(grants === 1, `one refresh-token grant for ten concurrent 401s, got ${grants}`);
  console.log(`concurrent 401s: ${held.length} calls, ${grants} grant`);
  await api.logout();
}

async function lostResponse(): Promise<void> {
  const keys: string[] = [];
  let lost = false;
  const lossy: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (init?.method === "POST" && String(input).endsWith("/v1/volunteer-teams")) {
      keys.push(new Headers(init.headers).get("Idempotency-Key") ?? "");
      if (!lost) {
        lost = true; // the team was created, but its response never reaches us
        throw new TypeError("fetch failed (the connection dropped)");
      }
    }
    return res;
  };
  const api = new YinhuiClient({ baseUrl, fetch: lossy });
  await api.login({ office, username: "admin", password: `demo-${office}-pass` });
  const res = await api.post("/v1/volunteer-teams", { body: { name: `断线重试队 ${Date.now()}`, speciality: "other" } });
  check(keys.length === 2 && keys[0] !== "" && keys[0] === keys[1], `the retry sent the same key (${keys.join(", ")})`);
  check(res.status === 201 && res.replayed, "the retry got the first response, replayed");
  let same = 0;
  for await (const team of api.items("/v1/volunteer-teams", { query: { limit: 100 } })) {
    if (team.name === res.data.name) same++;
  }
  check(same === 1, `one team of that name, found ${same}`);
  console.log(`lost response: sent twice under key ${keys[0]}, replayed team ${res.data.id}`);
  await api.logout();
}

async function renewAhead(): Promise<void> {
  let grants = 0;
  let unauthorized = 0;
  const counting: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (String(input).endsWith("/v1/auth/token")) grants++;
    if (res.status === 401) unauthorized++;
    return res;
  };
  const first = new YinhuiClient({ baseUrl });
  const saved = await first.login({ office, username: "admin", password: `demo-${office}-pass` });
  // a session saved earlier whose access token is (by its expires_at) about to end
  const api = new YinhuiClient({ baseUrl, fetch: counting, tokens: { ...saved, expires_at: Date.now() + 5000 } });
  const res = await api.get("/v1/offices/{code}", { path: { code: office } });
  check(res.status === 200 && grants === 1 && unauthorized === 0, `renewed before the call (${grants} grant, ${unauthorized} 401)`);
  check(api.tokens?.refresh_token !== saved.refresh_token, "the refresh token rotated");
  console.log("renewed ahead of expiry: no 401");
  await api.logout();
}

async function clientCredentials(): Promise<void> {
  const admin = new YinhuiClient({ baseUrl });
  await admin.login({ office, username: "admin", password: `demo-${office}-pass` });
  const created = await admin.post("/v1/clients", { body: { name: `小程序后端 ${Date.now()}`, scope: "offices:read" } });
  const { client_id, client_secret } = created.data;
  check(Boolean(client_id && client_secret), "the new client has an id and a secret");
  let grants = 0;
  const counting: typeof fetch = async (input, init) => {
    if (String(input).endsWith("/v1/auth/token")) grants++;
    return fetch(input, init);
  };
  const api = new YinhuiClient({ baseUrl, fetch: counting });
  const t = await api.loginClient({ client_id: client_id!, client_secret: client_secret! });
  check(t.refresh_token === undefined, "client credentials get no refresh token");
  await api.post("/v1/auth/revoke");
  const res = await api.get("/v1/offices/{code}", { path: { code: office } });
  check(res.status === 200 && grants === 2, `renewed with the client credentials (${grants} grants)`);
  console.log("client credentials: renewed by asking again");
  await admin.logout();
}

await clientCredentials();
await renewAhead();
await concurrentRenewal();
await lostResponse();
