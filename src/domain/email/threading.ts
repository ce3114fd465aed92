import { firstHeader, type MailHeaders, messageIdsIn } from "./mail-headers";

/**
 * The thread tokens of our own Message-IDs that a reply refers to (`<cas-2026-000123.…​.TOKEN@our.domain>`),
 * most recent reference first.
 */
export const referencedThreadTokens = (headers: MailHeaders, mailDomain: string): string[] => {
  const ids = [
    ...messageIdsIn(firstHeader(headers, "in-reply-to")),
    ...messageIdsIn(firstHeader(headers, "references")).reverse(),
  ];
  const tokens: string[] = [];
  for (const id of ids) {
    const [local, domain] = id.split("@");
    if (domain !== mailDomain.toLowerCase() || !local) continue;
    const match = /^cas-\d{4}-\d{6,}\.(?:[0-9a-f]+\.)?([0-9a-f]{32})$/.exec(local);
    if (match && !tokens.includes(match[1]!)) tokens.push(match[1]!);
  }
  return tokens;
};

/** Case numbers written in a subject, e.g. "Re: [CAS-2026-000123] …". */
export const caseNumbersInSubject = (subject: string): string[] => [
  ...new Set([...subject.matchAll(/\bCAS-(\d{4})-(\d{6,})\b/gi)].map((m) => `CAS-${m[1]}-${m[2]}`)),
];
