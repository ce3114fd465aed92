import { Badge, type MantineColor } from "@mantine/core";
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

/** What happened to a message, in words: a short label, the explanation, and why. */
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
     * Why it ended so, in words ("remitente desconocido", "12 mensajes de esta dirección en 10 min"); a
     * message stored before reasons had codes shows the server's text as it was, as code.
     */
    detail: (
      mail: Pick<InboundMailSummary, "detail" | "reason" | "reasonParams">,
    ): { text: string; technical: boolean } | null => {
      if (mail.reason)
        return { text: t(`inboundMail.reasons.${mail.reason}`, mail.reasonParams), technical: false };
      return mail.detail ? { text: mail.detail, technical: true } : null;
    },
  };
};
