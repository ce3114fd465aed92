import { describe, expect, it } from "vitest";
import { deliveryOutcome, parseDeliveryStatus, reportFor } from "../../../src/domain/email";

const REPORT = [
  "Reporting-MTA: dns; mx.municipio.example",
  "Arrival-Date: Fri, 13 Mar 2026 09:41:00 -0600",
  "",
  "Final-Recipient: rfc822; Uno@Municipio.example",
  "Original-Recipient: rfc822;uno@municipio.example",
  "Action: failed",
  "Status: 5.1.1",
  "Diagnostic-Code: smtp; 550 5.1.1 <uno@municipio.example>: Recipient",
  "    address rejected: User unknown",
  "",
  "Final-Recipient: rfc822; dos@municipio.example",
  "Action: delivered",
  "Status: 2.0.0",
  "",
].join("\r\n");

describe("delivery-status reports (RFC 3464)", () => {
  it("reads each recipient's block: address, action, status and the remote server's words, unfolded", () => {
    expect(parseDeliveryStatus(REPORT)).toEqual([
      {
        recipient: "uno@municipio.example",
        originalRecipient: "uno@municipio.example",
        action: "failed",
        status: "5.1.1",
        diagnostic: "smtp; 550 5.1.1 <uno@municipio.example>: Recipient address rejected: User unknown",
      },
      {
        recipient: "dos@municipio.example",
        originalRecipient: null,
        action: "delivered",
        status: "2.0.0",
        diagnostic: null,
      },
    ]);
  });

  it("a 5.x.x is a permanent failure, a 4.x.x a delay, a 2.x.x a delivery; without a status the action says", () => {
    expect(deliveryOutcome({ action: "failed", status: "5.2.2" })).toBe("permanent_failure");
    expect(deliveryOutcome({ action: "delayed", status: "4.4.7" })).toBe("delayed");
    expect(deliveryOutcome({ action: "delivered", status: "2.0.0" })).toBe("delivered");
    expect(deliveryOutcome({ action: "failed", status: null })).toBe("permanent_failure");
    expect(deliveryOutcome({ action: "delayed", status: null })).toBe("delayed");
    expect(deliveryOutcome({ action: "relayed", status: null })).toBe("delivered");
  });

  it("finds the report about one address, by final recipient, else by the original one (forwarding)", () => {
    const reports = parseDeliveryStatus(REPORT);
    expect(reportFor(reports, "DOS@municipio.example")?.action).toBe("delivered");
    const forwarded = parseDeliveryStatus(
      "Final-Recipient: rfc822; ana@reenvio.example\nOriginal-Recipient: rfc822; ana@municipio.example\nAction: failed\nStatus: 5.2.2\n",
    );
    expect(reportFor(forwarded, "ana@municipio.example")?.status).toBe("5.2.2");
    expect(reportFor(reports, "tres@municipio.example")).toBeUndefined();
  });

  it("ignores text that is no report: a person's words, the per-message fields", () => {
    expect(parseDeliveryStatus("Hola,\n\nno pude entregar su mensaje.\n\nReporting-MTA: dns; mx\n")).toEqual(
      [],
    );
  });
});
