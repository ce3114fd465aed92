import { Badge, type MantineColor, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Support, SupportStatus } from "../../api/catalog";
import { useFormatters } from "./formatters";

const COLORS: Record<SupportStatus, MantineColor> = {
  current: "teal",
  previous: "brand",
  ending: "orange",
  unannounced: "gray",
  unsupported: "red",
  upcoming: "grape",
};

/** A version's place in the support policy, with what it means on hover. */
export const SupportStatusBadge = ({ support }: { support: Support }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const values = { date: format.localDate(support.endOfSupportOn) };
  return (
    <Tooltip label={t(`supportStatus.help.${support.status}`, values)} multiline w={280} withArrow>
      <Badge miw="max-content" variant="light" color={COLORS[support.status]} radius="sm" tt="none" fw={600}>
        {t(`supportStatus.labels.${support.status}`, values)}
      </Badge>
    </Tooltip>
  );
};
