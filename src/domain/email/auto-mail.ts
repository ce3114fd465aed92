import { firstHeader, headerValues, type MailHeaders } from "./mail-headers";

/** What gave a message away as written by a program. */
export type AutoMailCause =
  | { reason: "auto_report" }
  | { reason: "auto_header"; params: { header: string; value: string } }
  | { reason: "auto_header_present"; params: { header: string } }
  | { reason: "null_sender" }
  | { reason: "automatic_sender"; params: { sender: string } };

export type AutoMailVerdict =
  | { kind: "human" }
  | { kind: "own_mail" }
  | { kind: "bounce" }
  | { kind: "auto_submitted"; because: AutoMailCause };

const header = (name: string, value: string): AutoMailCause => ({
  reason: "auto_header",
  params: { header: name, value },
});

/**
 * Is this mail written by a program (RFC 3834 and the de-facto headers)? Such mail never gets an automatic
 * answer and never opens a case: answering it is how mail loops start.
 */
export const classifyAutoMail = (options: {
  headers: MailHeaders;
  contentType: string;
  envelopeFrom: string | null;
  fromAddress: string | null;
  ownAddresses: readonly string[];
}): AutoMailVerdict => {
  const { headers } = options;
  if (headerValues(headers, "x-soporte-mail").length > 0) return { kind: "own_mail" };
  if (options.fromAddress && options.ownAddresses.includes(options.fromAddress)) return { kind: "own_mail" };
  const type = options.contentType.toLowerCase();
  if (type.startsWith("multipart/report")) {
    // delivery-status is a bounce; any other report (read receipts, feedback) is machine mail
    if (/report-type\s*=\s*"?delivery-status/.test(type)) return { kind: "bounce" };
    return { kind: "auto_submitted", because: { reason: "auto_report" } };
  }
  const local = (options.fromAddress ?? "").split("@")[0] ?? "";
  const envelope = options.envelopeFrom === null ? null : options.envelopeFrom.trim();
  if (
    /^(mailer-daemon|postmaster)$/i.test(local) &&
    /delivery|undeliver|failure|returned/i.test(firstHeader(headers, "subject") ?? "")
  ) {
    return { kind: "bounce" };
  }
  const autoSubmitted = firstHeader(headers, "auto-submitted")?.trim().toLowerCase();
  if (autoSubmitted && !/^no\b/.test(autoSubmitted))
    return { kind: "auto_submitted", because: header("Auto-Submitted", autoSubmitted) };
  const precedence = firstHeader(headers, "precedence")?.trim().toLowerCase();
  if (precedence && /^(bulk|junk|list|auto_reply)$/.test(precedence)) {
    return { kind: "auto_submitted", because: header("Precedence", precedence) };
  }
  for (const name of ["x-autoreply", "x-autorespond", "list-id", "list-unsubscribe"]) {
    if (headerValues(headers, name).length > 0) {
      return { kind: "auto_submitted", because: { reason: "auto_header_present", params: { header: name } } };
    }
  }
  if (envelope === "" || envelope === "<>")
    return { kind: "auto_submitted", because: { reason: "null_sender" } };
  if (/^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)$/i.test(local)) {
    return { kind: "auto_submitted", because: { reason: "automatic_sender", params: { sender: local } } };
  }
  return { kind: "human" };
};

/** The Message-IDs a delivery-status report names (in its returned headers), without brackets. */
export const bouncedMessageIds = (reportText: string): string[] =>
  [...reportText.matchAll(/^Message-ID:\s*<([^<>\s]+)>/gim)].map((m) => m[1]!.toLowerCase());
