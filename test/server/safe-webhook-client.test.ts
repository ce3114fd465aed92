import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import {
  checkWebhookUrl,
  type DeliveryResult,
  isBlockedAddress,
  postWebhook,
  type ResolvedAddress,
} from "../../src/server/platform/safe-webhook-client";
import { type HttpsReceiver, startHttpsReceiver } from "../harness/https-receiver";

const BODY = JSON.stringify({ type: "case.created", data: { number: 1042, subject: "No arranca" } });

const receivers: HttpsReceiver[] = [];
const receiver = async (options: Parameters<typeof startHttpsReceiver>[0] = {}) => {
  const started = await startHttpsReceiver(options);
  receivers.push(started);
  return started;
};
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const resolvesTo =
  (...addresses: string[]) =>
  async (): Promise<ResolvedAddress[]> =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

const failure = (result: DeliveryResult) => {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result;
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe("isBlockedAddress", () => {
  it.each([
    // IPv4
    "0.0.0.0",
    "0.1.2.3",
    "10.0.0.1",
    "10.255.255.255",
    "100.64.0.1",
    "100.127.255.255",
    "127.0.0.1",
    "127.255.255.254",
    "169.254.0.1",
    "169.254.169.254",
    "172.16.0.1",
    "172.31.255.255",
    "192.0.0.1",
    "192.0.0.255",
    "192.168.0.1",
    "192.168.255.255",
    "198.18.0.1",
    "198.19.255.255",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    // IPv6
    "::",
    "::1",
    "[::1]",
    "0:0:0:0:0:0:0:1",
    "fc00::1",
    "fd12:3456:789a::1",
    "fd00:ec2::254",
    "fe80::1",
    "fe80::1%eth0",
    "febf:ffff::1",
    "ff02::1",
    "ff0e::fb",
    "2001:db8::1",
    "2001:db8:ffff:ffff::1",
    // IPv4-mapped, dotted and hex
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "[::ffff:7f00:1]",
    "0:0:0:0:0:ffff:7f00:0001",
    "::ffff:10.0.0.1",
    "::ffff:a9fe:a9fe",
    "::ffff:169.254.169.254",
    "::ffff:192.168.1.1",
    "::ffff:0.0.0.0",
    // NAT64 with a blocked IPv4 inside
    "64:ff9b::127.0.0.1",
    "64:ff9b::7f00:1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b::10.1.2.3",
    "64:ff9b:1::1",
    // IPv4-compatible and 6to4 of a blocked IPv4
    "::127.0.0.1",
    "::8.8.8.8",
    "2002:7f00:1::1",
    "2002:c0a8:101::1",
    // not an address: refused rather than guessed
    "localhost",
    "example.com",
    "127.1",
    "",
  ])("blocks %s", (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "9.255.255.255",
    "11.0.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "126.255.255.255",
    "128.0.0.0",
    "169.253.255.255",
    "169.255.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "192.0.1.0",
    "192.167.255.255",
    "192.169.0.0",
    "198.17.255.255",
    "198.20.0.0",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "2a00:1450:4001::200e",
    "fbff:ffff::1",
    "2001:db9::1",
    "::ffff:8.8.8.8",
    "::ffff:808:808",
    "64:ff9b::8.8.8.8",
    "64:ff9b::101:101",
    "2002:808:808::1",
  ])("lets %s through", (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });
});

describe("checkWebhookUrl", () => {
  it.each([
    ["file:///etc/passwd", "invalid_url"],
    ["ftp://hooks.example.com/upload", "invalid_url"],
    ["gopher://hooks.example.com/", "invalid_url"],
    ["not a url", "invalid_url"],
    ["https://user:pass@hooks.example.com/hook", "invalid_url"],
    ["https://token@hooks.example.com/hook", "invalid_url"],
    ["http://hooks.example.com/hook", "insecure_url"],
    ["http://localhost:8080/hook", "insecure_url"],
    ["https://127.0.0.1/hook", "blocked_address"],
    ["https://127.1/hook", "blocked_address"],
    ["https://2130706433/hook", "blocked_address"],
    ["https://0x7f.0.0.1/hook", "blocked_address"],
    ["https://10.0.0.1/hook", "blocked_address"],
    ["https://169.254.169.254/latest/meta-data/", "blocked_address"],
    ["https://[::ffff:127.0.0.1]/hook", "blocked_address"],
    ["https://[::ffff:7f00:1]/hook", "blocked_address"],
    ["https://[::1]/hook", "blocked_address"],
    ["https://[fd00:ec2::254]/hook", "blocked_address"],
    ["https://localhost/hook", "blocked_address"],
    ["https://LOCALHOST./hook", "blocked_address"],
    ["https://api.localhost/hook", "blocked_address"],
  ])("refuses %s (%s)", (url, error) => {
    const result = checkWebhookUrl(url, {});
    expect(result).toMatchObject({ ok: false, error });
    if (!result.ok) expect(result.detail).not.toContain("@");
  });

  it("accepts https to a public host or address, keeping the parsed URL", () => {
    const result = checkWebhookUrl("https://hooks.example.com:8443/in?key=1", {});
    expect(result.ok && result.url.href).toBe("https://hooks.example.com:8443/in?key=1");
    expect(checkWebhookUrl("https://8.8.8.8/hook", {}).ok).toBe(true);
    expect(checkWebhookUrl("https://[2606:4700:4700::1111]/hook", {}).ok).toBe(true);
  });

  it("lets an allow-listed host use http and a private address", () => {
    const allowHosts = ["localhost", "127.0.0.1", "::1", "receiver.test"];
    for (const url of [
      "http://localhost:3000/hook",
      "https://localhost/hook",
      "http://127.0.0.1:9/hook",
      "http://[::1]:9/hook",
      "http://[0:0:0:0:0:0:0:1]:9/hook",
      "http://Receiver.Test/hook",
    ]) {
      expect(checkWebhookUrl(url, { allowHosts }).ok, url).toBe(true);
    }
    expect(checkWebhookUrl("http://10.0.0.1/hook", { allowHosts })).toMatchObject({ error: "insecure_url" });
    expect(checkWebhookUrl("https://10.0.0.1/hook", { allowHosts })).toMatchObject({
      error: "blocked_address",
    });
    expect(checkWebhookUrl("ftp://localhost/", { allowHosts })).toMatchObject({ error: "invalid_url" });
    expect(checkWebhookUrl("http://u:p@localhost/", { allowHosts })).toMatchObject({ error: "invalid_url" });
  });
});

describe("postWebhook", () => {
  it("delivers over HTTPS to a receiver it trusts through `ca`, signed as Standard Webhooks", async () => {
    const secret = `whsec_${randomBytes(24).toString("base64")}`;
    const verified: unknown[] = [];
    const hook = await receiver({
      respond: ({ headers, body }) => {
        verified.push(new Webhook(secret).verify(body, headers as Record<string, string>));
        return { status: 202, body: "accepted\u0000\u001b[2J\n" };
      },
    });
    const id = "msg_2hZ9fXb1";
    const timestamp = new Date();
    const result = await postWebhook(
      {
        url: hook.url,
        headers: {
          "webhook-id": id,
          "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
          "webhook-signature": new Webhook(secret).sign(id, timestamp, BODY),
          Cookie: "session=stolen",
          Host: "evil.example",
          "X-Soporte-Event": "case.created",
        },
        body: BODY,
      },
      { allowHosts: ["localhost"], ca: hook.ca },
    );

    expect(result).toMatchObject({ ok: true, status: 202, responseExcerpt: "accepted[2J\n" });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(verified).toEqual([JSON.parse(BODY)]);
    expect(hook.received).toHaveLength(1);
    const [got] = hook.received;
    expect(got).toMatchObject({ method: "POST", path: "/hook", body: BODY });
    expect(got!.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "Soporte-Webhooks/1",
      "x-soporte-event": "case.created",
      host: `localhost:${hook.port}`,
      "content-length": String(Buffer.byteLength(BODY)),
    });
    expect(got!.headers.cookie).toBeUndefined();
  });

  it("opens a new connection for every delivery", async () => {
    const hook = await receiver();
    const options = { allowHosts: ["localhost"], ca: hook.ca };
    await postWebhook({ url: hook.url, headers: {}, body: BODY }, options);
    await postWebhook({ url: hook.url, headers: {}, body: BODY }, options);
    expect(hook.received).toHaveLength(2);
    expect(hook.connections()).toBe(2);
  });

  it("refuses a name that resolves to a private address, before any connection", async () => {
    const hook = await receiver();
    const url = `https://hooks.example.com:${hook.port}/hook`;
    for (const resolver of [
      resolvesTo("127.0.0.1"),
      resolvesTo("93.184.215.14", "127.0.0.1"),
      resolvesTo("::ffff:127.0.0.1"),
      resolvesTo("169.254.169.254"),
      resolvesTo("fd00:ec2::254"),
    ]) {
      const result = failure(await postWebhook({ url, headers: {}, body: BODY }, { resolver, ca: hook.ca }));
      expect(result).toMatchObject({ status: null, error: "blocked_address" });
      expect(result.detail).toMatch(
        /^hooks\.example\.com resolves to .+, a private, local or reserved address$/,
      );
    }
    expect(hook.connections()).toBe(0);
    expect(hook.received).toEqual([]);
  });

  it("refuses a literal private address and plain http without connecting", async () => {
    const hook = await receiver({ plain: true });
    const blocked = await postWebhook({
      url: `https://127.0.0.1:${hook.port}/hook`,
      headers: {},
      body: BODY,
    });
    expect(failure(blocked)).toMatchObject({ error: "blocked_address", status: null });
    const insecure = await postWebhook({ url: hook.url, headers: {}, body: BODY });
    expect(failure(insecure)).toMatchObject({ error: "insecure_url" });
    const mapped = await postWebhook({
      url: `https://[::ffff:7f00:1]:${hook.port}/`,
      headers: {},
      body: BODY,
    });
    expect(failure(mapped)).toMatchObject({ error: "blocked_address" });
    expect(hook.connections()).toBe(0);
  });

  it("dials the address it checked (an allow-listed name over http, resolved by the injected resolver)", async () => {
    const hook = await receiver({ plain: true });
    const result = await postWebhook(
      { url: `http://receiver.test:${hook.port}/hook?via=allow-list`, headers: {}, body: BODY },
      { allowHosts: ["receiver.test"], resolver: resolvesTo("127.0.0.1") },
    );
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(hook.received[0]).toMatchObject({ path: "/hook?via=allow-list" });
    expect(hook.received[0]!.headers.host).toBe(`receiver.test:${hook.port}`);
  });

  it("reports a non-2xx answer as http_error with its status and a clean excerpt", async () => {
    const hook = await receiver({
      respond: () => ({ status: 500, body: `boom\u0007\r\n${"x".repeat(3000)}` }),
    });
    const result = failure(
      await postWebhook(
        { url: hook.url, headers: {}, body: BODY },
        { allowHosts: ["localhost"], ca: hook.ca },
      ),
    );
    expect(result).toMatchObject({
      error: "http_error",
      status: 500,
      detail: `localhost:${hook.port} answered 500`,
    });
    expect(result.responseExcerpt.startsWith("boom\nxxx")).toBe(true);
    expect(result.responseExcerpt.length).toBe(1024 - 2);
  });

  it("gives up on a receiver that never answers after timeoutMs", async () => {
    const hook = await receiver({ respond: () => ({ status: 200, neverAnswer: true }) });
    const result = failure(
      await postWebhook(
        { url: hook.url, headers: {}, body: BODY },
        { allowHosts: ["localhost"], ca: hook.ca, timeoutMs: 300 },
      ),
    );
    expect(result).toMatchObject({ error: "timeout", status: null });
    expect(result.detail).toBe(`no complete answer from localhost:${hook.port} within 300 ms`);
    expect(result.latencyMs).toBeGreaterThanOrEqual(290);
    expect(result.latencyMs).toBeLessThan(1000);
  });

  it("gives up on a name that does not resolve in connectTimeoutMs", async () => {
    const result = failure(
      await postWebhook(
        { url: "https://slow-dns.example.com/hook", headers: {}, body: BODY },
        { resolver: () => new Promise(() => undefined), connectTimeoutMs: 150, timeoutMs: 2000 },
      ),
    );
    expect(result).toMatchObject({
      error: "timeout",
      detail: "no connection to slow-dns.example.com within 150 ms",
    });
    expect(result.latencyMs).toBeLessThan(1000);
  });

  it("stops reading an answer past maxResponseBytes, even a 2xx", async () => {
    const hook = await receiver({
      respond: () => ({ status: 200, body: Buffer.alloc(10 * 1024 * 1024, "a") }),
    });
    const result = failure(
      await postWebhook(
        { url: hook.url, headers: {}, body: BODY },
        { allowHosts: ["localhost"], ca: hook.ca },
      ),
    );
    expect(result).toMatchObject({ error: "response_too_large", status: 200 });
    expect(result.detail).toBe(`the answer of localhost:${hook.port} passed 65536 bytes; reading stopped`);
    expect(result.responseExcerpt).toBe("a".repeat(1024));
    expect(result.latencyMs).toBeLessThan(2000);
  });

  it("hangs up on an endless answer instead of reading it until the timeout", async () => {
    let sent = 0;
    async function* endless() {
      for (;;) {
        sent += 16 * 1024;
        yield Buffer.alloc(16 * 1024, "z");
      }
    }
    const hook = await receiver({ respond: () => ({ status: 200, body: endless() }) });
    const result = failure(
      await postWebhook(
        { url: hook.url, headers: {}, body: BODY },
        { allowHosts: ["localhost"], ca: hook.ca, maxResponseBytes: 4096, timeoutMs: 3000 },
      ),
    );
    expect(result).toMatchObject({ error: "response_too_large", status: 200 });
    expect(result.latencyMs).toBeLessThan(1000);
    // the connection is closed: the receiver stops, after at most what the socket buffers took
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = sent;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sent).toBe(stopped);
    expect(hook.received[0]!.answered).toBe(false);
  });

  it("does not follow a redirect, and names where it pointed", async () => {
    const elsewhere = await receiver();
    const hook = await receiver({
      respond: () => ({ status: 302, headers: { location: `${elsewhere.url}?from=redirect` } }),
    });
    const result = failure(
      await postWebhook(
        { url: hook.url, headers: {}, body: BODY },
        { allowHosts: ["localhost"], ca: hook.ca },
      ),
    );
    expect(result).toMatchObject({ error: "redirect_not_followed", status: 302 });
    expect(result.detail).toContain(`${elsewhere.url}?from=redirect`);
    expect(hook.received).toHaveLength(1);
    expect(elsewhere.connections()).toBe(0);
  });

  it("fails TLS against a certificate it does not trust", async () => {
    const hook = await receiver();
    const result = failure(
      await postWebhook({ url: hook.url, headers: {}, body: BODY }, { allowHosts: ["localhost"] }),
    );
    expect(result).toMatchObject({ error: "tls_error", status: null });
    expect(result.detail).toMatch(/^TLS with localhost:\d+ failed: /);
    expect(hook.received).toEqual([]);
  });

  it("fails TLS when the certificate does not name the host", async () => {
    const hook = await receiver();
    const result = failure(
      await postWebhook(
        { url: `https://receiver.test:${hook.port}/hook`, headers: {}, body: BODY },
        { allowHosts: ["receiver.test"], ca: hook.ca, resolver: resolvesTo("127.0.0.1") },
      ),
    );
    expect(result).toMatchObject({ error: "tls_error" });
    expect(hook.received).toEqual([]);
  });

  it("reports a refused connection and a failed lookup", async () => {
    const port = await freePort();
    const refused = failure(
      await postWebhook(
        { url: `http://127.0.0.1:${port}/hook`, headers: {}, body: BODY },
        { allowHosts: ["127.0.0.1"] },
      ),
    );
    expect(refused).toMatchObject({ error: "connect_failed", status: null });
    expect(refused.detail).toContain("ECONNREFUSED");

    const notFound = Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    const unresolved = failure(
      await postWebhook(
        { url: "https://gone.example.com/hook", headers: {}, body: BODY },
        { resolver: () => Promise.reject(notFound) },
      ),
    );
    expect(unresolved).toMatchObject({
      error: "dns_failure",
      detail: "gone.example.com did not resolve (ENOTFOUND)",
    });

    const empty = failure(
      await postWebhook(
        { url: "https://empty.example.com/", headers: {}, body: BODY },
        { resolver: resolvesTo() },
      ),
    );
    expect(empty).toMatchObject({ error: "dns_failure" });
  });

  it("rejects a header that cannot be sent, naming it but not its value", async () => {
    await expect(
      postWebhook({
        url: "https://hooks.example.com/",
        headers: { "x-token": "abc\r\nInjected: 1" },
        body: BODY,
      }),
    ).rejects.toThrow(/^postWebhook: the header "x-token" has an invalid name or value$/);
  });
});
