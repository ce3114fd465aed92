import { Anchor, Badge, Box, Button, Paper, Select, Table, Tabs, Text, Tooltip } from "@mantine/core";
import { IconInbox, IconSettings } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useAuth } from "../../app/auth-context";
import { ListState, LoadMore } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { useRowLink } from "../../components/row-link";
import { BreakableAddress } from "./breakable-address";
import {
  countFor,
  INBOUND_FILTER_VALUES,
  type InboundCounts,
  type InboundFilter,
  type InboundMailSummary,
  useInboundMailList,
} from "./inbound-mail-api";
import { InboundStatusBadge, useDayAndTime, useInboundOutcomeText } from "./inbound-mail-text";

const DEFAULT_FILTER: InboundFilter = "attention";

const isFilter = (value: string | null): value is InboundFilter =>
  (INBOUND_FILTER_VALUES as readonly (string | null)[]).includes(value);

/** A count next to each tab; messages waiting for a decision stand out. */
const CountBadge = ({ filter, counts }: { filter: InboundFilter; counts: InboundCounts | null }) => {
  const count = countFor(counts, filter);
  if (count === null)
    return (
      <Badge size="sm" variant="light" color="gray" radius="xl" miw={24} aria-hidden>
        ·
      </Badge>
    );
  const loud = filter === "attention" && count > 0;
  return (
    <Badge
      size="sm"
      variant={loud ? "filled" : "light"}
      color={loud ? "orange" : "gray"}
      radius="xl"
      miw={24}
    >
      {count}
    </Badge>
  );
};

/** What became of the message, with the server's detail ("dkim=fail", an error) under it. */
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
  const when = useDayAndTime();
  const [params, setParams] = useSearchParams();
  const raw = params.get("filter");
  const filter = isFilter(raw) ? raw : DEFAULT_FILTER;
  const list = useInboundMailList(filter);
  const tabLabel = (value: InboundFilter) => t(`inboundMail.tabs.${value}`);

  const setFilter = (value: string | null) => {
    const next = new URLSearchParams(params);
    if (value && value !== DEFAULT_FILTER) next.set("filter", value);
    else next.delete("filter");
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
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
      />
      <Paper p={{ base: "sm", sm: "md" }} radius="md">
        <Tabs
          value={filter}
          onChange={setFilter}
          variant="pills"
          radius="md"
          mb="md"
          visibleFrom="sm"
          aria-label={t("inboundMail.filter")}
        >
          <Tabs.List style={{ flexWrap: "wrap", rowGap: 6 }}>
            {INBOUND_FILTER_VALUES.map((value) => (
              <Tabs.Tab
                key={value}
                value={value}
                rightSection={<CountBadge filter={value} counts={list.counts} />}
              >
                {tabLabel(value)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Select
          hiddenFrom="sm"
          mb="sm"
          aria-label={t("inboundMail.filter")}
          value={filter}
          allowDeselect={false}
          onChange={setFilter}
          data={INBOUND_FILTER_VALUES.map((value) => {
            const count = countFor(list.counts, value);
            return { value, label: count === null ? tabLabel(value) : `${tabLabel(value)} (${count})` };
          })}
        />
        <Text size="sm" c="dimmed" mb="sm">
          {t(`inboundMail.tabHelp.${filter}`)}
        </Text>
        <ListState
          query={list}
          isEmpty={list.items.length === 0}
          empty={{
            title: t(`inboundMail.empty.${filter}`),
            description: t(`inboundMail.emptyDescription.${filter}`),
            icon: <IconInbox size={28} stroke={1.5} />,
          }}
        >
          {/* on phones the subject cell carries the sender, the time and the outcome */}
          <Table.ScrollContainer minWidth={320}>
            <Table className="soporte-table" aria-label={t("inboundMail.table")}>
              <Table.Thead>
                <Table.Tr>
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
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((mail) => (
                  <Table.Tr
                    key={mail.id}
                    bg={mail.status === "failed" ? "red.0" : undefined}
                    {...rowLink(`/inbound-mail/${mail.id}`)}
                  >
                    <Table.Td visibleFrom="sm" style={{ whiteSpace: "nowrap", verticalAlign: "top" }}>
                      <Text size="sm">{when.date(mail.receivedAt)}</Text>
                      <Text size="xs" c="dimmed">
                        {when.time(mail.receivedAt)}
                      </Text>
                    </Table.Td>
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
                          {when.date(mail.receivedAt)}, {when.time(mail.receivedAt)}
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
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore
            shown={list.items.length}
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
          />
        </ListState>
      </Paper>
    </>
  );
};
