import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/server/platform/config";
import {
  createSecretBox,
  KEY_FILE_NAME,
  loadSecretBox,
  SecretsError,
} from "../../src/server/platform/secrets";

const PLAIN = "whsec_very-secret-signing-key ñ 🔑";

const thrown = (action: () => unknown): Error => {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected it to throw");
};

const rejection = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected it to reject");
};

/** Flips one bit of one base64url character of the sealed part at `index` (2 iv, 3 tag, 4 ciphertext). */
const alter = (sealed: string, index: number) => {
  const parts = sealed.split(".");
  const part = parts[index]!;
  const bytes = Buffer.from(part, "base64url");
  bytes[0]! ^= 1;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
};

describe("secret box", () => {
  const key = randomBytes(32);

  it("opens what it sealed, in the sb1.<key id>.<iv>.<tag>.<ciphertext> form", () => {
    const box = createSecretBox({ current: key });
    const sealed = box.seal(PLAIN);
    expect(sealed).toMatch(/^sb1\.[0-9a-f]{8}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(sealed.split(".")[1]).toBe(box.keyId);
    expect(sealed).not.toContain("secret");
    expect(box.isSealed(sealed)).toBe(true);
    expect(box.isSealed(PLAIN)).toBe(false);
    expect(box.open(sealed)).toBe(PLAIN);
    expect(box.open(box.seal(""))).toBe("");
  });

  it("uses a new IV each time", () => {
    const box = createSecretBox({ current: key });
    const sealed = Array.from({ length: 50 }, () => box.seal(PLAIN));
    expect(new Set(sealed).size).toBe(50);
    expect(new Set(sealed.map((s) => s.split(".")[2])).size).toBe(50);
  });

  it("names its key by the first 8 hex characters of its sha256", () => {
    const box = createSecretBox({ current: Buffer.alloc(32, 0) });
    // sha256 of 32 zero bytes
    expect(box.keyId).toBe("66687aad");
  });

  it.each([
    ["the IV", 2],
    ["the tag", 3],
    ["the ciphertext", 4],
  ])("refuses a value whose %s was altered, without telling the secret", (_what, index) => {
    const box = createSecretBox({ current: key });
    const error = thrown(() => box.open(alter(box.seal(PLAIN), index)));
    expect(error).toBeInstanceOf(SecretsError);
    expect(error.message).toMatch(/integrity check/);
    expect(error.message).not.toContain(PLAIN);
  });

  it("refuses a value relabelled with another key's id, a value of another key, and a non-sealed value", () => {
    const other = createSecretBox({ current: randomBytes(32) });
    const box = createSecretBox({ current: key, previous: [randomBytes(32)] });
    const sealed = box.seal(PLAIN);

    const unknown = thrown(() => box.open(other.seal(PLAIN)));
    expect(unknown).toBeInstanceOf(SecretsError);
    expect(unknown.message).toContain(`sealed with key ${other.keyId}, which this server does not have`);
    expect(unknown.message).not.toContain(PLAIN);

    const relabelled = sealed.replace(`.${box.keyId}.`, `.${other.keyId}.`);
    expect(() => box.open(relabelled)).toThrow(SecretsError);

    expect(() => box.open(PLAIN)).toThrow(/not a sealed secret/);
    expect(thrown(() => box.open(PLAIN)).message).not.toContain(PLAIN);
  });

  it("opens values sealed with a previous key and seals with the current one (rotation)", () => {
    const oldKey = randomBytes(32);
    const before = createSecretBox({ current: oldKey });
    const stored = [before.seal("first"), before.seal(PLAIN)];

    const rotating = createSecretBox({ current: key, previous: [oldKey] });
    expect(rotating.keyId).not.toBe(before.keyId);
    const resealed = stored.map((value) =>
      value.split(".")[1] === rotating.keyId ? value : rotating.seal(rotating.open(value)),
    );
    expect(resealed.every((value) => value.split(".")[1] === rotating.keyId)).toBe(true);

    // once every value is resealed the old key can go
    const after = createSecretBox({ current: key });
    expect(resealed.map((value) => after.open(value))).toEqual(["first", PLAIN]);
    expect(() => after.open(stored[0]!)).toThrow(SecretsError);
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createSecretBox({ current: randomBytes(16) })).toThrow(SecretsError);
  });
});

describe("loading the server's key", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "soporte-secrets-"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("creates <dataDir>/secrets.key with mode 0600 on first use and reuses it", async () => {
    const dir = path.join(dataDir, "not-yet", "there");
    const first = await loadSecretBox({ dataDir: dir });
    const file = path.join(dir, KEY_FILE_NAME);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const sealed = first.seal(PLAIN);

    const second = await loadSecretBox({ dataDir: dir });
    expect(second.keyId).toBe(first.keyId);
    expect(second.open(sealed)).toBe(PLAIN);
    expect(Buffer.from((await readFile(file, "utf8")).trim(), "base64")).toHaveLength(32);
  });

  it("agrees on one key when several processes start at once", async () => {
    const boxes = await Promise.all(Array.from({ length: 8 }, () => loadSecretBox({ dataDir })));
    expect(new Set(boxes.map((box) => box.keyId)).size).toBe(1);
    const sealed = boxes[3]!.seal(PLAIN);
    expect(boxes[6]!.open(sealed)).toBe(PLAIN);
    // no temp file is left beside it
    expect(await readdir(dataDir)).toEqual([KEY_FILE_NAME]);
  });

  it.each([0o640, 0o604, 0o644])(
    "refuses a key file with mode %s, naming the file and the fix",
    async (mode) => {
      await loadSecretBox({ dataDir });
      const file = path.join(dataDir, KEY_FILE_NAME);
      await chmod(file, mode);
      const error = await rejection(loadSecretBox({ dataDir }));
      expect(error).toBeInstanceOf(SecretsError);
      expect(error.message).toContain(file);
      expect(error.message).toContain(`chmod 600 ${file}`);
      expect(error.message).not.toContain((await readFile(file, "utf8")).trim());
    },
  );

  it("refuses a key file that holds no key", async () => {
    await writeFile(path.join(dataDir, KEY_FILE_NAME), "hunter2\n", { mode: 0o600 });
    const error = await rejection(loadSecretBox({ dataDir }));
    expect(error).toBeInstanceOf(SecretsError);
    expect(error.message).toMatch(/does not hold a key/);
    expect(error.message).not.toContain("hunter2");
  });

  it("uses SECRETS_KEY (hex or base64) when set, and then makes no key file", async () => {
    const key = randomBytes(32);
    const expected = createSecretBox({ current: key });
    const fromHex = await loadSecretBox({ secretsKey: key.toString("hex"), dataDir });
    const fromBase64 = await loadSecretBox({ secretsKey: key.toString("base64"), dataDir });
    const fromBase64Url = await loadSecretBox({ secretsKey: key.toString("base64url"), dataDir });
    expect([fromHex.keyId, fromBase64.keyId, fromBase64Url.keyId]).toEqual([
      expected.keyId,
      expected.keyId,
      expected.keyId,
    ]);
    expect(fromBase64.open(expected.seal(PLAIN))).toBe(PLAIN);
    expect(await readdir(dataDir)).toEqual([]);

    await expect(loadSecretBox({ secretsKey: "too-short", dataDir })).rejects.toThrow(SecretsError);
  });

  it("opens with previous keys given as text", async () => {
    const oldKey = randomBytes(32);
    const old = createSecretBox({ current: oldKey });
    const box = await loadSecretBox({ dataDir, previousKeys: [oldKey.toString("hex")] });
    expect(box.open(old.seal(PLAIN))).toBe(PLAIN);
    expect(box.keyId).not.toBe(old.keyId);
    await expect(loadSecretBox({ dataDir, previousKeys: ["nope"] })).rejects.toThrow(/previous key #1/);
  });
});

describe("configuration of secrets and webhooks", () => {
  it("takes SECRETS_KEY as hex or base64 of 32 bytes, and never shows a wrong one", () => {
    const key = randomBytes(32);
    expect(loadConfig({ SECRETS_KEY: key.toString("hex") }).secretsKey).toBe(key.toString("hex"));
    expect(loadConfig({ SECRETS_KEY: key.toString("base64") }).secretsKey).toBe(key.toString("base64"));
    expect(loadConfig({}).secretsKey).toBeUndefined();
    const wrong = "my-password-as-key";
    const error = thrown(() => loadConfig({ SECRETS_KEY: wrong }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^invalid SECRETS_KEY=\(hidden\): must be 32 bytes as base64 or 64 hex/);
    expect(error.message).not.toContain(wrong);
  });

  it("reads WEBHOOK_ALLOW_HOSTS as a list of host names and addresses", () => {
    expect(loadConfig({}).webhookAllowHosts).toEqual([]);
    expect(
      loadConfig({ WEBHOOK_ALLOW_HOSTS: " LocalHost, 127.0.0.1 ,[::1],receiver.test," }).webhookAllowHosts,
    ).toEqual(["localhost", "127.0.0.1", "::1", "receiver.test"]);
    expect(() => loadConfig({ WEBHOOK_ALLOW_HOSTS: "localhost:8080" })).toThrow(
      /^invalid WEBHOOK_ALLOW_HOSTS=/,
    );
    expect(() => loadConfig({ WEBHOOK_ALLOW_HOSTS: "http://receiver.test" })).toThrow(ConfigError);
  });
});
