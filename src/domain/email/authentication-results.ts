import { headerValues, type MailHeaders } from "./mail-headers";

export type AuthVerdict = { verified: true } | { verified: false; failed: string[] };

/**
 * RFC 8601 Authentication-Results, believed only from our own trusted relays (anyone can add the header):
 * an SPF, DKIM or DMARC failure makes the sender unverified.
 */
export const checkAuthenticationResults = (
  headers: MailHeaders,
  trustedAuthServIds: readonly string[],
): AuthVerdict => {
  const trusted = new Set(trustedAuthServIds.map((id) => id.toLowerCase()));
  const failed: string[] = [];
  for (const value of headerValues(headers, "authentication-results")) {
    const authServId = value.split(";")[0]?.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
    if (!trusted.has(authServId)) continue;
    for (const match of value.matchAll(/\b(spf|dkim|dmarc)\s*=\s*(\w+)/gi)) {
      const method = match[1]!.toLowerCase();
      const result = match[2]!.toLowerCase();
      if (["fail", "softfail", "permerror"].includes(result)) failed.push(`${method}=${result}`);
    }
  }
  return failed.length ? { verified: false, failed } : { verified: true };
};
