import { problemSchema } from "../../api/errors";

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
} as const;

export const SECURED: { [scheme: string]: string[] }[] = [{ sessionCookie: [] }, { bearerToken: [] }];
