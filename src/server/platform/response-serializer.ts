import fastJson from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify/types/schema";
import { ResponseSerializationError } from "fastify-type-provider-zod";
import { z } from "zod";

type JsonSchema = { [key: string]: unknown };

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * `X | null` is `anyOf: [X, {type: "null"}]` in zod's JSON Schema; fast-json-stringify picks an `anyOf`
 * branch by validating the value against each (ajv, on every call), but writes `nullable` directly.
 */
const simplify = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(simplify);
  if (!isObject(schema)) return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) out[key] = simplify(value);
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullAt = anyOf.findIndex((s) => isObject(s) && s.type === "null" && Object.keys(s).length === 1);
    const other = anyOf[1 - nullAt];
    if (nullAt >= 0 && isObject(other) && typeof other.type === "string" && !("anyOf" in other)) {
      const { anyOf: _, ...rest } = out;
      return { ...rest, ...other, nullable: true };
    }
  }
  return out;
};

/** The JSON Schema fast-json-stringify compiles a response's zod schema to (exported for its tests). */
export const responseJsonSchema = (schema: z.ZodType) =>
  simplify(z.toJSONSchema(schema, { io: "output", target: "draft-7", unrepresentable: "any" })) as JsonSchema;

/**
 * Responses are written by fast-json-stringify compiled from each route's zod schema: only the declared
 * properties leave the server, as with zod's parse, at a fraction of its cost on a page of cases. Outside
 * production, zod also checks every response against its schema, so that the tests catch a handler that
 * drifts from its contract.
 */
export const responseSerializer =
  (options: { check: boolean }): FastifySerializerCompiler<z.ZodType> =>
  ({ schema, method, url }) => {
    // compiled on first use: a server (or a test's app) starts without compiling the ~200 it may not use
    let compiled: ((data: unknown) => string) | undefined;
    const stringify = (data: unknown) => {
      compiled ??= fastJson(responseJsonSchema(schema) as unknown as Parameters<typeof fastJson>[0]);
      return compiled(data);
    };
    if (!options.check) return stringify;
    return (data) => {
      const result = z.safeEncode(schema, data);
      if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
      return stringify(data);
    };
  };

/** A JSON answer already written, as UTF-8 (kept views put together): a route sends it as it is. */
export class PreSerialized {
  constructor(readonly json: Buffer) {}
}

/** The writer of one response schema, as the routes' serializer compiles it. */
export const compileResponse = (schema: z.ZodType, options: { check: boolean }) =>
  responseSerializer(options)({ schema, method: "GET", url: "(kept view)", httpStatus: "200" }) as (
    data: unknown,
  ) => string;
