import { Anchor, Box, Button, Table, Text, Tooltip } from "@mantine/core";
import { IconInbox, IconSettings } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../../app/auth-context";
import { DataTable } from "../../components/data-table";
import { DayAndTimeCell } from "../../components/day-and-time";
import { useFormatters } from "../../components/formatters";
import { ListPage } from "../../components/list-page";
import { PagedList } from "../../components/paged-list";
import { useRowLink } from "../../components/row-link";
import { StatusTabs } from "../../components/status-tabs";
import { useUrlFilters } from "../../components/use-url-filters";
import { BreakableAddress } from "./breakable-address";
import {
  countFor,
  INBOUND_FILTER_VALUES,
  type InboundFilter,
  type InboundMailSummary,
  useInboundMailList,
} from "./inbound-mail-api";
import { InboundStatusBadge, useInboundOutcomeText } from "./inbound-mail-text";

const DEFAULT_FILTER: InboundFilter = "attention";

const isFilter = (value: string | null): value is InboundFilter =>
  (INBOUND_FILTER_VALUES as readonly (string | null)[]).includes(value);

/** What became of the message, with why under it ("remitente desconocido", the failed checks, an error). */
const OutcomeCell = ({ mail }: { mail: InboundMailSummary }) => {
  const { t } = useTranslation();
  const outcome = useInboundOutcomeText();
  const detail = outcome.detail(mail);
  return (
    <>
      <Text size="sm" fw={500}>
        {outcome.label(mail)}
      </Text>
      {detail && (
        <Tooltip label={detail.text} multiline w={420} withArrow openDelay={300} position="bottom-start">
          <Text
            size="xs"
            c={mail.status === "failed" ? "red.8" : "dimmed"}
            ff={detail.technical ? "monospace" : undefined}
            lineClamp={2}
            style={{ overflowWrap: "anywhere" }}
          >
            {detail.text}
          </Text>
        </Tooltip>
      )}
      {mail.autoReplied && (
        <Text size="xs" c="dimmed">
          {t("inboundMail.autoRepliedShort")}
        </Text>
      )}
    </>
  );
};

/** The desk: every message that reached the support addresses, and the ones waiting for a decision. */
export const InboundMailPage = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const rowLink = useRowLink();
  const format = useFormatters();
  const filters = useUrlFilters({ filter: DEFAULT_FILTER });
  const raw = filters.get("filter");
  const filter = isFilter(raw) ? raw : DEFAULT_FILTER;
  const list = useInboundMailList(filter);

  return (
    <ListPage
      title={t("inboundMail.title")}
      description={t("inboundMail.description")}
      actions={
        can("settings:read") ? (
          <Button
            component={Link}
            to="/settings/mail"
            variant="default"
            leftSection={<IconSettings size={16} />}
          >
            {t("nav.mailSettings")}
          </Button>
        ) : null
      }
    >
      <StatusTabs
        label={t("inboundMail.filter")}
        values={INBOUND_FILTER_VALUES}
        value={filter}
        onChange={(value) => filters.setFilter("filter", value)}
        tabLabel={(value) => t(`inboundMail.tabs.${value}`)}
        count={(value) => countFor(list.counts, value)}
        loud={(value) => (value === "attention" ? "orange" : undefined)}
      />
      <PagedList
        list={list}
        hint={t(`inboundMail.tabHelp.${filter}`)}
        empty={{
          title: t(`inboundMail.empty.${filter}`),
          description: t(`inboundMail.emptyDescription.${filter}`),
          icon: <IconInbox size={28} stroke={1.5} />,
        }}
      >
        {/* on phones the subject cell carries the sender, the time and the outcome */}
        <DataTable
          label={t("inboundMail.table")}
          head={
            <>
              <Table.Th w={1} visibleFrom="sm">
                {t("inboundMail.fields.receivedAt")}
              </Table.Th>
              <Table.Th w="22%" visibleFrom="sm">
                {t("inboundMail.fields.from")}
              </Table.Th>
              <Table.Th>{t("inboundMail.fields.subject")}</Table.Th>
              <Table.Th w="24%" visibleFrom="sm">
                {t("inboundMail.fields.outcome")}
              </Table.Th>
              <Table.Th w={1}>{t("inboundMail.fields.status")}</Table.Th>
              <Table.Th w={1} visibleFrom="sm">
                {t("inboundMail.fields.case")}
              </Table.Th>
            </>
          }
        >
          {list.items.map((mail) => (
            <Table.Tr
              key={mail.id}
              bg={mail.status === "failed" ? "red.0" : undefined}
              {...rowLink(`/inbound-mail/${mail.id}`)}
            >
              <DayAndTimeCell iso={mail.receivedAt} visibleFrom="sm" />
              <Table.Td visibleFrom="sm" style={{ verticalAlign: "top" }}>
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {mail.from ? <BreakableAddress value={mail.from} /> : t("inboundMail.noSender")}
                </Text>
              </Table.Td>
              <Table.Td style={{ verticalAlign: "top", minWidth: 180 }}>
                <Link
                  className="soporte-row-link"
                  to={`/inbound-mail/${mail.id}`}
                  style={{ overflowWrap: "anywhere" }}
                >
                  {mail.subject || t("inboundMail.noSubject")}
                </Link>
                <Box hiddenFrom="sm" mt={2}>
                  <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                    {mail.from ? <BreakableAddress value={mail.from} /> : t("inboundMail.noSender")} ·{" "}
                    {format.day(mail.receivedAt)}, {format.time(mail.receivedAt)}
                  </Text>
                  <Box mt={4}>
                    <OutcomeCell mail={mail} />
                  </Box>
                </Box>
              </Table.Td>
              <Table.Td visibleFrom="sm" style={{ verticalAlign: "top" }}>
                <OutcomeCell mail={mail} />
              </Table.Td>
              <Table.Td style={{ verticalAlign: "top" }}>
                <InboundStatusBadge status={mail.status} />
              </Table.Td>
              <Table.Td visibleFrom="sm" style={{ verticalAlign: "top", whiteSpace: "nowrap" }}>
                {mail.caseId ? (
                  <Anchor component={Link} to={`/cases/${mail.caseId}`} size="sm">
                    {t("inboundMail.openCase")}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </PagedList>
    </ListPage>
  );
};
