import { Alert, Anchor, Table, Text } from "@mantine/core";
import { IconInfoCircle, IconMailbox } from "@tabler/icons-react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DataTable } from "../../components/data-table";
import { useFormatters } from "../../components/formatters";
import { ListCard } from "../../components/list-page";
import { ListState, PageLoader, QueryError } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { useRowLink } from "../../components/row-link";
import { useDevMailList } from "./dev-mail-api";

/** Without SMTP_URL the server keeps every outgoing mail on disk; admins read them here. */
export const DevMailPage = () => {
  const { t } = useTranslation();
  const format = useFormatters();
  const rowLink = useRowLink();
  const list = useDevMailList();

  const header = <PageHeader title={t("devMail.title")} description={t("devMail.description")} />;
  if (list.isPending)
    return (
      <>
        {header}
        <PageLoader />
      </>
    );
  if (list.isError)
    return (
      <>
        {header}
        <QueryError error={list.error} onRetry={list.refetch} />
      </>
    );

  if (!list.data.enabled) {
    return (
      <>
        {header}
        <Alert
          variant="light"
          color="gray"
          icon={<IconInfoCircle size={18} />}
          title={t("devMail.disabledTitle")}
        >
          <Trans
            i18nKey="devMail.disabled"
            components={{
              code: <Text span ff="monospace" size="sm" fw={600} />,
              outbox: <Anchor component={Link} to="/outbox" size="sm" />,
            }}
          />
        </Alert>
      </>
    );
  }

  const items = list.data.items;
  return (
    <>
      {header}
      <Alert variant="light" color="brand" icon={<IconInfoCircle size={18} />} mb="lg">
        <Trans
          i18nKey="devMail.enabled"
          components={{ code: <Text span ff="monospace" size="sm" fw={600} /> }}
        />
      </Alert>
      <ListCard>
        <ListState
          query={list}
          isEmpty={items.length === 0}
          empty={{
            title: t("devMail.empty"),
            description: t("devMail.emptyDescription"),
            icon: <IconMailbox size={28} stroke={1.5} />,
          }}
        >
          <DataTable
            label={t("devMail.table")}
            head={
              <>
                <Table.Th>{t("devMail.fields.subject")}</Table.Th>
                <Table.Th visibleFrom="sm" w={1}>
                  {t("devMail.fields.to")}
                </Table.Th>
                <Table.Th visibleFrom="sm" w={1}>
                  {t("devMail.fields.receivedAt")}
                </Table.Th>
              </>
            }
          >
            {items.map((mail) => (
              <Table.Tr key={mail.id} {...rowLink(`/dev-mail/${mail.id}`)}>
                <Table.Td style={{ minWidth: 240 }}>
                  <Link
                    className="soporte-row-link"
                    to={`/dev-mail/${mail.id}`}
                    style={{ overflowWrap: "anywhere" }}
                  >
                    {mail.subject || t("devMail.noSubject")}
                  </Link>
                  <Text hiddenFrom="sm" size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                    {mail.to} · {format.dateTime(mail.receivedAt)}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="sm" style={{ whiteSpace: "nowrap" }}>
                  <Text size="sm">{mail.to}</Text>
                </Table.Td>
                <Table.Td visibleFrom="sm" style={{ whiteSpace: "nowrap" }}>
                  {format.dateTime(mail.receivedAt)}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <Text size="xs" c="dimmed" mt="md">
            {t("devMail.shown", { count: items.length })}
          </Text>
        </ListState>
      </ListCard>
    </>
  );
};
