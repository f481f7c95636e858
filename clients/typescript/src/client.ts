/**
 * A thin, dependency-free fetch client for the yinhui API (Node 18+ global fetch).
 * Its types come from ./schema.ts, generated from api/openapi.yaml (`make client`):
 * every call is checked against the spec's path, path parameters, query, body and
 * success response. What it adds to fetch is what every caller of this API needs:
 *
 * - bearer tokens: log in (password or client credentials), renew on expiry or on a 401
 *   with the refresh-token grant (refresh tokens rotate and a reused one revokes its
 *   whole family, so one renewal is in flight at a time and concurrent calls wait on it);
 * - If-Match from the version you read (PATCH/PUT/DELETE need it: 428 without, 412 stale),
 *   and withVersion() to re-read and retry on 412;
 * - Idempotency-Key on every POST (crypto.randomUUID() unless given), reused when the
 *   client retries a POST after a network error, 503 or 429;
 * - cursor paging: pages() and items() follow next_cursor;
 * - errors as ApiError, the RFC 9457 problem the API returns (type, title, status,
 *   detail, request_id, errors[{field, message}]).
 */
import type { components, paths } from "./schema.js";

export type Problem = components["schemas"]["Problem"];
export type Schemas = components["schemas"];
export type HttpMethod = "get" | "put" | "post" | "patch" | "delete";

/** The operation at a path and method (never when the path has no such method). */
export type Operation<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M]>;
/** The paths that have an operation for method M. */
export type PathsWith<M extends HttpMethod> = {
  [P in keyof paths]: [Operation<P, M>] extends [never] ? never : P;
}[keyof paths];

type Params<O> = O extends { parameters: infer X } ? X : {};
type PathPart<O> = Params<O> extends { path: infer X } ? { path: X } : { path?: undefined };
type QueryPart<O> = Params<O> extends { query: infer X }
  ? { query: X }
  : Params<O> extends { query?: infer X }
    ? [NonNullable<X>] extends [never]
      ? { query?: undefined }
      : { query?: X }
    : { query?: undefined };
type HeaderParams<O> = Params<O> extends { header?: infer H } ? NonNullable<H> : never;
type IfMatchPart<O> = [HeaderParams<O>] extends [never]
  ? {}
  : "If-Match" extends keyof HeaderParams<O>
    ? { /** the version you read: a number, its "3" form, or the resource read */ ifMatch: IfMatch }
    : {};
type IdempotencyPart<O> = [HeaderParams<O>] extends [never]
  ? {}
  : "Idempotency-Key" extends keyof HeaderParams<O>
    ? { /** default: a new crypto.randomUUID() per call (kept across its retries) */ idempotencyKey?: string }
    : {};
type BodyContent<O> = O extends { requestBody?: infer B }
  ? [NonNullable<B>] extends [never]
    ? never
    : NonNullable<B> extends { content: infer C }
      ? C
      : never
  : never;
/** A JSON body is typed by the spec; any other media type (CSV imports) is sent as given. */
type BodyOf<C> = C extends { "application/json": infer T } ? T : string | Uint8Array | Blob;
type BodyPart<O> = [BodyContent<O>] extends [never]
  ? { body?: undefined }
  : O extends { requestBody: unknown }
    ? { body: BodyOf<BodyContent<O>> }
    : { body?: BodyOf<BodyContent<O>> };

/** Options every call takes. */
export interface CallOptions {
  /** extra request headers (X-Request-ID, Accept-Language ...) */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}
export type CallInit<O> = PathPart<O> & QueryPart<O> & BodyPart<O> & IfMatchPart<O> & IdempotencyPart<O> & CallOptions;
/** The init argument may be left out when nothing in it is required. */
type InitArgs<I> = {} extends I ? [init?: I] : [init: I];

type SuccessCode = 200 | 201 | 202 | 203 | 204 | 206;
type Responses<O> = O extends { responses: infer R } ? R : never;
type DataOf<C> = C extends { "application/json": infer T }
  ? T
  : keyof C extends `text/${string}`
    ? string
    : ArrayBuffer;
type ResponseData<R> = R extends { content?: infer C }
  ? [NonNullable<C>] extends [never]
    ? undefined
    : DataOf<NonNullable<C>>
  : undefined;
/** The body of the operation's success responses (undefined for 204). */
export type Success<O> = {
  [K in keyof Responses<O>]: K extends SuccessCode ? ResponseData<Responses<O>[K]> : never;
}[keyof Responses<O>];

export interface ApiResult<T> {
  data: T;
  status: number;
  /** the strong ETag of a read (for If-None-Match; If-Match takes the version) */
  etag: string | null;
  /** Location of a 201 */
  location: string | null;
  /** true when the API replayed the first response to this Idempotency-Key */
  replayed: boolean;
  headers: Headers;
}

/** A list operation: its success body is {items, next_cursor}. */
export type ListPaths = {
  [P in PathsWith<"get">]: Success<Operation<P, "get">> extends { items?: unknown[]; next_cursor?: unknown } ? P : never;
}[PathsWith<"get">];
export type ItemOf<P extends ListPaths> =
  NonNullable<Success<Operation<P, "get">> extends { items?: infer I } ? I : never> extends (infer T)[] ? T : never;

/** If-Match: the version read, as a number, as the API's "3", or the resource itself. */
export type IfMatch = number | string | { version?: number | null };

/** An error response of the API: its RFC 9457 problem. */
export class ApiError extends Error {
  readonly status: number;
  /** e.g. /problems/validation, /problems/precondition-failed */
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly requestId: string | null;
  /** the fields a 400/422 names, with their messages */
  readonly errors: { field?: string; message?: string }[];
  /** seconds, from Retry-After (429, 503) */
  readonly retryAfter: number | null;
  readonly problem: Problem | null;
  readonly headers: Headers;

  constructor(status: number, problem: Problem | null, headers: Headers, text = "") {
    super(
      problem
        ? `${status} ${problem.title}: ${problem.detail}`
        : `${status}${text ? `: ${text.slice(0, 200)}` : ""}`,
    );
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.type = problem?.type ?? "about:blank";
    this.title = problem?.title ?? "";
    this.detail = problem?.detail ?? text;
    this.requestId = problem?.request_id ?? null;
    this.errors = problem?.errors ?? [];
    this.headers = headers;
    const ra = headers.get("Retry-After");
    this.retryAfter = ra !== null && /^[0-9]+$/.test(ra) ? Number(ra) : null;
  }

  /** The field names a validation error names. */
  get fields(): string[] {
    return this.errors.flatMap((e) => (e.field ? [e.field] : []));
  }

  static async from(res: Response): Promise<ApiError> {
    const text = await res.text().catch(() => "");
    let problem: Problem | null = null;
    if ((res.headers.get("Content-Type") ?? "").includes("json")) {
      try {
        problem = JSON.parse(text) as Problem;
      } catch {
        problem = null;
      }
    }
    return new ApiError(res.status, problem, res.headers, text);
  }
}

/** What a client keeps between calls; persist it (onTokens) to survive a restart. */
export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  /** when the access token expires, ms since the epoch (from expires_in) */
  expires_at: number;
  office?: string;
  scope?: string;
}

export interface ClientOptions {
  /** e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  /** tokens saved earlier (onTokens), to resume a session */
  tokens?: TokenSet | null;
  /** called with each new token set (log in, renewal) and null on log out */
  onTokens?: (tokens: TokenSet | null) => void | Promise<void>;
  /** retries of a GET or a keyed POST after a network error, 503 or 429 (default 2) */
  retries?: number;
  /** longest Retry-After honoured, seconds (default 5); a longer one is thrown */
  maxRetryAfterS?: number;
  /** renew this many seconds before the access token expires (default 30) */
  refreshMarginS?: number;
  /** per-request timeout, ms (default 60000, the mini-program limit) */
  timeoutMs?: number;
  /** another fetch (tests, proxies) */
  fetch?: typeof fetch;
  /** Idempotency-Key generator (default crypto.randomUUID) */
  newKey?: () => string;
}

type TokenResponse = components["schemas"]["TokenResponse"];
type TokenRequest = components["schemas"]["TokenRequest"];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The If-Match header for a version read: "3". */
export function ifMatchHeader(v: IfMatch): string {
  if (typeof v === "number") return `"${v}"`;
  if (typeof v === "string") return v.startsWith('"') || v.startsWith("W/") ? v : `"${v}"`;
  if (typeof v.version !== "number") throw new Error("If-Match: the resource read has no version");
  return `"${v.version}"`;
}

function buildPath(template: string, params: Record<string, unknown> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`path parameter ${name} is missing`);
    return encodeURIComponent(String(value));
  });
}

function buildQuery(query: Record<string, unknown> | undefined): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

interface Untyped extends CallOptions {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  ifMatch?: IfMatch;
  idempotencyKey?: string;
}

export class YinhuiClient {
  private readonly baseUrl: string;
  private readonly opts: ClientOptions;
  private readonly fetchFn: typeof fetch;
  private current: TokenSet | null;
  private renewing: Promise<void> | null = null;
  private clientCredentials: { client_id: string; client_secret: string; scope?: string } | null = null;

  constructor(opts: ClientOptions) {
    this.opts = opts;
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
    this.current = opts.tokens ?? null;
  }

  /** The tokens in use (null before log in). */
  get tokens(): TokenSet | null {
    return this.current;
  }

  /** Password grant: an office's account (admin, secretary, member). */
  async login(creds: { office: string; username: string; password: string; scope?: string }): Promise<TokenSet> {
    return this.grant({ grant_type: "password", ...creds });
  }

  /** Client-credentials grant (integration clients such as a mini-program backend):
   * no refresh token; the client asks again with the same credentials when it expires. */
  async loginClient(creds: { client_id: string; client_secret: string; scope?: string }): Promise<TokenSet> {
    this.clientCredentials = creds;
    return this.grant({ grant_type: "client_credentials", ...creds });
  }

  /** Ends the session: revokes the access token and the refresh token's family. */
  async logout(): Promise<void> {
    const t = this.current;
    if (!t) return;
    try {
      await this.request("post", "/v1/auth/revoke", t.refresh_token ? { body: { refresh_token: t.refresh_token } } : {});
    } finally {
      this.clientCredentials = null;
      await this.setTokens(null);
    }
  }

  /** Renews now: the refresh-token grant, or the client credentials again. Concurrent
   * callers share one renewal (a refresh token is good for one use). */
  renew(): Promise<void> {
    if (!this.renewing) {
      this.renewing = this.doRenew().finally(() => {
        this.renewing = null;
      });
    }
    return this.renewing;
  }

  get<P extends PathsWith<"get">>(path: P, ...init: InitArgs<CallInit<Operation<P, "get">>>) {
    return this.request("get", path, init[0] as unknown as Untyped) as Promise<ApiResult<Success<Operation<P, "get">>>>;
  }
  post<P extends PathsWith<"post">>(path: P, ...init: InitArgs<CallInit<Operation<P, "post">>>) {
    return this.request("post", path, init[0] as unknown as Untyped) as Promise<ApiResult<Success<Operation<P, "post">>>>;
  }
  put<P extends PathsWith<"put">>(path: P, ...init: InitArgs<CallInit<Operation<P, "put">>>) {
    return this.request("put", path, init[0] as unknown as Untyped) as Promise<ApiResult<Success<Operation<P, "put">>>>;
  }
  patch<P extends PathsWith<"patch">>(path: P, ...init: InitArgs<CallInit<Operation<P, "patch">>>) {
    return this.request("patch", path, init[0] as unknown as Untyped) as Promise<ApiResult<Success<Operation<P, "patch">>>>;
  }
  delete<P extends PathsWith<"delete">>(path: P, ...init: InitArgs<CallInit<Operation<P, "delete">>>) {
    return this.request("delete", path, init[0] as unknown as Untyped) as Promise<ApiResult<Success<Operation<P, "delete">>>>;
  }

  /** The pages of a list, following next_cursor from the query's cursor (or the first). */
  async *pages<P extends ListPaths>(
    path: P,
    ...init: InitArgs<CallInit<Operation<P, "get">>>
  ): AsyncGenerator<ApiResult<Success<Operation<P, "get">>>> {
    const base: Untyped = (init[0] as unknown as Untyped | undefined) ?? {};
    let cursor = base.query?.cursor as string | undefined;
    for (;;) {
      const page = (await this.request("get", path, { ...base, query: { ...base.query, cursor } })) as ApiResult<{
        items?: unknown[];
        next_cursor?: string | null;
      }>;
      yield page as ApiResult<Success<Operation<P, "get">>>;
      if (!page.data.next_cursor) return;
      cursor = page.data.next_cursor;
    }
  }

  /** Every item of a list, page after page (break out of the loop to stop early). */
  async *items<P extends ListPaths>(path: P, ...init: InitArgs<CallInit<Operation<P, "get">>>): AsyncGenerator<ItemOf<P>> {
    for await (const page of this.pages(path, ...init)) {
      for (const item of (page.data as { items?: ItemOf<P>[] }).items ?? []) yield item;
    }
  }

  /** Read, change with If-Match, and when someone else changed it in between (412) read
   * again and re-apply, up to attempts times. write gets the fresh read. */
  async withVersion<T extends { version?: number | null }, R>(
    read: () => Promise<T>,
    write: (current: T) => Promise<R>,
    attempts = 3,
  ): Promise<R> {
    for (let i = 1; ; i++) {
      const current = await read();
      try {
        return await write(current);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 412) || i >= attempts) throw e;
      }
    }
  }

  /** The untyped core every typed call goes through. */
  async request(method: HttpMethod, template: string, init: Untyped = {}): Promise<ApiResult<unknown>> {
    const req = this.prepare(method, template, init);
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      if (!req.isAuth) await this.freshToken();
      const used = req.isAuth ? undefined : this.current?.access_token;
      let res: Response;
      try {
        res = await this.fetchFn(req.url, {
          method: req.method,
          headers: used ? { ...req.headers, Authorization: `Bearer ${used}` } : req.headers,
          body: req.body as BodyInit | undefined,
          signal: init.signal ?? AbortSignal.timeout(this.opts.timeoutMs ?? 60000),
        });
      } catch (e) {
        if (!req.retryable || attempt >= (this.opts.retries ?? 2) || init.signal?.aborted) throw e;
        await sleep(200 * 2 ** attempt);
        continue;
      }
      if (res.status === 401 && used && !renewed && this.canRenew()) {
        await res.body?.cancel();
        renewed = true;
        // another call may have renewed already while this one was on its way
        if (this.current?.access_token === used) await this.renew();
        attempt--;
        continue;
      }
      if (await this.waitToRetry(res, req.retryable && attempt < (this.opts.retries ?? 2))) continue;
      // (a 304 answers an If-None-Match the caller sent in headers: data undefined)
      if (!res.ok && res.status !== 304) throw await ApiError.from(res);
      return {
        data: await YinhuiClient.parse(res),
        status: res.status,
        etag: res.headers.get("ETag"),
        location: res.headers.get("Location"),
        replayed: res.headers.get("Idempotent-Replayed") === "true",
        headers: res.headers,
      };
    }
  }

  /** The URL, headers and body of a call, and whether it is safe to send again. */
  private prepare(method: HttpMethod, template: string, init: Untyped) {
    const url = this.baseUrl + buildPath(template, init.path) + buildQuery(init.query);
    const upper = method.toUpperCase();
    const headers: Record<string, string> = { Accept: "application/json", ...init.headers };
    if (init.ifMatch !== undefined) headers["If-Match"] = ifMatchHeader(init.ifMatch);
    if (upper === "POST" && !template.startsWith("/v1/auth/")) {
      headers["Idempotency-Key"] = init.idempotencyKey ?? this.newKey();
    }
    let body: string | Uint8Array | Blob | undefined;
    if (init.body !== undefined) {
      if (typeof init.body === "string" || init.body instanceof Uint8Array || init.body instanceof Blob) {
        body = init.body;
        headers["Content-Type"] ??= "text/csv";
      } else {
        body = JSON.stringify(init.body);
        headers["Content-Type"] = "application/json";
      }
    }
    return {
      url,
      method: upper,
      headers,
      body,
      isAuth: template.startsWith("/v1/auth/token"),
      // a GET, or a POST under its Idempotency-Key, is safe to send again
      retryable: upper === "GET" || "Idempotency-Key" in headers,
    };
  }

  /** A 503 or 429 whose Retry-After is short: waits it out (true: send again). */
  private async waitToRetry(res: Response, may: boolean): Promise<boolean> {
    if (!may || (res.status !== 503 && res.status !== 429)) return false;
    const ra = Number(res.headers.get("Retry-After") ?? "1");
    if (!Number.isFinite(ra) || ra > (this.opts.maxRetryAfterS ?? 5)) return false;
    await res.body?.cancel();
    await sleep(Math.max(ra, 0.1) * 1000);
    return true;
  }

  private static async parse(res: Response): Promise<unknown> {
    if (res.status === 204 || res.status === 304) return undefined;
    const type = res.headers.get("Content-Type") ?? "";
    if (type.includes("json")) return res.json();
    if (type.startsWith("text/")) return res.text();
    return res.arrayBuffer();
  }

  private newKey(): string {
    if (this.opts.newKey) return this.opts.newKey();
    const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
    if (!c?.randomUUID) throw new Error("no crypto.randomUUID (Node 18: pass newKey: require('node:crypto').randomUUID)");
    return c.randomUUID();
  }

  private canRenew(): boolean {
    return Boolean(this.current?.refresh_token || this.clientCredentials);
  }

  /** Renews ahead of expiry, so most calls never see a 401. */
  private async freshToken(): Promise<void> {
    if (this.renewing) await this.renewing.catch(() => undefined);
    const t = this.current;
    const margin = (this.opts.refreshMarginS ?? 30) * 1000;
    if (t && this.canRenew() && Date.now() + margin >= t.expires_at) await this.renew();
  }

  private async doRenew(): Promise<void> {
    const t = this.current;
    if (t?.refresh_token) {
      try {
        await this.grant({ grant_type: "refresh_token", refresh_token: t.refresh_token });
      } catch (e) {
        // the session is over (expired, revoked, password changed): log in again
        if (e instanceof ApiError && (e.status === 400 || e.status === 401)) await this.setTokens(null);
        throw e;
      }
    } else if (this.clientCredentials) {
      await this.grant({ grant_type: "client_credentials", ...this.clientCredentials });
    } else {
      throw new Error("no refresh token or client credentials to renew the session with");
    }
  }

  private async grant(req: TokenRequest): Promise<TokenSet> {
    const started = Date.now();
    const res = await this.request("post", "/v1/auth/token", { body: req });
    const r = res.data as TokenResponse;
    if (!r.access_token) throw new Error("token response without access_token");
    const set: TokenSet = {
      access_token: r.access_token,
      expires_at: started + (r.expires_in ?? 0) * 1000,
      ...(r.refresh_token ? { refresh_token: r.refresh_token } : {}),
      ...(r.office ? { office: r.office } : {}),
      ...(r.scope ? { scope: r.scope } : {}),
    };
    await this.setTokens(set);
    return set;
  }

  private async setTokens(t: TokenSet | null): Promise<void> {
    this.current = t;
    await this.opts.onTokens?.(t);
  }
}
