import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { link, mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import path from "node:path";

/**
 * Secrets at rest (webhook signing secrets, the IMAP password): AES-256-GCM under one server key, each
 * value with its own random IV. The sealed text names the key that sealed it, so a box that also holds the
 * previous keys opens old values while sealing new ones with the current key (that is how a rotation runs).
 */
export type SecretBox = {
  seal(plain: string): string;
  /** Throws SecretsError for a value sealed under a key it does not hold, or altered. */
  open(sealed: string): string;
  /** The current key's id: the first 8 hex characters of sha256(key). */
  readonly keyId: string;
  /** Whether a value has the sealed shape (not whether it opens). */
  isSealed(value: string): boolean;
};

export class SecretsError extends Error {
  override readonly name = "SecretsError";
}

export const KEY_FILE_NAME = "secrets.key";
/** The key before the last rotation: still opens what a server sealed while the rotation ran. */
export const PREVIOUS_KEY_FILE_NAME = "secrets.key.previous";

const FORMAT = "sb1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^sb1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
// 32 bytes: 43 characters and one "=" (standard), or 43 without padding (either alphabet)
const BASE64_KEY = /^(?:[A-Za-z0-9+/]{43}=?|[A-Za-z0-9_-]{43})$/;

/** A key written as 64 hex characters or as base64 of 32 bytes; undefined when it is neither. */
export const decodeSecretsKey = (text: string): Buffer | undefined => {
  const trimmed = text.trim();
  if (HEX_KEY.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (BASE64_KEY.test(trimmed)) {
    const key = Buffer.from(trimmed, trimmed.includes("-") || trimmed.includes("_") ? "base64url" : "base64");
    return key.length === KEY_BYTES ? key : undefined;
  }
  return undefined;
};

const keyIdOf = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

/** A box over keys given directly: the pure core, and what tests and a rotation command use. */
export const createSecretBox = (keys: { current: Buffer; previous?: Buffer[] }): SecretBox => {
  for (const key of [keys.current, ...(keys.previous ?? [])]) {
    if (key.length !== KEY_BYTES) throw new SecretsError(`a secrets key must be ${KEY_BYTES} bytes`);
  }
  const keyId = keyIdOf(keys.current);
  const byId = new Map<string, Buffer>();
  for (const key of keys.previous ?? []) byId.set(keyIdOf(key), key);
  byId.set(keyId, keys.current);

  return {
    keyId,
    isSealed: (value) => SEALED.test(value),
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", keys.current, iv, { authTagLength: TAG_BYTES });
      // the header is authenticated too: a value cannot be relabelled as another key's
      cipher.setAAD(Buffer.from(`${FORMAT}.${keyId}`));
      const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [FORMAT, keyId, iv, tag, ciphertext]
        .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
        .join(".");
    },
    open(sealed) {
      if (!SEALED.test(sealed)) throw new SecretsError("not a sealed secret (expected sb1.<key id>.…)");
      const [, id, iv, tag, ciphertext] = sealed.split(".") as [string, string, string, string, string];
      const key = byId.get(id);
      if (!key) {
        throw new SecretsError(
          `a secret was sealed with key ${id}, which this server does not have (current key ${keyId})`,
        );
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(`${FORMAT}.${id}`));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertext, "base64url")),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        throw new SecretsError(`a secret sealed with key ${id} failed its integrity check: it was altered`);
      }
    },
  };
};

/**
 * The server's box: the key from SECRETS_KEY when set, else `<dataDir>/secrets.key`, made on first use.
 * `previousKeys` (hex or base64) still open what they sealed.
 */
export const loadSecretBox = async (options: {
  secretsKey?: string | undefined;
  dataDir: string;
  previousKeys?: string[];
}): Promise<SecretBox> => {
  const previous = (options.previousKeys ?? []).map((text, index) => {
    const key = decodeSecretsKey(text);
    if (!key)
      throw new SecretsError(`previous key #${index + 1} is not 32 bytes as base64 or 64 hex characters`);
    return key;
  });
  let current: Buffer;
  if (options.secretsKey !== undefined) {
    const key = decodeSecretsKey(options.secretsKey);
    if (!key) throw new SecretsError("SECRETS_KEY is not 32 bytes as base64 or 64 hex characters");
    current = key;
  } else {
    current = await keyFromFile(path.join(options.dataDir, KEY_FILE_NAME));
    const before = await readKeyFile(path.join(options.dataDir, PREVIOUS_KEY_FILE_NAME));
    if (before) previous.push(before);
  }
  return createSecretBox({ current, previous });
};

const isErrno = (error: unknown, code: string) => (error as NodeJS.ErrnoException | null)?.code === code;

const keyFromFile = async (file: string): Promise<Buffer> => {
  const existing = await readKeyFile(file);
  if (existing) return existing;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  if (await createKeyFile(file, `${key.toString("base64")}\n`)) return key;
  // another process created it meanwhile: theirs is the key
  const theirs = await readKeyFile(file);
  if (!theirs) throw new SecretsError(`${file} vanished while it was being created`);
  return theirs;
};

/** Creates the file whole or not at all; false when it already exists. */
const createKeyFile = async (file: string, content: string): Promise<boolean> => {
  // written aside and linked into place: link never replaces a file, and nobody reads a half-written key
  const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if (isErrno(error, "EEXIST")) return false;
    if (!isErrno(error, "EPERM") && !isErrno(error, "ENOTSUP") && !isErrno(error, "ENOSYS")) throw error;
    return await createInPlace(file, content); // a file system without hard links
  } finally {
    await unlink(temp).catch(() => undefined);
  }
};

const createInPlace = async (file: string, content: string): Promise<boolean> => {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "wx", 0o600);
  } catch (error) {
    if (isErrno(error, "EEXIST")) return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
};

export const readKeyFile = async (file: string): Promise<Buffer | undefined> => {
  // a few tries for an empty file: only createInPlace leaves one, for the moment before its write
  for (let attempt = 0; ; attempt++) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch (error) {
      if (isErrno(error, "ENOENT")) return undefined;
      throw error;
    }
    if (!info.isFile()) throw new SecretsError(`${file} is not a file`);
    if (process.platform !== "win32" && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, "0");
      throw new SecretsError(
        `${file} can be read or changed by other users (mode ${mode}): run chmod 600 ${file} (and check who had it)`,
      );
    }
    const text = await readFile(file, "utf8");
    if (text.trim() === "" && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      continue;
    }
    const key = decodeSecretsKey(text);
    if (!key) throw new SecretsError(`${file} does not hold a key (32 bytes as base64 or 64 hex characters)`);
    return key;
  }
};
