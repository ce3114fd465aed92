import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type {
  CustomerSystem,
  Entitlement,
  Release,
  ReleaseDownload,
  ReleaseFile,
  SystemRelease,
} from "../../../api/catalog";
import { sanitizeFilename, servedContentType } from "../../../domain/cases/attachments";
import { type ReleaseEntitlement, releaseEntitlement } from "../../../domain/catalog/release-entitlement";
import { type Actor, actorUserId, authorize } from "../../platform/actor";
import { vendorToday } from "../../platform/clock";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, notFound } from "../../platform/errors";
import type { StreamedUpload } from "../../platform/file-transfer";
import { insertAudit } from "../audit";
import * as repo from "./catalog.repository";
import * as filesRepo from "./release-files.repository";

/** Stored and read a megabyte at a time. */
const CHUNK_BYTES = 1024 * 1024;

const toFile = (f: Awaited<ReturnType<typeof filesRepo.findReleaseFiles>>[number]): ReleaseFile => ({
  id: f.id,
  releaseId: f.release_id,
  filename: f.filename,
  contentType: f.content_type,
  sizeBytes: Number(f.size_bytes),
  sha256: f.sha256,
  createdAt: f.created_at.toISOString(),
});

const toEntitlement = (e: ReleaseEntitlement): Entitlement =>
  e.downloadable
    ? { downloadable: true, reason: null, contractEnd: null }
    : {
        downloadable: false,
        reason: e.reason,
        contractEnd: e.reason === "after_contract_end" ? e.contractEnd : null,
      };

/**
 * The right to new versions (SPEC §7): a release's files, downloadable by a customer whose contract for the
 * product ends on or after the release date; every download is logged (who, what, when, under which
 * contract).
 */
export const createReleaseFilesService = (
  { db, clock }: ServiceDeps,
  catalog: {
    getRelease: (actor: Actor | null, id: string) => Promise<Release>;
    getSystem: (actor: Actor | null, id: string) => Promise<CustomerSystem>;
    withReleaseSupport: (executor: typeof db, records: repo.ReleaseRecord[]) => Promise<Release[]>;
  },
) => {
  const entitlementOf = async (
    of: Parameters<typeof filesRepo.findEntitlementTerms>[1],
    releaseDates: readonly string[],
  ) => {
    const terms = (await filesRepo.findEntitlementTerms(db, of)).map((t) => ({
      id: t.id,
      startDate: t.start_date,
      endDate: t.end_date,
    }));
    const today = vendorToday(clock);
    return releaseDates.map((releaseDate) => releaseEntitlement({ releaseDate, terms, today }));
  };

  /** Before an upload is read: the caller may add files, and the release exists. */
  const checkAddFile = async (actor: Actor | null, releaseId: string) => {
    const caller = authorize(actor, "catalog:write");
    return { caller, release: await catalog.getRelease(caller, releaseId) };
  };

  /** Writes the file a chunk at a time as it arrives, in one transaction: an aborted upload leaves nothing. */
  const addFile = async (
    actor: Actor | null,
    releaseId: string,
    upload: StreamedUpload,
  ): Promise<ReleaseFile> => {
    const { caller, release } = await checkAddFile(actor, releaseId);
    const filename = sanitizeFilename(upload.filename);
    const id = await db.transaction().execute(async (tx) => {
      const fileId = await filesRepo.insertReleaseFile(tx, {
        releaseId,
        filename,
        contentType: upload.contentType,
        by: actorUserId(caller),
        now: clock.now(),
      });
      if (!fileId) throw new AppError("conflict", { reason: "release_file_taken", params: { filename } });
      const hash = createHash("sha256");
      let sizeBytes = 0;
      let seq = 0;
      for await (const chunk of rechunk(upload.chunks, CHUNK_BYTES)) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        await filesRepo.insertChunk(tx, fileId, seq++, chunk);
      }
      const sha256 = hash.digest("hex");
      await filesRepo.finishReleaseFile(tx, fileId, { sizeBytes, sha256 });
      await insertAudit(tx, {
        actor: caller,
        action: "release.file_added",
        entity: "release",
        entityId: releaseId,
        details: { fileId, filename, sizeBytes, sha256, version: release.version },
      });
      return fileId;
    });
    return toFile((await filesRepo.findReleaseFile(db, releaseId, id))!);
  };

  const listFiles = async (actor: Actor | null, releaseId: string): Promise<{ items: ReleaseFile[] }> => {
    const caller = authorize(actor, "catalog:read");
    await catalog.getRelease(caller, releaseId);
    return { items: (await filesRepo.findReleaseFiles(db, [releaseId])).map(toFile) };
  };

  /** A customer downloads only what a contract entitles; staff download anything. Both are logged. */
  const downloadFile = async (actor: Actor | null, releaseId: string, fileId: string) => {
    const caller = authorize(actor, "catalog:read");
    const release = await catalog.getRelease(caller, releaseId);
    const file = await filesRepo.findReleaseFile(db, releaseId, fileId);
    if (!file) throw notFound("release_file");
    let contractId: string | null = null;
    if (caller.role === "customer_contact") {
      const [entitlement] = await entitlementOf(
        {
          organizationId: caller.organizationId!,
          productId: release.productId,
          authorizedContactId: caller.userId,
        },
        [release.releaseDate],
      );
      if (!entitlement!.downloadable) {
        throw new AppError(
          "forbidden",
          entitlement!.reason === "after_contract_end"
            ? { reason: "download_after_contract_end", params: { contractEnd: entitlement!.contractEnd } }
            : entitlement!.reason === "not_released"
              ? { reason: "download_not_released", params: { releaseDate: release.releaseDate } }
              : { reason: "download_no_contract" },
        );
      }
      contractId = entitlement!.contractId;
    }
    await filesRepo.insertDownload(db, {
      fileId,
      userId: actorUserId(caller),
      organizationId: caller.organizationId,
      contractId,
      now: clock.now(),
    });
    const sizeBytes = Number(file.size_bytes);
    return {
      filename: file.filename,
      servedType: servedContentType(file.content_type),
      sizeBytes,
      content: Readable.from(readChunks(fileId, Math.ceil(sizeBytes / CHUNK_BYTES))),
    };
  };

  /** One chunk in memory at a time, read when the client has taken the one before. */
  async function* readChunks(fileId: string, count: number) {
    for (let seq = 0; seq < count; seq++) {
      const data = await filesRepo.findChunk(db, fileId, seq);
      // removed while it was being downloaded: the short answer aborts the transfer
      if (!data) throw new Error(`release file ${fileId} lost chunk ${seq}`);
      yield data;
    }
  }

  const removeFile = async (actor: Actor | null, releaseId: string, fileId: string) => {
    const caller = authorize(actor, "catalog:write");
    await catalog.getRelease(caller, releaseId);
    await db.transaction().execute(async (tx) => {
      if (!(await filesRepo.deleteReleaseFile(tx, releaseId, fileId))) throw notFound("release_file");
      await insertAudit(tx, {
        actor: caller,
        action: "release.file_removed",
        entity: "release",
        entityId: releaseId,
        details: { fileId },
      });
    });
  };

  const listDownloads = async (
    actor: Actor | null,
    releaseId: string,
  ): Promise<{ items: ReleaseDownload[] }> => {
    const caller = authorize(actor, "releases:downloads");
    await catalog.getRelease(caller, releaseId);
    return {
      items: (await filesRepo.findDownloads(db, releaseId)).map((d) => ({
        id: d.id,
        fileId: d.file_id,
        filename: d.filename,
        user:
          d.user_id && d.user_name && d.user_email
            ? { id: d.user_id, name: d.user_name, email: d.user_email }
            : null,
        organization:
          d.organization_id && d.organization_name
            ? { id: d.organization_id, name: d.organization_name }
            : null,
        contractNumber: d.contract_number,
        downloadedAt: d.downloaded_at.toISOString(),
      })),
    };
  };

  /**
   * A system's product releases, newest first, each with what that system's contracts entitle (support is
   * bought per system: a lapsed system's later releases are "requiere póliza vigente" on its page).
   */
  const systemReleases = async (
    actor: Actor | null,
    systemId: string,
  ): Promise<{ items: SystemRelease[] }> => {
    const caller = authorize(actor, "systems:read");
    const system = await catalog.getSystem(caller, systemId);
    const releases = await catalog.withReleaseSupport(
      db,
      (await repo.findReleases(db, { kind: "all" }, { productId: system.productId, limit: 500 })).items,
    );
    const [entitlements, files] = await Promise.all([
      entitlementOf(
        caller.role === "customer_contact" ? { systemId, authorizedContactId: caller.userId } : { systemId },
        releases.map((r) => r.releaseDate),
      ),
      filesRepo.findReleaseFiles(
        db,
        releases.map((r) => r.id),
      ),
    ]);
    return {
      items: releases.map((release, i) => ({
        release,
        entitlement: toEntitlement(entitlements[i]!),
        files: files.filter((f) => f.release_id === release.id).map(toFile),
      })),
    };
  };

  return { checkAddFile, addFile, listFiles, downloadFile, removeFile, listDownloads, systemReleases };
};

/** Chunks of the database's size, whatever sizes the upload arrives in. */
async function* rechunk(source: AsyncIterable<Buffer>, size: number) {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of source) {
    pending.push(piece);
    pendingBytes += piece.length;
    while (pendingBytes >= size) {
      const joined = Buffer.concat(pending);
      yield joined.subarray(0, size);
      const rest = joined.subarray(size);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}
