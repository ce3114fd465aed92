import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { BillingLine } from "../../../api/contracts";
import { useFormatters } from "../../components/formatters";

/** One readable line: what is charged, for which period, and how a partial period was prorated. */
const useDescribeLine = () => {
  const { t } = useTranslation();
  const format = useFormatters();
  return (line: BillingLine) => {
    const period =
      line.startDate && line.endDate
        ? t("contracts.term", {
            start: format.localDate(line.startDate),
            end: format.localDate(line.endDate),
          })
        : null;
    const detail =
      line.kind === "lapsed_partial" && line.days !== null && line.daysInYear !== null
        ? t("contracts.billing.prorated", { days: line.days, daysInYear: line.daysInYear })
        : line.kind === "penalty" && line.years !== null
          ? t("contracts.billing.penaltyYears", { count: line.years })
          : null;
    return { title: t(`contracts.billing.kinds.${line.kind}`), period, detail };
  };
};

/** The itemised lines of a contract or a reinstatement quote, with their total. */
export const BillingLines = ({
  lines,
  totalCents,
  label,
}: {
  lines: BillingLine[];
  totalCents: number;
  label: string;
}) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const describe = useDescribeLine();
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table className="soporte-table" aria-label={label} highlightOnHover={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("contracts.billing.concept")}</Table.Th>
            <Table.Th ta="right">{t("contracts.billing.amount")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, index) => {
            const { title, period, detail } = describe(line);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id and never reorder
              <Table.Tr key={index}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {title}
                  </Text>
                  {(period || detail) && (
                    <Text size="xs" c="dimmed">
                      {[period, detail].filter(Boolean).join(" · ")}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
                  {format.money(line.amountCents)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Td fw={700}>{t("contracts.billing.total")}</Table.Td>
            <Table.Td
              ta="right"
              fw={700}
              style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}
            >
              {format.money(totalCents)}
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
};
