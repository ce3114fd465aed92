import { z } from "zod";
import { WEBHOOK_EVENT_TYPES, webhookPayloadSchema } from "../../../api/webhooks";

const HEADERS = [
  ["webhook-id", "The event's id: the same on every retry and for every endpoint; dedupe on it."],
  ["webhook-timestamp", "When this attempt was signed, in seconds since the epoch; refuse old ones."],
  [
    "webhook-signature",
    "Standard Webhooks HMAC-SHA256: `v1,<base64>` separated by spaces, one per secret (two after a rotation, during its overlap).",
  ],
] as const;

// the document's own dialect (JSON Schema 2020-12) applies
const withoutDialect = ({ $schema: _dialect, ...schema }: Record<string, unknown>) => schema;

/** The OpenAPI 3.1 `webhooks` section: one entry per event, its payload typed from the zod schema. */
export const webhookOpenApi = () =>
  Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: `${type} (signed per Standard Webhooks; retried for 24 h, in order per case)`,
          parameters: HEADERS.map(([name, description]) => ({
            in: "header",
            name,
            required: true,
            description,
            schema: { type: "string" },
          })),
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: withoutDialect(z.toJSONSchema(webhookPayloadSchema(type), { io: "output" })),
              },
            },
          },
          responses: { "2XX": { description: "Received; any other answer is retried" } },
        },
      },
    ]),
  );
