import { createHash, randomBytes } from "node:crypto";

export const newSecret = (): string => randomBytes(32).toString("base64url");
export const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

export const API_TOKEN_PREFIX = "sop_";
export const newApiToken = (): { token: string; prefix: string } => {
  const secret = newSecret();
  return { token: `${API_TOKEN_PREFIX}${secret}`, prefix: `${API_TOKEN_PREFIX}${secret.slice(0, 6)}` };
};
