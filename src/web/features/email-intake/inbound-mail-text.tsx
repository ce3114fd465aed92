import { Badge, type MantineColor } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { type InboundMailSummary, type InboundStatus, isInboundOutcome } from "./inbound-mail-api";

const STATUS_COLORS: Record<InboundStatus, MantineColor> = {
  received: "gray",
  processing: "cyan",
  processed: "teal",
  review: "orange",
  ignored: "gray",
  failed: "red",
};

/** The colour of a message's state: review orange, failure red, done teal, the rest gray. */
export const inboundStatusColor = (status: InboundStatus): MantineColor => STATUS_COLORS[status];

export const InboundStatusBadge = ({ status }: { status: InboundStatus }) => {
  const { t } = useTranslation();
  return (
    <Badge
      miw="max-content"
      variant={status === "review" || status === "failed" ? "filled" : "light"}
      color={STATUS_COLORS[status]}
      radius="sm"
      tt="none"
      fw={600}
    >
      {t(`inboundMail.status.${status}`)}
    </Badge>
  );
};

/** The free-text reasons the server writes for a refusal, in the viewer's language. */
const KNOWN_DETAILS = {
  "unknown sender": "unknownSender",
  "not an authorized contact": "notAuthorized",
} as const;
const isKnownDetail = (value: string): value is keyof typeof KNOWN_DETAILS => value in KNOWN_DETAILS;

/** What happened to a message, in words: a short label, the explanation, and the server's detail. */
export const useInboundOutcomeText = () => {
  const { t } = useTranslation();
  /** The outcome's key in the catalogs: a known outcome, a failure, or still waiting. */
  const keyOf = (mail: Pick<InboundMailSummary, "status" | "outcome">) => {
    if (isInboundOutcome(mail.outcome)) return mail.outcome;
    if (mail.status === "failed") return "processingError" as const;
    if (mail.status === "received" || mail.status === "processing") return "waiting" as const;
    return null;
  };
  return {
    label: (mail: Pick<InboundMailSummary, "status" | "outcome">): string => {
      const key = keyOf(mail);
      return key ? t(`inboundMail.outcomes.${key}`) : (mail.outcome ?? "—");
    },
    explanation: (mail: Pick<InboundMailSummary, "status" | "outcome">): string | null => {
      const key = keyOf(mail);
      return key ? t(`inboundMail.outcomeHelp.${key}`) : null;
    },
    /**
     * The server's detail: a known reason translated into words, or the technical text as sent
     * ("dkim=fail", an error message), to be shown as code.
     */
    detail: (mail: Pick<InboundMailSummary, "detail">): { text: string; technical: boolean } | null => {
      if (!mail.detail) return null;
      return isKnownDetail(mail.detail)
        ? { text: t(`inboundMail.knownDetails.${KNOWN_DETAILS[mail.detail]}`), technical: false }
        : { text: mail.detail, technical: true };
    },
  };
};

/** An instant on two short lines: the day, then the time. */
export const useDayAndTime = () => {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });
    const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: "short" });
    return {
      date: (iso: string) => date.format(new Date(iso)),
      time: (iso: string) => time.format(new Date(iso)),
    };
  }, [i18n.language]);
};
