import { createHash, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { newAuthorizedContact, newCustomer as newCustomerOf } from "../harness/case-fixtures";
import { type Session, setupTestApp, uniq } from "../harness/test-app";

// the app's clock: Friday 2026-11-27, 09:00 in Mexico City; release files up to 2 MB here
const { ctx, request, login, signIn, PASSWORD } = setupTestApp({ env: { RELEASE_FILE_MAX_MB: "2" } });
const MB = 1024 * 1024;

let admin: Session;
let specialist: Session;
let product: { id: string };
const release: Record<string, { id: string; releaseDate: string }> = {};

const upload = (
  releaseId: string,
  file: { name: string; type?: string; content: Buffer },
  session: Session = admin,
) => {
  const boundary = "----soporte-release";
  return ctx.app.inject({
    method: "POST",
    url: `/api/v1/releases/${releaseId}/files`,
    headers: {
      cookie: session.cookie,
      "x-csrf-token": session.csrf,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? "application/zip"}\r\n\r\n`,
      ),
      file.content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
};

const chunkCount = async (fileId: string) =>
  Number(
    (
      await ctx.db.db
        .selectFrom("release_file_chunks")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("file_id", "=", fileId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** An organization with a system of the product under a contract starting on `startDate`. */
const newCustomer = (startDate: string) => newCustomerOf(ctx.app, { startDate, productId: product.id });

const contactOf = async (customer: { organizationId: string; contractId: string }, ip: string) => {
  const contact = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD });
  return { ...(await login(contact.email, PASSWORD, ip)), id: contact.id };
};

beforeAll(async () => {
  admin = await signIn("admin");
  specialist = await signIn("specialist");
  product = await ctx.app.services.catalog.createProduct(SYSTEM_ACTOR, {
    name: uniq("SIGAP"),
    description: "",
    modules: [],
  });
  for (const [version, releaseDate] of [
    ["3.2.1", "2022-01-10"],
    ["5.1.2", "2026-06-22"],
    ["5.2.0", "2027-02-15"],
  ] as const) {
    release[version] = await ctx.app.services.catalog.createRelease(SYSTEM_ACTOR, product.id, {
      version,
      releaseDate,
      notes: "",
    });
  }
});

describe("files of a release", () => {
  it("stores an installer a megabyte at a time and gives back the same bytes, with its sha256", async () => {
    const content = randomBytes(Math.round(1.5 * MB));
    const res = await upload(release["5.1.2"]!.id, { name: "sigap-5.1.2.zip", content });
    expect(res.statusCode).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({
      releaseId: release["5.1.2"]!.id,
      filename: "sigap-5.1.2.zip",
      contentType: "application/zip",
      sizeBytes: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
    });
    expect(await chunkCount(file.id)).toBe(2);

    const download = await request("GET", `/api/v1/releases/${release["5.1.2"]!.id}/files/${file.id}`, {
      session: specialist,
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(content)).toBe(true);
    expect(download.headers["content-length"]).toBe(String(content.length));
    expect(download.headers["content-disposition"]).toContain('attachment; filename="sigap-5.1.2.zip"');
    expect(download.headers["x-content-type-options"]).toBe("nosniff");

    const listed = await request("GET", `/api/v1/releases/${release["5.1.2"]!.id}/files`, {
      session: specialist,
    });
    expect(listed.json().items).toEqual([file]);
  });

  it("keeps one file of a name per release, and writes nothing for the second", async () => {
    const content = randomBytes(1000);
    const first = await upload(release["3.2.1"]!.id, { name: "notas.pdf", type: "application/pdf", content });
    expect(first.statusCode).toBe(201);
    const second = await upload(release["3.2.1"]!.id, {
      name: "notas.pdf",
      type: "application/pdf",
      content,
    });
    expect([second.statusCode, second.json().reason, second.json().params]).toEqual([
      409,
      "release_file_taken",
      { filename: "notas.pdf" },
    ]);
    const listed = await request("GET", `/api/v1/releases/${release["3.2.1"]!.id}/files`, { session: admin });
    expect(listed.json().items.map((f: { filename: string }) => f.filename)).toEqual(["notas.pdf"]);
  });

  it("serves an SVG release file as an opaque download that no browser runs", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    // a product of its own, so that the entitlement lists below keep their releases
    const other = await ctx.app.services.catalog.createProduct(SYSTEM_ACTOR, {
      name: uniq("ECM"),
      description: "",
      modules: [],
    });
    const own = await ctx.app.services.catalog.createRelease(SYSTEM_ACTOR, other.id, {
      version: "5.1.3",
      releaseDate: "2026-07-06",
      notes: "",
    });
    const res = await upload(own.id, { name: "logo.svg", type: "image/svg+xml", content: svg });
    expect(res.statusCode).toBe(201);
    const download = await request("GET", `/api/v1/releases/${own.id}/files/${res.json().id}`, {
      session: specialist,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/octet-stream");
    expect(String(download.headers["content-disposition"])).toMatch(/^attachment;/);
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
    expect(download.headers["content-security-policy"]).toContain("sandbox");
    expect(download.rawPayload.equals(svg)).toBe(true);
  });

  it("refuses a file over the limit with 413 and leaves no trace of it", async () => {
    const before = await ctx.db.db
      .selectFrom("release_file_chunks")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    const res = await upload(release["5.2.0"]!.id, { name: "enorme.zip", content: randomBytes(2 * MB + 10) });
    expect(res.statusCode).toBe(413);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    const listed = await request("GET", `/api/v1/releases/${release["5.2.0"]!.id}/files`, { session: admin });
    expect(listed.json().items).toEqual([]);
    const after = await ctx.db.db
      .selectFrom("release_file_chunks")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("takes files only from admins, refused before the upload is read; an unknown release is 404", async () => {
    const customer = await newCustomer("2026-01-02");
    const ana = await contactOf(customer, "10.60.0.1");
    for (const session of [specialist, ana]) {
      const res = await upload(release["5.1.2"]!.id, { name: "x.zip", content: randomBytes(10) }, session);
      expect(res.statusCode).toBe(403);
    }
    const missing = await upload("00000000-0000-4000-8000-000000000000", {
      name: "x.zip",
      content: randomBytes(10),
    });
    expect(missing.statusCode).toBe(404);
    const notMultipart = await request("POST", `/api/v1/releases/${release["5.1.2"]!.id}/files`, {
      session: admin,
      body: { file: "x" },
    });
    expect([notMultipart.statusCode, notMultipart.json().reason]).toEqual([415, "multipart_file_expected"]);
  });

  it("removes a file with its bytes, audited", async () => {
    const added = (
      await upload(release["5.2.0"]!.id, { name: "borrar.zip", content: randomBytes(5000) })
    ).json();
    const denied = await request("DELETE", `/api/v1/releases/${release["5.2.0"]!.id}/files/${added.id}`, {
      session: specialist,
    });
    expect(denied.statusCode).toBe(403);
    const removed = await request("DELETE", `/api/v1/releases/${release["5.2.0"]!.id}/files/${added.id}`, {
      session: admin,
    });
    expect(removed.statusCode).toBe(204);
    expect(await chunkCount(added.id)).toBe(0);
    const gone = await request("GET", `/api/v1/releases/${release["5.2.0"]!.id}/files/${added.id}`, {
      session: admin,
    });
    expect(gone.statusCode).toBe(404);
    const audit = await ctx.db.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", release["5.2.0"]!.id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["release.file_added", "release.file_removed"]),
    );
  });
});

describe("the right to new versions", () => {
  let file: { id: string };
  beforeAll(async () => {
    file = (
      await upload(release["5.1.2"]!.id, { name: "parche-5.1.2.zip", content: randomBytes(2000) })
    ).json();
  });

  it("an authorized contact of a current contract downloads a release published during it, and the download is logged", async () => {
    const customer = await newCustomer("2026-01-02");
    const ana = await contactOf(customer, "10.60.0.2");
    const res = await request("GET", `/api/v1/releases/${release["5.1.2"]!.id}/files/${file.id}`, {
      session: ana,
    });
    expect(res.statusCode).toBe(200);
    const log = await request("GET", `/api/v1/releases/${release["5.1.2"]!.id}/downloads`, {
      session: specialist,
    });
    expect(log.statusCode).toBe(200);
    expect(log.json().items[0]).toMatchObject({
      fileId: file.id,
      filename: "parche-5.1.2.zip",
      user: { id: ana.id },
      organization: { id: customer.organizationId },
      contractNumber: customer.contract.number,
      downloadedAt: "2026-11-27T15:00:00.000Z",
    });
    const customersMayNotRead = await request("GET", `/api/v1/releases/${release["5.1.2"]!.id}/downloads`, {
      session: ana,
    });
    expect(customersMayNotRead.statusCode).toBe(403);
  });

  it("a release published after the contract end is listed as needing a current contract and is not downloadable", async () => {
    // a contract that ended on 2026-01-01: 5.1.2 (June 2026) came after it
    const lapsed = await newCustomer("2025-01-02");
    const luis = await contactOf(lapsed, "10.60.0.3");
    const refused = await request("GET", `/api/v1/releases/${release["5.1.2"]!.id}/files/${file.id}`, {
      session: luis,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      reason: "download_after_contract_end",
      params: { contractEnd: lapsed.contract.endDate },
    });
    const listed = await request("GET", `/api/v1/systems/${lapsed.systemId}/releases`, { session: luis });
    expect(listed.statusCode).toBe(200);
    const byVersion = Object.fromEntries(
      listed
        .json()
        .items.map((r: { release: { version: string }; entitlement: unknown }) => [
          r.release.version,
          r.entitlement,
        ]),
    );
    expect(byVersion).toEqual({
      "5.2.0": { downloadable: false, reason: "after_contract_end", contractEnd: lapsed.contract.endDate },
      "5.1.2": { downloadable: false, reason: "after_contract_end", contractEnd: lapsed.contract.endDate },
      "3.2.1": { downloadable: true, reason: null, contractEnd: null },
    });
    const withFiles = listed
      .json()
      .items.find((r: { release: { version: string } }) => r.release.version === "5.1.2");
    expect(withFiles.files.map((f: { filename: string }) => f.filename)).toContain("parche-5.1.2.zip");
  });

  it("lists each system's own entitlement: a lapsed system's later releases are locked beside a current one's", async () => {
    const current = await newCustomer("2026-01-02");
    const lapsedSystem = await ctx.app.services.catalog.createSystem(SYSTEM_ACTOR, {
      organizationId: current.organizationId,
      productId: product.id,
      name: uniq("SIGAP pruebas"),
      moduleIds: [],
      installedVersion: "5.1.0",
      environment: "test",
    });
    await ctx.app.services.contracts.createContract(SYSTEM_ACTOR, {
      systemId: lapsedSystem.id,
      planId: "estandar",
      startDate: "2024-06-03",
      salePriceCents: 0,
      notes: "",
    });
    const entitlementOf = async (systemId: string) =>
      (await request("GET", `/api/v1/systems/${systemId}/releases`, { session: admin }))
        .json()
        .items.find((r: { release: { version: string } }) => r.release.version === "5.1.2").entitlement;
    expect(await entitlementOf(current.systemId)).toEqual({
      downloadable: true,
      reason: null,
      contractEnd: null,
    });
    expect(await entitlementOf(lapsedSystem.id)).toMatchObject({
      downloadable: false,
      reason: "after_contract_end",
    });
  });

  it("a contact who is not authorized on a contract of the product downloads nothing", async () => {
    const customer = await newCustomer("2026-01-02");
    const carlos = await signIn("customer_contact", customer.organizationId);
    const refused = await request("GET", `/api/v1/releases/${release["5.1.2"]!.id}/files/${file.id}`, {
      session: carlos,
    });
    expect([refused.statusCode, refused.json().reason]).toEqual([403, "download_no_contract"]);
    const listed = await request("GET", `/api/v1/systems/${customer.systemId}/releases`, { session: carlos });
    expect(
      listed
        .json()
        .items.every((r: { entitlement: { reason: string } }) => r.entitlement.reason === "no_contract"),
    ).toBe(true);
  });

  it("a release dated after today and before the contract end waits for its date", async () => {
    const customer = await newCustomer("2026-06-01");
    const ana = await contactOf(customer, "10.60.0.4");
    const listed = await request("GET", `/api/v1/systems/${customer.systemId}/releases`, { session: ana });
    const upcoming = listed
      .json()
      .items.find((r: { release: { version: string } }) => r.release.version === "5.2.0");
    expect(upcoming.entitlement).toEqual({ downloadable: false, reason: "not_released", contractEnd: null });
  });

  it("never shows another organization's system, nor logs its downloads for a customer", async () => {
    const mine = await newCustomer("2026-01-02");
    const theirs = await newCustomer("2026-01-02");
    const ana = await contactOf(mine, "10.60.0.5");
    const other = await request("GET", `/api/v1/systems/${theirs.systemId}/releases`, { session: ana });
    expect(other.statusCode).toBe(404);
  });
});
