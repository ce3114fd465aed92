import type { ParsedMail } from "mailparser";
import {
  bouncedMessageIds,
  type MailReason,
  parseDeliveryStatus,
  trimReplyText,
} from "../../../domain/email";
import type { Actor } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import type { CasesService } from "../cases";
import type { NotificationsService } from "../notifications";
import {
  attachmentsOf,
  bareMessageId,
  bodyText,
  MAX_DESCRIPTION,
  reportText,
  subjectOf,
} from "./inbound-message";
import type { Decided } from "./intake-decider";
import type { Outcome } from "./intake-outcome";

/** What a decision does inside the message's transaction: a reply, a refusal, a case or a hold, a bounce. */
export const createIntakeActions = (
  { config }: ServiceDeps,
  deps: { cases: CasesService; notifications: NotificationsService },
) => {
  /** Does what the decision says, inside the transaction, and returns the outcome to record. */
  const carryOut = async (
    tx: Database,
    options: {
      id: string;
      parsed: ParsedMail;
      now: Date;
    } & Decided,
  ): Promise<Outcome> => {
    const { parsed, action, now, fromAddress } = options;
    const person = options.facts.person;
    // the domain answers a message with a reply or a case only for a contact's mail
    const contact = () => {
      if (!person) throw new Error("a contact's action for mail without a contact");
      return person;
    };
    // mail from an address a bounce marked shows it is deliverable again
    if (options.facts.undeliverable && fromAddress) {
      await deps.notifications.clearUndeliverable(tx, fromAddress);
      options.facts.undeliverable = false;
    }
    const refuse = async (why: MailReason, autoReply: boolean): Promise<Outcome> => {
      if (autoReply) {
        await deps.notifications.onIntakeRefused(tx, {
          toAddress: fromAddress!,
          name: person?.name ?? null,
          locale: person?.preferred_language ?? null,
          subject: subjectOf(parsed),
          inReplyTo: bareMessageId(parsed),
        });
      }
      return { status: "processed", outcome: "refused", why, autoReplied: autoReply };
    };
    switch (action.do) {
      case "record":
        return {
          status: action.status,
          outcome: action.outcome,
          why: "why" in action ? action.why : null,
          caseId: "caseId" in action ? action.caseId : null,
        };
      case "mark_bounced": {
        const text = reportText(parsed);
        const recorded = await deps.notifications.recordBounce(tx, {
          messageIds: bouncedMessageIds(text).filter((id) => id.endsWith(`@${config.mailDomain}`)),
          reports: parseDeliveryStatus(text),
          subject: parsed.subject ?? "",
          at: now,
        });
        for (const mail of recorded.caseMail) {
          await deps.cases.email.noteUndelivered(tx, {
            caseId: mail.caseId,
            at: now,
            mailKind: mail.mailKind,
            recipient: mail.recipient,
            status: mail.report.status,
            action: mail.report.action,
            diagnostic: mail.report.diagnostic,
          });
        }
        return {
          status: "ignored",
          outcome: "bounce",
          why: recorded.failed
            ? { reason: "bounce_marked", params: { count: recorded.failed } }
            : recorded.delayed
              ? { reason: "bounce_delayed", params: { count: recorded.delayed } }
              : { reason: "bounce_unmatched" },
        };
      }
      case "add_reply":
        await deps.cases.email.addCustomerReply(tx, {
          caseId: action.caseId,
          author: { id: contact().id, name: contact().name },
          body: trimReplyText(bodyText(parsed)).slice(0, MAX_DESCRIPTION) || "—",
          inboundMailId: options.id,
          attachments: attachmentsOf(parsed),
          now,
        });
        return { status: "processed", outcome: "reply_added", caseId: action.caseId };
      case "refuse":
        return refuse(action.why, action.autoReply);
      case "open_case": {
        const person = contact();
        const chosen = action.entitled;
        const caller: Actor = {
          userId: person.id,
          email: person.email,
          name: person.name,
          role: "customer_contact",
          organizationId: person.organization_id,
          preferredLanguage: person.preferred_language === "en" ? "en" : "es-MX",
          via: "email",
          sessionId: null,
          csrfToken: null,
        };
        const opened = await deps.cases.openCaseFromMail(tx, {
          caller,
          system: chosen.system,
          subject: subjectOf(parsed),
          description: bodyText(parsed).slice(0, MAX_DESCRIPTION) || "—",
          now: new Date(Math.floor(now.getTime() / 1000) * 1000),
          inboundMailId: options.id,
          acknowledge: action.acknowledge,
          decision: chosen.decision,
          requester: {
            id: person.id,
            email: person.email,
            name: person.name,
            role: person.role,
            preferred_language: person.preferred_language,
            time_zone: person.time_zone ?? "America/Mexico_City",
          },
        });
        if (opened.outcome === "opened") {
          await deps.cases.email.attach(tx, {
            caseId: opened.caseId,
            eventId: opened.createdEventId,
            uploadedBy: person.id,
            attachments: attachmentsOf(parsed),
            now,
          });
          if (action.citedCaseId) {
            await deps.cases.email.noteCitedCase(tx, {
              caseId: opened.caseId,
              citedCaseId: action.citedCaseId,
              now,
            });
          }
          return {
            status: "processed",
            outcome: "case_opened",
            caseId: opened.caseId,
            autoReplied: action.acknowledge,
          };
        }
        if (opened.outcome === "held") {
          await deps.cases.email.keepForHeldRequest(tx, {
            heldRequestId: opened.heldRequestId,
            attachments: attachmentsOf(parsed),
            now,
          });
          return {
            status: "processed",
            outcome: "held",
            heldRequestId: opened.heldRequestId,
            autoReplied: action.acknowledge,
          };
        }
        return refuse({ reason: "not_authorized_contact" }, action.acknowledge);
      }
    }
  };

  return { carryOut };
};
