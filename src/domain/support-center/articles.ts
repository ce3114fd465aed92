import { parseVersion, type Version } from "../catalog/release-version";

/**
 * The support center's articles (SPEC §7, the brochure's "Alertas técnicas activas"): technical alerts,
 * technical tips and published resolutions, each a draft until published and archived when it no longer
 * applies.
 */
export const ARTICLE_KINDS = ["alert", "tip", "resolution"] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

export const ARTICLE_STATUSES = ["draft", "published", "archived"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const ALERT_SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Draft → published → archived; an archived article may be published again. Nothing goes back to draft. */
const TRANSITIONS: Record<ArticleStatus, readonly ArticleStatus[]> = {
  draft: ["published"],
  published: ["archived"],
  archived: ["published"],
};

export const allowedArticleTransitions = (from: ArticleStatus): readonly ArticleStatus[] => TRANSITIONS[from];

export const canMoveArticle = (from: ArticleStatus, to: ArticleStatus): boolean =>
  TRANSITIONS[from].includes(to);

const compareVersions = (a: Version, b: Version) =>
  a.major - b.major || a.minor - b.minor || a.patch - b.patch;

/** The versions an alert affects: from and to inclusive; either end open. */
export type VersionRange = { from: string | null; to: string | null };

export type AlertCheck =
  | { ok: true }
  | { ok: false; field: "productId" | "severity"; code: "required" }
  | { ok: false; field: "affectedTo"; code: "range_reversed" };

/** An alert names its product and severity, and its range runs forwards. */
export const checkAlert = (alert: {
  productId: string | null;
  severity: AlertSeverity | null;
  affected: VersionRange;
}): AlertCheck => {
  if (!alert.productId) return { ok: false, field: "productId", code: "required" };
  if (!alert.severity) return { ok: false, field: "severity", code: "required" };
  const from = alert.affected.from ? parseVersion(alert.affected.from) : null;
  const to = alert.affected.to ? parseVersion(alert.affected.to) : null;
  if (from && to && compareVersions(from, to) > 0)
    return { ok: false, field: "affectedTo", code: "range_reversed" };
  return { ok: true };
};

/** Does the alert's range include this installed version? An unparseable version is not known to be affected. */
export const affectsVersion = (range: VersionRange, installed: string): boolean => {
  const version = parseVersion(installed);
  if (!version) return false;
  const from = range.from ? parseVersion(range.from) : null;
  const to = range.to ? parseVersion(range.to) : null;
  return (!from || compareVersions(version, from) >= 0) && (!to || compareVersions(version, to) <= 0);
};
