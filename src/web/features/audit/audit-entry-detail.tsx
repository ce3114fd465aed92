import { Code, Group, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { DetailList } from "../../components/detail-list";
import { useFormatters } from "../../components/formatters";
import { RoleBadge } from "../../components/role-badge";
import type { AuditEntry } from "./audit-api";
import { changedValues, detailLines } from "./audit-diff";
import { EntityRef, OrganizationRef, useActionText } from "./audit-parts";

const cellStyle = {
  verticalAlign: "top",
  overflowWrap: "anywhere",
  whiteSpace: "pre-wrap",
  fontFamily: "var(--mantine-font-family-monospace)",
  fontSize: "var(--mantine-font-size-xs)",
} as const;

/** The values before and after side by side, only those that changed. */
const Changes = ({ entry }: { entry: AuditEntry }) => {
  const { t } = useTranslation();
  const rows = changedValues(entry.before, entry.after);
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t("audit.detail.noChanges")}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table className="soporte-table" aria-label={t("audit.detail.changes")} layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="28%">{t("audit.detail.field")}</Table.Th>
            <Table.Th>{t("audit.detail.before")}</Table.Th>
            <Table.Th>{t("audit.detail.after")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.path || "value"}>
              <Table.Td style={cellStyle}>{row.path || t("audit.detail.value")}</Table.Td>
              <Table.Td style={cellStyle} bg={row.before === null ? undefined : "red.0"}>
                {row.before ?? "—"}
              </Table.Td>
              <Table.Td style={cellStyle} bg={row.after === null ? undefined : "teal.0"}>
                {row.after ?? "—"}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
};

/** Everything else the entry recorded, a line a value. */
const OtherDetails = ({ entry }: { entry: AuditEntry }) => {
  const { t } = useTranslation();
  const lines = detailLines(entry.details);
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t("audit.detail.noDetails")}
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      {lines.map((line) => (
        <Text key={line.path} size="xs" ff="monospace" style={{ overflowWrap: "anywhere" }}>
          <Text span size="xs" ff="monospace" c="dimmed">
            {line.path}:
          </Text>{" "}
          {line.value}
        </Text>
      ))}
    </Stack>
  );
};

/** One entry: when, who and how, what about, then its before and after side by side and its other details. */
export const AuditEntryDetail = ({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const actionText = useActionText();
  const phone = useMediaQuery("(max-width: 36em)");
  return (
    <Modal
      opened={entry !== null}
      onClose={onClose}
      size="xl"
      fullScreen={phone}
      title={entry ? <Text fw={650}>{actionText(entry.action)}</Text> : null}
    >
      {entry && (
        <Stack gap="lg">
          <DetailList
            cols={3}
            items={[
              { label: t("audit.columns.when"), value: format.dateTime(entry.at) },
              {
                label: t("audit.columns.who"),
                value: entry.actor ? (
                  <Group gap={6} wrap="wrap">
                    <span>{entry.actor.name}</span>
                    <RoleBadge role={entry.actor.role} />
                  </Group>
                ) : (
                  t("audit.system")
                ),
              },
              { label: t("audit.detail.via"), value: entry.via ? t(`audit.via.${entry.via}`) : null },
              { label: t("audit.columns.entity"), value: <EntityRef entry={entry} /> },
              { label: t("audit.columns.organization"), value: <OrganizationRef entry={entry} /> },
              {
                label: t("audit.detail.code"),
                value: (
                  <Code>
                    {entry.action} · {t("audit.detail.entry", { id: entry.id })}
                  </Code>
                ),
              },
            ]}
          />
          <Stack gap="xs">
            <Title order={4}>{t("audit.detail.changes")}</Title>
            <Changes entry={entry} />
          </Stack>
          <Stack gap="xs">
            <Title order={4}>{t("audit.detail.details")}</Title>
            <OtherDetails entry={entry} />
          </Stack>
        </Stack>
      )}
    </Modal>
  );
};
