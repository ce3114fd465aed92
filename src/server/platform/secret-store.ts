import { randomBytes } from "node:crypto";
import { open, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Config } from "./config";
import {
  createSecretBox,
  decodeSecretsKey,
  KEY_FILE_NAME,
  loadSecretBox,
  PREVIOUS_KEY_FILE_NAME,
  readKeyFile,
  type SecretBox,
  SecretsError,
} from "./secrets";

type KeyConfig = Pick<Config, "secretsKey" | "secretsPreviousKey" | "dataDir">;

const load = (config: KeyConfig) =>
  loadSecretBox({
    secretsKey: config.secretsKey,
    dataDir: config.dataDir,
    previousKeys: config.secretsPreviousKey ? [config.secretsPreviousKey] : [],
  });

/**
 * The server's box, read when a secret is first needed (a key file may have to be created), and again when
 * the key file changed: a rotation by `soporte admin rotate-secrets-key` reaches running servers by itself.
 */
export const lazySecretBox = (config: KeyConfig): (() => Promise<SecretBox>) => {
  let box: Promise<SecretBox> | undefined;
  let seen = "";
  const keyFile = path.join(config.dataDir, KEY_FILE_NAME);
  // SECRETS_KEY cannot change under a running process; the key file can
  const stamp = () =>
    config.secretsKey !== undefined
      ? ""
      : stat(keyFile).then(
          (s) => `${s.mtimeMs}:${s.ino}`,
          () => "",
        );
  return async () => {
    const now = await stamp();
    if (!box || now !== seen) {
      seen = now;
      box = load(config).catch((error: unknown) => {
        box = undefined;
        throw error;
      });
    }
    return box;
  };
};

/** Writes a key file whole (a temporary file renamed over it), mode 0600. */
const writeKeyFile = async (file: string, key: Buffer) => {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(`${key.toString("base64")}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
};

export type Rotation = {
  /** Opens what either key sealed, seals with the new one. */
  box: SecretBox;
  oldKeyId: string;
  newKeyId: string;
};

/**
 * A new current key. With the key file: the old key moves to `secrets.key.previous` (so what a running server
 * seals meanwhile still opens) and a new one takes its place, before any value is sealed again — a crash in
 * between leaves every value readable. With SECRETS_KEY: `newKey` is the key to move to; the operator then
 * sets SECRETS_KEY to it and SECRETS_PREVIOUS_KEY to the old one.
 */
export const rotateSecretsKey = async (config: KeyConfig, newKey?: string): Promise<Rotation> => {
  const before = await load(config);
  if (config.secretsKey !== undefined) {
    if (newKey === undefined)
      throw new SecretsError("SECRETS_KEY is set: give the key to move to with --new-key-file <file>");
    const next = decodeSecretsKey(newKey);
    if (!next) throw new SecretsError("the new key is not 32 bytes as base64 or 64 hex characters");
    const box = createSecretBox({ current: next, previous: [decodeSecretsKey(config.secretsKey)!] });
    if (box.keyId === before.keyId) throw new SecretsError("the new key is the current key");
    return { box, oldKeyId: before.keyId, newKeyId: box.keyId };
  }
  if (newKey !== undefined)
    throw new SecretsError(
      "--new-key-file is for a key kept in SECRETS_KEY; the key file's next key is made here",
    );
  const file = path.join(config.dataDir, KEY_FILE_NAME);
  const old = await readKeyFile(file);
  if (!old)
    throw new SecretsError(`${file} is missing: nothing was sealed yet, so there is nothing to rotate`);
  const next = randomBytes(32);
  await writeKeyFile(path.join(config.dataDir, PREVIOUS_KEY_FILE_NAME), old);
  await writeKeyFile(file, next);
  const box = createSecretBox({ current: next, previous: [old] });
  return { box, oldKeyId: before.keyId, newKeyId: box.keyId };
};
