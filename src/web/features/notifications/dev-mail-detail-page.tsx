import { Button, Paper, Stack, Table, Tabs, Text } from "@mantine/core";
import { IconCode, IconDownload, IconFileText, IconListDetails, IconMail } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { DataTable } from "../../components/data-table";
import { DetailList } from "../../components/detail-list";
import { useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { RawSource, SandboxedHtml } from "../../components/mail-view";
import { PageHeader } from "../../components/page-header";
import { type DevMail, useDevMail } from "./dev-mail-api";

/** Saves the raw message as an .eml file (built in the browser: the API answers JSON). */
const downloadRaw = (mail: DevMail) => {
  const url = URL.createObjectURL(new Blob([mail.raw], { type: "message/rfc822" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `${mail.id}.eml`;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1_000);
};

/** One captured mail: who and when, then its HTML, its text, its headers and its source. */
export const DevMailDetailPage = () => {
  const { t } = useTranslation();
  const format = useFormatters();
  const { mailId = "" } = useParams();
  const query = useDevMail(mailId);
  const back = { to: "/dev-mail", label: t("devMail.title") };

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <QueryError error={query.error} onRetry={query.refetch} />;
  const mail = query.data;

  return (
    <>
      <PageHeader
        title={mail.subject || t("devMail.noSubject")}
        back={back}
        actions={
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            onClick={() => downloadRaw(mail)}
          >
            {t("devMail.download")}
          </Button>
        }
      />
      <Stack gap="lg">
        <Paper p={{ base: "md", sm: "lg" }} radius="md">
          <DetailList
            cols={3}
            items={[
              { label: t("devMail.fields.from"), value: mail.from },
              { label: t("devMail.fields.to"), value: mail.to },
              { label: t("devMail.fields.receivedAt"), value: format.dateTime(mail.receivedAt) },
            ]}
          />
        </Paper>
        <Paper p={{ base: "sm", sm: "md" }} radius="md">
          <Tabs defaultValue={mail.html ? "html" : "text"} keepMounted={false}>
            <Tabs.List mb="md">
              {mail.html && (
                <Tabs.Tab value="html" leftSection={<IconMail size={16} />}>
                  {t("devMail.tabs.html")}
                </Tabs.Tab>
              )}
              <Tabs.Tab value="text" leftSection={<IconFileText size={16} />}>
                {t("devMail.tabs.text")}
              </Tabs.Tab>
              <Tabs.Tab value="headers" leftSection={<IconListDetails size={16} />}>
                {t("devMail.tabs.headers")}
              </Tabs.Tab>
              <Tabs.Tab value="raw" leftSection={<IconCode size={16} />}>
                {t("devMail.tabs.raw")}
              </Tabs.Tab>
            </Tabs.List>
            {mail.html && (
              <Tabs.Panel value="html">
                <SandboxedHtml
                  html={mail.html}
                  title={t("devMail.htmlTitle", { subject: mail.subject })}
                  height={600}
                  note={t("devMail.htmlNote")}
                />
              </Tabs.Panel>
            )}
            <Tabs.Panel value="text">
              <Text
                component="pre"
                size="sm"
                m={0}
                p="md"
                bg="gray.0"
                style={{
                  whiteSpace: "pre-wrap",
                  overflowWrap: "anywhere",
                  borderRadius: 8,
                  fontFamily: "inherit",
                }}
              >
                {mail.text || "—"}
              </Text>
            </Tabs.Panel>
            <Tabs.Panel value="headers">
              <DataTable
                label={t("devMail.tabs.headers")}
                highlightOnHover={false}
                head={
                  <>
                    <Table.Th w={200}>{t("devMail.fields.headerName")}</Table.Th>
                    <Table.Th>{t("devMail.fields.headerValue")}</Table.Th>
                  </>
                }
              >
                {mail.headers.map((header, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: headers repeat (Received) and keep their order
                  <Table.Tr key={index}>
                    <Table.Td style={{ whiteSpace: "nowrap", verticalAlign: "top" }}>
                      <Text size="sm" fw={600}>
                        {header.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace" style={{ overflowWrap: "anywhere" }}>
                        {header.value}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </DataTable>
            </Tabs.Panel>
            <Tabs.Panel value="raw">
              <RawSource raw={mail.raw} maxHeight={600} />
            </Tabs.Panel>
          </Tabs>
        </Paper>
      </Stack>
    </>
  );
};
