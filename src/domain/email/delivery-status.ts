/**
 * Delivery-status notifications (RFC 3464): what a bounce says about each recipient of the message it
 * returns — the final recipient, the action (failed, delayed, delivered…), the status code (5.1.1) and the
 * remote server's words.
 */

export type DeliveryReport = {
  /** The recipient's address as the reporting server delivered to it, lower case. */
  recipient: string;
  /** The address the message was first sent to, when the report names it (forwarding), lower case. */
  originalRecipient: string | null;
  action: string;
  status: string | null;
  diagnostic: string | null;
};

/** What a report means for the outgoing message to that recipient. */
export type DeliveryOutcome = "permanent_failure" | "delayed" | "delivered" | "unknown";

const MAX_DIAGNOSTIC = 500;

const addressOf = (value: string | undefined) => {
  const address = value?.split(";").slice(1).join(";").trim() || value?.trim();
  return address ? address.replace(/^<|>$/g, "").toLowerCase() : null;
};

/**
 * The per-recipient blocks of a `message/delivery-status` body: groups of fields separated by blank lines,
 * the first being about the message; a group with a Final-Recipient is about one recipient.
 */
export const parseDeliveryStatus = (text: string): DeliveryReport[] => {
  const reports: DeliveryReport[] = [];
  const unfolded = text.replace(/\r\n/g, "\n").replace(/\n[ \t]+/g, " ");
  for (const group of unfolded.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of group.split("\n")) {
      const match = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line.trim());
      if (match && !fields.has(match[1]!.toLowerCase()))
        fields.set(match[1]!.toLowerCase(), match[2]!.trim());
    }
    const recipient = addressOf(fields.get("final-recipient"));
    if (!recipient) continue;
    reports.push({
      recipient,
      originalRecipient: addressOf(fields.get("original-recipient")),
      action: (fields.get("action") ?? "").toLowerCase().split(/\s/)[0] ?? "",
      status: /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(fields.get("status") ?? "")?.[1] ?? null,
      diagnostic: fields.get("diagnostic-code")?.slice(0, MAX_DIAGNOSTIC) ?? null,
    });
  }
  return reports;
};

/** A 5.x.x status (or a failure without one) is permanent; 4.x.x, or "delayed", is a delay. */
export const deliveryOutcome = (report: Pick<DeliveryReport, "action" | "status">): DeliveryOutcome => {
  const kind = report.status?.[0];
  if (kind === "5" || (!kind && report.action === "failed")) return "permanent_failure";
  if (kind === "4" || (!kind && report.action === "delayed")) return "delayed";
  if (kind === "2" || ["delivered", "relayed", "expanded"].includes(report.action)) return "delivered";
  return "unknown";
};

/** The report about the message sent to `address`: by final recipient, else by original recipient. */
export const reportFor = (
  reports: readonly DeliveryReport[],
  address: string,
): DeliveryReport | undefined => {
  const wanted = address.toLowerCase();
  return reports.find((r) => r.recipient === wanted) ?? reports.find((r) => r.originalRecipient === wanted);
};
