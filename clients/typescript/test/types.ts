/**
 * Type tests: each @ts-expect-error line must stay an error under strict tsc (tsc fails
 * with "Unused '@ts-expect-error' directive" when the client's types stop catching it).
 * Never run; type-checked by tests/checks/client.sh.
 */
import type { ApiResult, ItemOf, Schemas } from "../src/client.js";
import { YinhuiClient } from "../src/client.js";

export async function typeTests(api: YinhuiClient): Promise<void> {
  // a path the spec does not have
  // @ts-expect-error
  await api.get("/v1/no-such-thing");
  // a method the path does not have
  // @ts-expect-error
  await api.delete("/v1/members");
  // a path parameter is required
  // @ts-expect-error
  await api.get("/v1/members/{id}");
  // an undeclared query parameter
  // @ts-expect-error
  await api.get("/v1/members", { query: { bogus: 1 } });
  // a query value of the wrong type
  // @ts-expect-error
  await api.get("/v1/members", { query: { limit: "20" } });
  // an update without If-Match (the API answers 428)
  // @ts-expect-error
  await api.patch("/v1/members/{id}", { path: { id: "1" }, body: { notes: "x" } });
  // a body field the schema does not have (the API answers 422)
  // @ts-expect-error
  await api.patch("/v1/members/{id}", { path: { id: "1" }, ifMatch: 1, body: { nots: "x" } });
  // a required body is required
  // @ts-expect-error
  await api.post("/v1/volunteer-teams");
  // an enum value the spec does not list
  // @ts-expect-error
  await api.post("/v1/volunteer-teams", { body: { name: "x", speciality: "cooking" } });
  // a create without a field it requires (the API answers 422 on speciality)
  // @ts-expect-error
  await api.post("/v1/volunteer-teams", { body: { name: "x" } });
  // only list operations page
  // @ts-expect-error
  api.items("/v1/members/{id}", { path: { id: "1" } });

  // and what must type-check: the response types follow the spec
  const m: ApiResult<Schemas["Member"]> = await api.get("/v1/members/{id}", { path: { id: "1" } });
  const v: number | undefined = m.data.version;
  const item: ItemOf<"/v1/members"> = m.data;
  const none: undefined = (await api.post("/v1/auth/revoke")).data;
  // @ts-expect-error: a member has no such field
  m.data.nonexistent;
  void v, item, none;
}
