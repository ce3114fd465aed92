import { compareDates, type LocalDate, toPlainDate } from "../contracts/local-date";
import type { Version } from "./release-version";
import { EOL_NOTICE_MONTHS, type SupportStatus } from "./support-status";

/**
 * The support policy (SPEC §2, the brochure): the current major line and the one immediately before it are
 * supported; an older line ends support on a date announced at least six months ahead.
 */

export type ReleaseFacts = { version: Version; releaseDate: LocalDate };
export type EolAnnouncement = { major: number; announcedOn: LocalDate; endOfSupportOn: LocalDate };

/** The major lines released by `on`, newest first: the current one, then the one before it. */
const releasedLines = (releases: readonly ReleaseFacts[], on: LocalDate) =>
  [...new Set(releases.filter((r) => compareDates(r.releaseDate, on) <= 0).map((r) => r.version.major))].sort(
    (a, b) => b - a,
  );

export type LineSupport = { status: SupportStatus; endOfSupportOn: LocalDate | null };

/** The support of a major line on `on`, from the product's releases and end-of-support announcements. */
export const computeLineSupport = (options: {
  major: number;
  releases: readonly ReleaseFacts[];
  announcements: readonly EolAnnouncement[];
  on: LocalDate;
}): LineSupport => {
  const [current, previous] = releasedLines(options.releases, options.on);
  // a line newer than anything released (or of a product with no release yet) is still to come
  if (current === undefined || options.major > current) return { status: "upcoming", endOfSupportOn: null };
  if (options.major === current) return { status: "current", endOfSupportOn: null };
  if (options.major === previous) return { status: "previous", endOfSupportOn: null };
  // an older line, also one whose releases were never recorded: its announced end decides
  const announced = options.announcements.find((a) => a.major === options.major);
  if (!announced) return { status: "unannounced", endOfSupportOn: null };
  // support lasts through its last day
  return compareDates(options.on, announced.endOfSupportOn) <= 0
    ? { status: "ending", endOfSupportOn: announced.endOfSupportOn }
    : { status: "unsupported", endOfSupportOn: announced.endOfSupportOn };
};

/** The support of one release: its line's, or `upcoming` while its date has not come. */
export const computeReleaseSupport = (options: {
  release: ReleaseFacts;
  releases: readonly ReleaseFacts[];
  announcements: readonly EolAnnouncement[];
  on: LocalDate;
}): LineSupport =>
  compareDates(options.release.releaseDate, options.on) > 0
    ? { status: "upcoming", endOfSupportOn: null }
    : computeLineSupport({ ...options, major: options.release.version.major });

/** The earliest end of support an announcement made on `announcedOn` may set: six months later. */
export const earliestEndOfSupport = (announcedOn: LocalDate): LocalDate =>
  toPlainDate(announcedOn).add({ months: EOL_NOTICE_MONTHS }).toString();

export type EolCheck =
  | { ok: true }
  | { ok: false; reason: "line_not_released" | "line_supported" | "already_announced" }
  | { ok: false; reason: "end_before_announcement" }
  | { ok: false; reason: "notice_too_short"; earliest: LocalDate };

/**
 * May the end of support of a major line be announced so? Only for an older line than the current and the
 * previous one, once, with an end of support at least six months after the announcement.
 */
export const checkEolAnnouncement = (options: {
  announcement: EolAnnouncement;
  releases: readonly ReleaseFacts[];
  announcements: readonly EolAnnouncement[];
}): EolCheck => {
  const { announcement } = options;
  const lines = releasedLines(options.releases, announcement.announcedOn);
  if (!lines.includes(announcement.major)) return { ok: false, reason: "line_not_released" };
  if (lines.indexOf(announcement.major) < 2) return { ok: false, reason: "line_supported" };
  if (options.announcements.some((a) => a.major === announcement.major)) {
    return { ok: false, reason: "already_announced" };
  }
  if (compareDates(announcement.endOfSupportOn, announcement.announcedOn) < 0) {
    return { ok: false, reason: "end_before_announcement" };
  }
  const earliest = earliestEndOfSupport(announcement.announcedOn);
  if (compareDates(announcement.endOfSupportOn, earliest) < 0) {
    return { ok: false, reason: "notice_too_short", earliest };
  }
  return { ok: true };
};

/** The major lines whose end of support may be announced on `on`: released, older than the previous, not yet announced. */
export const announceableLines = (options: {
  releases: readonly ReleaseFacts[];
  announcements: readonly EolAnnouncement[];
  on: LocalDate;
}): number[] =>
  releasedLines(options.releases, options.on)
    .slice(2)
    .filter((major) => !options.announcements.some((a) => a.major === major));
