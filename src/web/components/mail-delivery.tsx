import { Badge, Tooltip } from "@mantine/core";
import { IconMailOff } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/**
 * Whether a delivery report is a permanent failure (5.x.x, or "failed" without a code) rather than a delay
 * (4.x.x, or "delayed"): the server records only these two.
 */
export const isPermanentBounce = (report: { action: string; status: string | null }) =>
  report.status ? report.status.startsWith("5") : report.action !== "delayed";

/** A person whose address a permanent bounce marked: mail sent to them does not arrive. */
export const MailUndeliverableBadge = ({ tooltip }: { tooltip?: string }) => {
  const { t } = useTranslation();
  const badge = (
    <Badge
      size="sm"
      miw="max-content"
      variant="light"
      color="red"
      radius="sm"
      tt="none"
      fw={600}
      leftSection={<IconMailOff size={12} aria-hidden />}
    >
      {t("contacts.mailUndeliverable.badge")}
    </Badge>
  );
  return tooltip ? (
    <Tooltip label={tooltip} multiline w={300} withArrow openDelay={200}>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
};
