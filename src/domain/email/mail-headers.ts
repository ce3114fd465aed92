/** Header values by lower-case name, in order of appearance (a header may repeat). */
export type MailHeaders = ReadonlyMap<string, readonly string[]>;

export const headerValues = (headers: MailHeaders, name: string): readonly string[] =>
  headers.get(name.toLowerCase()) ?? [];

export const firstHeader = (headers: MailHeaders, name: string): string | undefined =>
  headerValues(headers, name)[0];

/** `"Ana" <Ana.Perez@Municipio.Example>` → `ana.perez@municipio.example`; null when there is none. */
export const normalizeAddress = (raw: string | null | undefined): string | null => {
  if (!raw) return null;
  const angle = /<([^<>]*)>\s*$/.exec(raw);
  const address = (angle ? angle[1]! : raw).trim().toLowerCase();
  return /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/.test(address) ? address : null;
};

/** Message-IDs in a header value (In-Reply-To, References), without angle brackets. */
export const messageIdsIn = (value: string | undefined): string[] =>
  value ? [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!.toLowerCase()) : [];
