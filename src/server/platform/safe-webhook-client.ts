import { lookup as dnsLookup } from "node:dns/promises";
import http, {
  type ClientRequest,
  type IncomingMessage,
  validateHeaderName,
  validateHeaderValue,
} from "node:http";
import https from "node:https";
import { BlockList, isIP, isIPv6, type LookupFunction } from "node:net";
import { StringDecoder } from "node:string_decoder";
import tls from "node:tls";

/**
 * An HTTP(S) POST for webhook deliveries that cannot be pointed at our own network (SSRF): https only,
 * every address a name resolves to checked at connect time (the checked address is the one dialled, so a
 * DNS answer cannot change between check and connect), no redirects, bounded time and bounded reading.
 * Hosts in `allowHosts` (WEBHOOK_ALLOW_HOSTS, for local development) may use http and private addresses.
 */

export type WebhookTarget = { url: string; headers: Record<string, string>; body: string };

export type DeliveryErrorCode =
  | "blocked_address"
  | "insecure_url"
  | "invalid_url"
  | "dns_failure"
  | "connect_failed"
  | "timeout"
  | "http_error"
  | "redirect_not_followed"
  | "response_too_large"
  | "tls_error";

export type DeliveryResult =
  | { ok: true; status: number; latencyMs: number; responseExcerpt: string }
  | {
      ok: false;
      status: number | null;
      latencyMs: number;
      error: DeliveryErrorCode;
      detail: string;
      responseExcerpt: string;
    };

export type ResolvedAddress = { address: string; family: 4 | 6 };

export type SafeClientOptions = {
  /** Host names or IP addresses allowed over http and on private addresses (config.webhookAllowHosts). */
  allowHosts?: readonly string[];
  /** Everything, from DNS to the last byte of the answer; default 5000. */
  timeoutMs?: number;
  /** DNS, TCP and TLS handshake; default 3000 (never more than timeoutMs). */
  connectTimeoutMs?: number;
  /** Bytes of answer read before giving up on it; default 64 KiB. */
  maxResponseBytes?: number;
  /** A CA trusted besides the system's (a test CA, an internal CA). */
  ca?: string | Buffer;
  /** Name resolution; default dns.lookup with all addresses. */
  resolver?: (host: string) => Promise<ResolvedAddress[]>;
};

export type UrlCheck =
  | { ok: true; url: URL }
  | { ok: false; error: "invalid_url" | "insecure_url" | "blocked_address"; detail: string };

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
const EXCERPT_BYTES = 1024;
const USER_AGENT = "Soporte-Webhooks/1";
// ours to set, or meaningless for one POST on its own connection; cookies are never sent
const DROPPED_HEADERS = new Set([
  "cookie",
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "expect",
  "te",
  "trailer",
  "proxy-authorization",
  "content-type",
  "user-agent",
]);

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, the cloud metadata address 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, up to the broadcast 255.255.255.255
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 96], // unspecified, loopback and the deprecated IPv4-compatible form
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard-only
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local, the EC2 metadata address fd00:ec2::254
  ["fe80::", 10], // link-local
  ["fec0::", 10], // the old site-local
  ["ff00::", 8], // multicast
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv6");
}

const withoutBrackets = (host: string) => host.replace(/^\[(.*)\]$/, "$1");

/** The 16 bytes of a valid IPv6 text (net.isIPv6 checked), a trailing dotted IPv4 included. */
const ipv6Bytes = (address: string): Buffer => {
  let text = address;
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2).map(Number) as [number, number, number, number];
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, index) => {
    bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2);
  });
  return bytes;
};

const ipv6Text = (bytes: Buffer) =>
  Array.from({ length: 8 }, (_, index) => bytes.readUInt16BE(index * 2).toString(16)).join(":");

const ipv4At = (bytes: Buffer, offset: number) => Array.from(bytes.subarray(offset, offset + 4)).join(".");

/** The IPv4 address an IPv6 one stands for: IPv4-mapped, IPv4-compatible, NAT64, 6to4. */
const embeddedIPv4 = (bytes: Buffer): string | undefined => {
  const zeros = (from: number, to: number) => bytes.subarray(from, to).every((byte) => byte === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return ipv4At(bytes, 12);
  if (zeros(0, 12)) return ipv4At(bytes, 12);
  if (bytes.readUInt32BE(0) === 0x0064ff9b && zeros(4, 12)) return ipv4At(bytes, 12);
  if (bytes.readUInt16BE(0) === 0x2002) return ipv4At(bytes, 2);
  return undefined;
};

/**
 * Whether a delivery must not reach this address: private, loopback, link-local, reserved, documentation,
 * multicast — in either family, and an IPv4 address inside an IPv6 one by what it stands for. Anything that
 * is not an IP address counts as blocked.
 */
export const isBlockedAddress = (address: string): boolean => {
  const bare = withoutBrackets(address.trim()).replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return BLOCKED.check(bare, "ipv4");
  if (family !== 6) return true;
  const bytes = ipv6Bytes(bare);
  const embedded = embeddedIPv4(bytes);
  if (embedded !== undefined && BLOCKED.check(embedded, "ipv4")) return true;
  // BlockList does not look inside mapped addresses, hence the unwrapping above
  return BLOCKED.check(ipv6Text(bytes), "ipv6");
};

const normalizeHost = (host: string) => {
  const bare = withoutBrackets(host.trim().toLowerCase()).replace(/\.$/, "");
  return isIPv6(bare) ? ipv6Text(ipv6Bytes(bare)) : bare;
};

const isAllowedHost = (host: string, allowHosts: readonly string[]) => {
  if (allowHosts.length === 0) return false;
  const wanted = normalizeHost(host);
  return allowHosts.some((allowed) => normalizeHost(allowed) === wanted);
};

/**
 * What can be said of a webhook URL before any delivery (at registration): https (http only for an
 * allow-listed host), no credentials in it, and no literal address or name that can only be local.
 */
export const checkWebhookUrl = (url: string, options: { allowHosts?: readonly string[] }): UrlCheck => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, error: "invalid_url", detail: "not a URL" };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    return {
      ok: false,
      error: "invalid_url",
      detail: `${parsed.protocol} URLs are not allowed: use https://`,
    };
  }
  if (parsed.username !== "" || parsed.password !== "") {
    return {
      ok: false,
      error: "invalid_url",
      detail: "the URL must not carry a user name or password: send credentials in a header",
    };
  }
  if (parsed.hostname === "") return { ok: false, error: "invalid_url", detail: "the URL has no host" };
  const allowed = isAllowedHost(parsed.hostname, options.allowHosts ?? []);
  if (parsed.protocol === "http:" && !allowed) {
    return {
      ok: false,
      error: "insecure_url",
      detail: `plain http is allowed only for the hosts in WEBHOOK_ALLOW_HOSTS: use https://${parsed.host}`,
    };
  }
  if (!allowed) {
    const host = normalizeHost(parsed.hostname);
    if ((isIP(host) !== 0 && isBlockedAddress(host)) || host === "localhost" || host.endsWith(".localhost")) {
      return {
        ok: false,
        error: "blocked_address",
        detail: `${parsed.hostname} is a private, local or reserved address`,
      };
    }
  }
  return { ok: true, url: parsed };
};

const defaultResolver = async (host: string): Promise<ResolvedAddress[]> =>
  (await dnsLookup(host, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

const excerptText = (bytes: Buffer) =>
  // control characters would garble a log line or a screen; lines and tabs stay
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  new StringDecoder("utf8").write(bytes).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");

const TLS_FAILURE = /CERT|SSL|TLS|SIGNATURE|ISSUER|EPROTO|^ERR_OSSL/;

const outgoingHeaders = (target: WebhookTarget) => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch {
      // a programming error, not a network outcome; the value may be a secret, so only the name is told
      throw new TypeError(`postWebhook: the header ${JSON.stringify(name)} has an invalid name or value`);
    }
    if (!DROPPED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  headers["content-type"] = "application/json";
  headers["user-agent"] = USER_AGENT;
  headers["content-length"] = String(Buffer.byteLength(target.body));
  return headers;
};

type Outcome =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: DeliveryErrorCode; detail: string };

/**
 * POSTs one delivery. Resolves with a DeliveryResult for every network outcome (it never rejects for one);
 * rejects only for a header that cannot be sent. A 2xx whose answer is larger than maxResponseBytes is
 * a failure (`response_too_large`), so an endpoint cannot make us read megabytes and count it delivered.
 */
export const postWebhook = (
  target: WebhookTarget,
  options: SafeClientOptions = {},
): Promise<DeliveryResult> => {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let headers: Record<string, string>;
  try {
    headers = outgoingHeaders(target);
  } catch (error) {
    return Promise.reject(error);
  }
  const checked = checkWebhookUrl(target.url, { allowHosts: options.allowHosts ?? [] });
  if (!checked.ok) {
    return Promise.resolve({ ...checked, status: null, latencyMs: elapsed(), responseExcerpt: "" });
  }
  const url = checked.url;
  const allowed = isAllowedHost(url.hostname, options.allowHosts ?? []);
  const secure = url.protocol === "https:";
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, timeoutMs);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const resolver = options.resolver ?? defaultResolver;
  // details name the host only: a webhook path often holds a token
  const where = url.host;

  return new Promise<DeliveryResult>((resolve) => {
    let settled = false;
    let connected = false;
    let status: number | null = null;
    let excerpt: Buffer = Buffer.alloc(0);
    let lookupFailure: { error: DeliveryErrorCode; detail: string } | undefined;
    const timers: NodeJS.Timeout[] = [];

    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      request.destroy();
      resolve({ ...outcome, latencyMs: elapsed(), responseExcerpt: excerptText(excerpt) });
    };
    const fail = (error: DeliveryErrorCode, detail: string) => finish({ ok: false, status, error, detail });

    const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
      const refuse = (failure: { error: DeliveryErrorCode; detail: string }) => {
        lookupFailure = failure;
        callback(
          Object.assign(new Error(failure.detail), { code: "EWEBHOOKLOOKUP" }),
          lookupOptions.all ? [] : "",
        );
      };
      resolver(hostname).then(
        (resolved) => {
          const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
          const addresses = resolved.filter((entry) => wanted === 0 || entry.family === wanted);
          if (addresses.length === 0) {
            refuse({ error: "dns_failure", detail: `${hostname} has no address` });
            return;
          }
          // one bad address refuses them all: a name that mixes public and private answers is not trusted
          const blocked = allowed ? undefined : addresses.find((entry) => isBlockedAddress(entry.address));
          if (blocked) {
            refuse({
              error: "blocked_address",
              detail: `${hostname} resolves to ${blocked.address}, a private, local or reserved address`,
            });
            return;
          }
          if (lookupOptions.all) callback(null, addresses);
          else callback(null, addresses[0]!.address, addresses[0]!.family);
        },
        (error: NodeJS.ErrnoException) => {
          refuse({
            error: "dns_failure",
            detail: `${hostname} did not resolve (${error.code ?? error.message})`,
          });
        },
      );
    };

    const requestOptions: https.RequestOptions = {
      method: "POST",
      hostname: withoutBrackets(url.hostname),
      port: url.port === "" ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers,
      // a fresh connection each time: no pooled socket outlives the decision that allowed it
      agent: false,
      lookup,
      maxHeaderSize: 16 * 1024,
    };
    if (secure) {
      requestOptions.rejectUnauthorized = true;
      if (options.ca !== undefined) requestOptions.ca = [...tls.rootCertificates, options.ca];
    }
    const request: ClientRequest = (secure ? https : http).request(requestOptions);

    timers.push(
      setTimeout(() => fail("timeout", `no complete answer from ${where} within ${timeoutMs} ms`), timeoutMs),
    );
    request.on("socket", (socket) => {
      if (settled) return;
      const connectTimer = setTimeout(
        () => fail("timeout", `no connection to ${where} within ${connectTimeoutMs} ms`),
        connectTimeoutMs,
      );
      timers.push(connectTimer);
      socket.once(secure ? "secureConnect" : "connect", () => {
        connected = true;
        clearTimeout(connectTimer);
      });
    });

    request.on("error", (error: NodeJS.ErrnoException) => {
      if (lookupFailure) {
        fail(lookupFailure.error, lookupFailure.detail);
        return;
      }
      const code = error.code ?? "";
      if (TLS_FAILURE.test(code)) {
        fail("tls_error", `TLS with ${where} failed: ${error.message}`);
      } else if (connected) {
        fail(
          "connect_failed",
          `${where} closed the connection without a complete answer (${code || error.message})`,
        );
      } else {
        fail("connect_failed", `could not connect to ${where} (${code || error.message})`);
      }
    });

    request.on("response", (response: IncomingMessage) => {
      status = response.statusCode ?? null;
      let received = 0;
      response.on("data", (chunk: Buffer) => {
        if (excerpt.length < EXCERPT_BYTES) {
          excerpt = Buffer.concat([excerpt, chunk.subarray(0, EXCERPT_BYTES - excerpt.length)]);
        }
        received += chunk.length;
        if (received > maxResponseBytes) {
          fail(
            "response_too_large",
            `the answer of ${where} passed ${maxResponseBytes} bytes; reading stopped`,
          );
        }
      });
      response.on("error", () =>
        fail("connect_failed", `${where} closed the connection while answering (status ${status})`),
      );
      response.on("end", () => {
        const code = status ?? 0;
        if (code >= 200 && code < 300) {
          finish({ ok: true, status: code });
        } else if (code >= 300 && code < 400) {
          const location = excerptText(Buffer.from(String(response.headers.location ?? "(none)"))).slice(
            0,
            500,
          );
          fail(
            "redirect_not_followed",
            `${where} answered ${code} to ${location}; redirects are not followed`,
          );
        } else {
          fail("http_error", `${where} answered ${code}`);
        }
      });
    });

    request.end(target.body);
  });
};
