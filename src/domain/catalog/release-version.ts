export const RELEASE_KINDS = ["major", "minor", "patch"] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

export type Version = { major: number; minor: number; patch: number };

export const parseVersion = (text: string): Version | null => {
  const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(text.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
};

export const formatVersion = (v: Version): string => `${v.major}.${v.minor}.${v.patch}`;

/** X.0.0 is a major release, X.Y.0 a minor one, anything else a patch. */
export const computeReleaseKind = (v: Version): ReleaseKind =>
  v.minor === 0 && v.patch === 0 ? "major" : v.patch === 0 ? "minor" : "patch";

export type ReleaseKindCheck = { ok: true; kind: ReleaseKind } | { ok: false; expected: ReleaseKind };

export const checkReleaseKind = (v: Version, declared: ReleaseKind | undefined): ReleaseKindCheck => {
  const kind = computeReleaseKind(v);
  return declared === undefined || declared === kind ? { ok: true, kind } : { ok: false, expected: kind };
};
