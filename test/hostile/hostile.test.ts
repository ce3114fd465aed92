import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestApp } from "../harness/test-app";
import { authInputs } from "./catalogue.auth";
import { bodyInputs } from "./catalogue.body";
import { mailHeaderInputs } from "./catalogue.mail";
import { malformedInputs } from "./catalogue.malformed";
import { nulInputs } from "./catalogue.nul";
import { searchInputs } from "./catalogue.search";
import { tenancyInputs } from "./catalogue.tenancy";
import { staffTenancyInputs } from "./catalogue.tenancy-staff";
import { unicodeInputs } from "./catalogue.unicode";
import { uploadInputs } from "./catalogue.uploads";
import { AREAS, type Complaint, type Hostile, type HostileRequest, jsonOf } from "./types";
import { buildWorld, type World } from "./world";

/**
 * The hostile-input catalogue (issue 16): every input is sent to the app in-process, as a browser (cookie
 * and CSRF header), an API client (bearer token) or nobody, and its answer compared with what the
 * catalogue expects — a status, and for a refusal an RFC 9457 problem with its code, reason and fields.
 * Whatever the input, the answer is never a 500, an answer to A's contact never holds B's data, and no
 * object of the server process is polluted. Ends with one line: `hostile: N inputs, N handled`.
 */
const app = setupTestApp();
let w: World;

const catalogue: Hostile[] = [
  ...bodyInputs,
  ...unicodeInputs,
  ...nulInputs,
  ...searchInputs,
  ...uploadInputs,
  ...mailHeaderInputs,
  ...tenancyInputs,
  ...staffTenancyInputs,
  ...authInputs,
  ...malformedInputs,
];
const handled = new Set<Hostile>();

beforeAll(async () => {
  w = await buildWorld(app);
});

afterAll(() => {
  console.log(`hostile: ${catalogue.length} inputs, ${handled.size} handled`);
});

const send = (req: HostileRequest): Promise<LightMyRequestResponse> => {
  const as = req.as;
  const auth: Record<string, string> =
    as === null
      ? {}
      : "token" in as
        ? { authorization: `Bearer ${as.token}` }
        : { cookie: as.cookie, ...(req.withoutCsrf ? {} : { "x-csrf-token": as.csrf }) };
  const json = req.body !== undefined;
  return w.ctx.app.inject({
    method: req.method,
    url: req.url,
    remoteAddress: "127.0.0.1",
    headers: { ...auth, ...(json ? { "content-type": "application/json" } : {}), ...req.headers },
    ...(json
      ? { payload: JSON.stringify(req.body) }
      : req.payload !== undefined
        ? { payload: req.payload }
        : {}),
  });
};

const statuses = (status: number | readonly number[]) => (typeof status === "number" ? [status] : status);

/** What is wrong with the answer against the expectation and the rules every answer keeps. */
const judge = async (
  entry: Hostile,
  req: HostileRequest,
  res: LightMyRequestResponse,
): Promise<Complaint> => {
  const { expect: expected } = entry;
  if (res.statusCode >= 500) return `answered ${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (!statuses(expected.status).includes(res.statusCode)) {
    return `answered ${res.statusCode}, expected ${statuses(expected.status).join(" or ")}: ${res.body.slice(0, 300)}`;
  }
  if (res.statusCode >= 400) {
    if (!String(res.headers["content-type"]).startsWith("application/problem+json")) {
      return `a ${res.statusCode} that is not application/problem+json: ${res.headers["content-type"]}`;
    }
    const problem = jsonOf(res) as {
      status?: number;
      code?: string;
      reason?: string;
      errors?: { field: string; code: string }[];
    } | null;
    if (problem?.status !== res.statusCode) return `problem status ${problem?.status} on a ${res.statusCode}`;
    const codes = expected.code === undefined ? [] : statuses(expected.code as never);
    if (codes.length && !codes.includes(problem.code as never)) return `problem code ${problem.code}`;
    if (expected.reason && problem.reason !== expected.reason) return `problem reason ${problem.reason}`;
    for (const field of expected.fields ?? []) {
      const named = problem.errors?.find(
        (e) => e.field === field && (!expected.fieldCode || e.code === expected.fieldCode),
      );
      if (!named)
        return `no ${expected.fieldCode ?? ""} error for ${field}: ${JSON.stringify(problem.errors)}`;
    }
  }
  if (req.as === w.contactA) {
    const leaked = w.secretsOfB.filter((secret) => res.body.includes(secret));
    if (leaked.length) return `answered organization B's data to A's contact: ${leaked.join(", ")}`;
  }
  if (({} as Record<string, unknown>).polluted !== undefined || Object.hasOwn(Object.prototype, "polluted")) {
    return "Object.prototype was polluted";
  }
  return (await entry.check?.(res, w)) ?? null;
};

describe("hostile inputs", () => {
  it.each(catalogue.map((entry) => [`${entry.family} · ${entry.area} · ${entry.input}`, entry] as const))(
    "%s",
    async (_, entry) => {
      const req = await entry.send(w);
      const res = await send(req);
      const complaint = await judge(entry, req, res);
      if (!complaint) handled.add(entry);
      expect(complaint ?? null).toBeNull();
    },
  );

  it("reaches every route family", () => {
    const reached = new Set(catalogue.map((entry) => entry.area));
    expect(AREAS.filter((area) => !reached.has(area))).toEqual([]);
    expect(catalogue.length).toBeGreaterThanOrEqual(110);
  });
});
