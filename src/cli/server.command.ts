import type { Command } from "commander";
import { z } from "zod";
import { passwordSchema } from "../api/auth";
import { emailSchema, nameSchema } from "../api/common";
import { ROLES } from "../api/roles";
import { CliUsageError } from "./cli-error";

const loadConfigOrExit = async () => {
  const { ConfigError, loadConfig } = await import("../server/platform/config");
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliUsageError(error.message);
    throw error;
  }
};

/** Opens the configured database (starting the embedded one if needed), runs `work`, and closes it. */
const withDatabase = async <T>(
  work: (ctx: {
    services: import("../server/services").Services;
    config: import("../server/platform/config").Config;
    embedded: boolean;
  }) => Promise<T>,
): Promise<T> => {
  const config = await loadConfigOrExit();
  const { default: pino } = await import("pino");
  const { connectDatabase } = await import("../server/main");
  const { openDatabase } = await import("../server/platform/db");
  const { migrate } = await import("../server/platform/migrate");
  const { systemClock } = await import("../server/platform/clock");
  const { createServices } = await import("../server/services");
  const { explainStartupFailure } = await import("../server/platform/startup-failure");
  const log = pino({ level: config.logLevel === "info" ? "warn" : config.logLevel });
  const explained = (error: unknown) => {
    const cause = explainStartupFailure(error, { ...config, databaseUrl: config.databaseUrl });
    return cause === null ? error : new CliUsageError(cause);
  };
  const { url, embedded } = await connectDatabase(config, log).catch((error: unknown) => {
    throw explained(error);
  });
  const handle = openDatabase(url, { max: 2 });
  try {
    await migrate(url).catch((error: unknown) => {
      throw explained(error);
    });
    return await work({
      services: createServices({ config, db: handle.db, clock: systemClock }),
      config,
      embedded: embedded !== null,
    });
  } finally {
    await handle.close();
    await embedded?.stop();
  }
};

const createUserOptionsSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
    name: nameSchema,
    organization: z.string().min(1).optional(),
  })
  .refine((o) => o.role !== "customer_contact" || o.organization, {
    message: "a customer_contact needs --organization (its name or id)",
    path: ["organization"],
  })
  .refine((o) => o.role === "customer_contact" || !o.organization, {
    message: "only a customer_contact belongs to an organization",
    path: ["organization"],
  });

export const registerServerCommands = (program: Command) => {
  program
    .command("serve")
    .description("serve the web app and API (embedded PostgreSQL unless DATABASE_URL is set)")
    .action(async () => {
      const config = await loadConfigOrExit();
      const { serve } = await import("../server/main");
      // a forked HTTP process (SERVER_PROCESSES) serves what its primary built
      if ((await import("node:cluster")).default.isWorker) return serve(config);
      // a fresh clone serves its pages on the first start: the web app is built when missing or stale
      const { ensureWebBuilt } = await import("../../scripts/build-web.mjs");
      try {
        const seconds = await ensureWebBuilt(config.webDir);
        if (seconds !== null)
          process.stdout.write(`web app built in ${config.webDir} (${seconds.toFixed(1)} s)\n`);
      } catch (error) {
        throw new CliUsageError(
          `the web app in ${config.webDir} is missing or stale and could not be built (${(error as Error).message.split("\n")[0]}): run npm run build:web`,
        );
      }
      await serve(config);
    });

  program
    .command("migrate")
    .description("apply pending database migrations")
    .action(async () => {
      const config = await loadConfigOrExit();
      const { default: pino } = await import("pino");
      const { connectDatabase } = await import("../server/main");
      const { migrate } = await import("../server/platform/migrate");
      const { url, embedded } = await connectDatabase(config, pino({ level: "warn" }));
      try {
        const applied = await migrate(url);
        process.stdout.write(
          applied.length ? `applied: ${applied.join(", ")}\n` : "database is up to date\n",
        );
      } finally {
        await embedded?.stop();
      }
    });

  program
    .command("seed")
    .description("load data into the database")
    .option("--demo", "the demo catalog, organizations, contacts and staff (idempotent)")
    .action(async (options: { demo?: boolean }) => {
      if (!options.demo) throw new CliUsageError("say what to seed: --demo");
      await withDatabase(async ({ services, config }) => {
        const { seedDemo } = await import("../server/seed/demo-seed");
        const { writeDemoSignIns } = await import("../server/main");
        const { systemClock } = await import("../server/platform/clock");
        const created = await seedDemo(services, systemClock.now());
        if (created.length) await writeDemoSignIns(config, created);
        process.stdout.write(
          created.length
            ? `demo data loaded; ${created.length} sign-ins written to ${config.dataDir}/demo-users.txt\n`
            : "demo data already present\n",
        );
      });
    });

  const admin = program.command("admin").description("operator tasks");
  admin
    .command("rotate-secrets-key")
    .description("seal every stored secret (webhook signing secrets, the IMAP password) under a new key")
    .option("--new-key-file <file>", "with SECRETS_KEY set: a file holding the key to move to")
    .action(async (options: { newKeyFile?: string }) => {
      const { readFile } = await import("node:fs/promises");
      const newKey =
        options.newKeyFile === undefined
          ? undefined
          : await readFile(options.newKeyFile, "utf8").catch((error: NodeJS.ErrnoException) => {
              throw new CliUsageError(`--new-key-file: ${options.newKeyFile} cannot be read (${error.code})`);
            });
      await withDatabase(async ({ services, config }) => {
        const { lazySecretBox, rotateSecretsKey } = await import("../server/platform/secret-store");
        const { SecretsError } = await import("../server/platform/secrets");
        const resealAll = async (box: import("../server/platform/secrets").SecretBox) => ({
          webhooks: await services.webhooks.resealSecrets(box),
          imap: await services.emailIntake.resealSecrets(box),
        });
        try {
          // an earlier rotation cut short is finished first: every value under today's key
          await resealAll(await lazySecretBox(config)());
          const rotation = await rotateSecretsKey(config, newKey);
          const count = await resealAll(rotation.box);
          process.stdout.write(
            `secrets sealed again under key ${rotation.newKeyId} (was ${rotation.oldKeyId}): ${count.webhooks} webhook endpoint(s), ${count.imap} IMAP password\n${
              config.secretsKey === undefined
                ? `the new key is in ${config.dataDir}/secrets.key, the old one in secrets.key.previous; running servers read the new key by themselves; keep secrets.key.previous until the next rotation replaces it\n`
                : "now set SECRETS_KEY to the new key and SECRETS_PREVIOUS_KEY to the old one on every server, restart them, then remove SECRETS_PREVIOUS_KEY\n"
            }`,
          );
        } catch (error) {
          if (error instanceof SecretsError) throw new CliUsageError(error.message);
          throw error;
        }
      });
    });
  admin
    .command("create-user")
    .description("create a staff user, or a customer contact with --organization")
    .requiredOption("--email <email>")
    .requiredOption("--password <password>")
    .requiredOption("--role <role>", ROLES.join(" | "))
    .requiredOption("--name <name>")
    .option("--organization <nameOrId>", "the contact's organization (customer_contact only)")
    .action(async (raw: Record<string, string>) => {
      const parsed = createUserOptionsSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new CliUsageError(`--${String(issue.path[0] ?? "options")}: ${issue.message}`);
      }
      const o = parsed.data;
      await withDatabase(async ({ services }) => {
        const { SYSTEM_ACTOR } = await import("../server/platform/actor");
        const { AppError } = await import("../server/platform/errors");
        try {
          if (o.role === "customer_contact") {
            const orgs = await services.organizations.listOrganizations(SYSTEM_ACTOR, {
              q: o.organization,
              limit: 50,
            });
            const org = orgs.items.find((x) => x.id === o.organization || x.name === o.organization);
            if (!org)
              throw new CliUsageError(`--organization: no organization named or with id "${o.organization}"`);
            const contact = await services.organizations.createContact(SYSTEM_ACTOR, org.id, {
              name: o.name,
              email: o.email,
              preferredLanguage: "es-MX",
              password: o.password,
            });
            process.stdout.write(
              `created customer contact ${contact.email} of ${org.name} (${contact.id})\n`,
            );
          } else {
            const user = await services.users.createStaffUser(SYSTEM_ACTOR, {
              email: o.email,
              name: o.name,
              role: o.role,
              preferredLanguage: "es-MX",
              password: o.password,
            });
            process.stdout.write(`created ${user.role} ${user.email} (${user.id})\n`);
          }
        } catch (error) {
          if (error instanceof AppError && error.code !== "internal") {
            throw new CliUsageError(error.detail ?? error.code);
          }
          throw error;
        }
      });
    });
};
