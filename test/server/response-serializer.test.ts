import { describe, expect, it } from "vitest";
import { z } from "zod";
import { caseSchema } from "../../src/api/cases";
import { responseJsonSchema, responseSerializer } from "../../src/server/platform/response-serializer";

const compile = (schema: z.ZodType, check = false) =>
  responseSerializer({ check })({ schema, method: "GET", url: "/x", httpStatus: "200" }) as (
    data: unknown,
  ) => string;

describe("response serializer", () => {
  const schema = z.object({
    id: z.string(),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    dueAt: z.string().nullable(),
    count: z.number().int(),
    tags: z.array(z.string()),
  });

  it("writes only the declared properties, as zod's parse would, nulls included", () => {
    const stringify = compile(schema);
    const data = {
      id: "a",
      assignee: null,
      dueAt: "2026-11-27T15:00:00.000Z",
      count: 3,
      tags: ["x"],
      password_hash: "secret",
    };
    expect(stringify(data)).toBe(JSON.stringify(schema.parse(data)));
    expect(stringify(data)).not.toContain("secret");
    const assigned = { ...data, assignee: { id: "u", name: "Ana", email: "hidden" }, dueAt: null };
    expect(JSON.parse(stringify(assigned))).toEqual(schema.parse(assigned));
  });

  it("turns `X | null` into nullable, so no value is matched against each branch", () => {
    const json = responseJsonSchema(schema) as { properties: Record<string, Record<string, unknown>> };
    expect(json.properties.assignee).toMatchObject({ type: "object", nullable: true });
    expect(json.properties.assignee).not.toHaveProperty("anyOf");
    expect(json.properties.dueAt).not.toHaveProperty("anyOf");
  });

  it("outside production, refuses an answer its schema does not allow", () => {
    expect(() => compile(schema, true)({ id: 1 })).toThrow();
    expect(() =>
      compile(schema, false)({ id: "a", assignee: null, dueAt: null, count: 1, tags: [] }),
    ).not.toThrow();
  });

  it("compiles the case, the largest answer, with no `anyOf` left for a nullable field", () => {
    expect(() => compile(caseSchema)).not.toThrow();
    expect(JSON.stringify(responseJsonSchema(caseSchema))).not.toContain('"anyOf"');
  });
});
