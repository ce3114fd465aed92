import { describe, expect, it } from "vitest";
import {
  checkLoopGuard,
  chooseSystem,
  classifySender,
  decideNewRequest,
  routeMail,
  type ScreenFacts,
  screenMail,
  senderCountWindows,
} from "../../../src/domain/email";

/** A person's readable, authenticated mail. */
const plain: ScreenFacts = {
  unreadableMultipart: false,
  autoMail: { kind: "human" },
  ownMessageId: false,
  fromAddress: "ana@municipio.example",
  authentication: { verified: true },
};
const screen = (facts: Partial<ScreenFacts>) => screenMail({ ...plain, ...facts });

describe("screening a message before its sender matters (rules 1–3)", () => {
  it("a person's readable, verified mail goes on to its sender", () => {
    expect(screen({})).toBeNull();
  });

  it("a multipart message with no part found goes to review, before anything else", () => {
    expect(screen({ unreadableMultipart: true, autoMail: { kind: "bounce" }, fromAddress: null })).toEqual({
      do: "record",
      status: "review",
      outcome: "parse_failed",
      why: { reason: "multipart_without_parts" },
    });
  });

  it("our own mail is ignored, by its headers or by a Message-ID we sent", () => {
    const own = { do: "record", status: "ignored", outcome: "own_mail" };
    expect(screen({ autoMail: { kind: "own_mail" } })).toEqual(own);
    expect(screen({ ownMessageId: true })).toEqual(own);
    // even when it also looks like a bounce
    expect(screen({ ownMessageId: true, autoMail: { kind: "bounce" } })).toEqual(own);
  });

  it("a bounce marks the outgoing mail it reports; it is never answered", () => {
    expect(screen({ autoMail: { kind: "bounce" } })).toEqual({ do: "mark_bounced" });
  });

  it("other automatic mail is ignored with what gave it away, even from an unverified sender", () => {
    const because = { reason: "auto_header", params: { header: "Precedence", value: "bulk" } } as const;
    expect(
      screen({
        autoMail: { kind: "auto_submitted", because },
        authentication: { verified: false, failed: ["dkim=fail"] },
      }),
    ).toEqual({ do: "record", status: "ignored", outcome: "auto_submitted", why: because });
  });

  it("a message without a From address goes to review", () => {
    expect(screen({ fromAddress: null })).toMatchObject({
      status: "review",
      outcome: "parse_failed",
      why: { reason: "no_from_address" },
    });
  });

  it("SPF, DKIM or DMARC failing at our relay sends it to review, naming what failed", () => {
    expect(screen({ authentication: { verified: false, failed: ["spf=softfail", "dmarc=fail"] } })).toEqual({
      do: "record",
      status: "review",
      outcome: "unverified_sender",
      why: { reason: "authentication_failed", params: { results: "spf=softfail, dmarc=fail" } },
    });
  });
});

describe("the loop guard (rule 4)", () => {
  const loopThreshold = { messages: 20, minutes: 10 };

  it("the 20th message in 10 minutes from one address is held for review; the 19th is not", () => {
    expect(checkLoopGuard({ recentFromSender: 19, loopThreshold })).toBeNull();
    expect(checkLoopGuard({ recentFromSender: 20, loopThreshold })).toEqual({
      do: "record",
      status: "review",
      outcome: "loop_suspected",
      why: { reason: "loop_threshold", params: { count: 20, minutes: 10 } },
    });
  });

  it("counts over the loop window, and automatic replies over the last 24 hours", () => {
    const now = new Date("2026-11-27T16:00:00Z");
    expect(senderCountWindows(loopThreshold, now)).toEqual({
      since: new Date("2026-11-27T15:50:00Z"),
      repliedSince: new Date("2026-11-26T16:00:00Z"),
    });
  });
});

describe("who sent it", () => {
  it("an active customer contact of an organization, staff of any role, a deactivated contact, or nobody", () => {
    expect(classifySender({ role: "customer_contact", active: true, organizationId: "org-a" })).toEqual({
      kind: "contact",
      organizationId: "org-a",
    });
    expect(classifySender({ role: "manager", active: false, organizationId: null })).toEqual({
      kind: "staff",
    });
    expect(classifySender({ role: "customer_contact", active: false, organizationId: "org-a" })).toEqual({
      kind: "inactive_contact",
    });
    expect(classifySender(null)).toEqual({ kind: "unknown" });
  });
});

const contact = { kind: "contact", organizationId: "org-a" } as const;
const openCase = { id: "case-1", organizationId: "org-a", closed: false };

describe("a message on a case's thread (rule 5)", () => {
  it("the organization's contact replying adds the reply to the case", () => {
    expect(routeMail({ sender: contact, thread: openCase })).toEqual({ do: "add_reply", caseId: "case-1" });
  });

  it("staff writing on a customer's thread goes to review", () => {
    expect(routeMail({ sender: { kind: "staff" }, thread: openCase })).toEqual({
      do: "record",
      status: "review",
      outcome: "staff_on_thread",
      caseId: "case-1",
    });
  });

  it("a stranger, or a deactivated contact, on a case's thread goes to review; nothing is added", () => {
    const review = { do: "record", status: "review", outcome: "unknown_sender_on_thread", caseId: "case-1" };
    expect(routeMail({ sender: { kind: "unknown" }, thread: openCase })).toEqual(review);
    expect(routeMail({ sender: { kind: "inactive_contact" }, thread: openCase })).toEqual(review);
  });

  it("an authorized contact of another organization on its thread is served: a new request citing that case", () => {
    expect(routeMail({ sender: { kind: "contact", organizationId: "org-b" }, thread: openCase })).toEqual({
      do: "new_request",
      citedCaseId: "case-1",
    });
  });

  it("a reply to a closed case is a new request; so is mail on no thread", () => {
    const fresh = { do: "new_request", citedCaseId: null };
    expect(routeMail({ sender: contact, thread: { ...openCase, closed: true } })).toEqual(fresh);
    expect(routeMail({ sender: contact, thread: null })).toEqual(fresh);
  });
});

describe("a new request (rule 6)", () => {
  it("an authorized contact's request opens a case, acknowledged while replies are left today", () => {
    expect(
      decideNewRequest({ sender: contact, entitled: { system: "SIGAP producción" }, autoRepliesLeft: 5 }),
    ).toEqual({
      do: "open_case",
      acknowledge: true,
      entitled: { system: "SIGAP producción" },
      citedCaseId: null,
    });
    expect(
      decideNewRequest({
        sender: contact,
        entitled: { system: "SIGAP producción" },
        autoRepliesLeft: 0,
        citedCaseId: "case-1",
      }),
    ).toEqual({
      do: "open_case",
      acknowledge: false,
      entitled: { system: "SIGAP producción" },
      citedCaseId: "case-1",
    });
  });

  it("a contact of the organization who is not authorized on a current contract is refused politely", () => {
    expect(decideNewRequest({ sender: contact, entitled: undefined, autoRepliesLeft: 1 })).toEqual({
      do: "refuse",
      why: { reason: "not_authorized_contact" },
      autoReply: true,
    });
  });

  it("a stranger is refused; past today's automatic replies, silently", () => {
    expect(
      decideNewRequest({ sender: { kind: "unknown" }, entitled: undefined, autoRepliesLeft: 0 }),
    ).toEqual({
      do: "refuse",
      why: { reason: "unknown_sender" },
      autoReply: false,
    });
  });

  it("staff or a deactivated contact writing to the support address goes to review", () => {
    const review = { do: "record", status: "review", outcome: "staff_sender" };
    expect(decideNewRequest({ sender: { kind: "staff" }, entitled: undefined, autoRepliesLeft: 5 })).toEqual(
      review,
    );
    expect(
      decideNewRequest({ sender: { kind: "inactive_contact" }, entitled: undefined, autoRepliesLeft: 5 }),
    ).toEqual(review);
  });
});

describe("the system a request is about", () => {
  const systems = [
    { outcome: "held_po_required", systemName: "SIGAP pruebas", productName: "SIGAP" },
    { outcome: "accepted", systemName: "SIGAP producción", productName: "SIGAP" },
    { outcome: "accepted", systemName: "Oficina Digital", productName: "ECM Framework" },
  ];

  it("is the covered system the message names, in any case", () => {
    expect(chooseSystem(systems, "Falla en OFICINA DIGITAL desde ayer")?.systemName).toBe("Oficina Digital");
  });

  it("else one of the product it names, else the first covered system", () => {
    expect(chooseSystem(systems, "ECM Framework no firma")?.systemName).toBe("Oficina Digital");
    expect(chooseSystem(systems, "No puedo entrar")?.systemName).toBe("SIGAP producción");
  });

  it("a system held for a purchase order only when none is covered; none when there is none", () => {
    expect(chooseSystem([systems[0]!], "SIGAP")?.systemName).toBe("SIGAP pruebas");
    expect(chooseSystem([], "SIGAP")).toBeUndefined();
  });
});
