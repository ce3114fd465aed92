import { Button, Group, Stack, Table, Text, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus, IconWebhook } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { DataTable } from "../../components/data-table";
import { ListPage } from "../../components/list-page";
import { ListState } from "../../components/list-state";
import { useRowLink } from "../../components/row-link";
import { WebhookCreateModal } from "./webhook-create-modal";
import { useEventLabel } from "./webhook-events-field";
import { WebhookSecretModal } from "./webhook-secret-modal";
import { WebhookStateBadge } from "./webhook-state";
import { useWebhooks, type WebhookWithSecret } from "./webhooks-api";

export const webhookPath = (id: string) => `/settings/webhooks/${encodeURIComponent(id)}`;

/** Admins: the endpoints other systems receive events at, their state and what waits to be delivered. */
export const WebhooksPage = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const rowLink = useRowLink();
  const eventLabel = useEventLabel();
  const webhooks = useWebhooks();
  const [creating, create] = useDisclosure(false);
  const [created, setCreated] = useState<WebhookWithSecret | null>(null);
  const items = webhooks.data?.items ?? [];

  const createButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
      {t("webhooks.create.button")}
    </Button>
  );

  return (
    <>
      <ListPage title={t("webhooks.title")} description={t("webhooks.description")} actions={createButton}>
        <ListState
          query={webhooks}
          isEmpty={items.length === 0}
          rows={3}
          empty={{
            title: t("webhooks.empty"),
            description: t("webhooks.emptyDescription"),
            icon: <IconWebhook size={28} stroke={1.5} />,
            action: createButton,
          }}
        >
          <DataTable
            label={t("webhooks.title")}
            minWidth={320}
            head={
              <>
                <Table.Th>{t("webhooks.fields.url")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("webhooks.fields.organization")}</Table.Th>
                <Table.Th w={1} visibleFrom="md">
                  {t("webhooks.fields.events")}
                </Table.Th>
                <Table.Th w={1} visibleFrom="sm">
                  {t("webhooks.fields.state")}
                </Table.Th>
                <Table.Th w={1} style={{ whiteSpace: "nowrap" }}>
                  <Text span inherit visibleFrom="sm">
                    {t("webhooks.fields.pending")}
                  </Text>
                  <Text span inherit hiddenFrom="sm">
                    {t("webhooks.fields.pendingShort")}
                  </Text>
                </Table.Th>
              </>
            }
          >
            {items.map((endpoint) => {
              const to = webhookPath(endpoint.id);
              return (
                <Table.Tr
                  key={endpoint.id}
                  {...rowLink(to)}
                  style={{ cursor: "pointer", verticalAlign: "top" }}
                >
                  <Table.Td style={{ minWidth: 200 }}>
                    <Link
                      className="soporte-row-link"
                      to={to}
                      style={{ fontFamily: "var(--mantine-font-family-monospace)", overflowWrap: "anywhere" }}
                    >
                      {endpoint.url}
                    </Link>
                    {endpoint.description && (
                      <Text size="xs" c="dimmed" mt={2} lineClamp={2}>
                        {endpoint.description}
                      </Text>
                    )}
                    {/* on a phone the organization and the state go under the address */}
                    <Stack gap={4} mt={6} hiddenFrom="sm" align="flex-start">
                      <Text size="xs" c="dimmed">
                        {endpoint.organizationName ?? t("webhooks.allOrganizationsShort")}
                      </Text>
                      <WebhookStateBadge endpoint={endpoint} />
                    </Stack>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm" c={endpoint.organizationName ? undefined : "dimmed"}>
                      {endpoint.organizationName ?? t("webhooks.allOrganizationsShort")}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="md" style={{ whiteSpace: "nowrap" }}>
                    <Tooltip
                      label={endpoint.events.map(eventLabel).join(" · ")}
                      multiline
                      w={300}
                      withArrow
                      openDelay={300}
                    >
                      <Text size="sm" style={{ textDecoration: "underline dotted", cursor: "help" }}>
                        {t("webhooks.eventCount", { count: endpoint.events.length })}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td visibleFrom="sm" style={{ minWidth: 150 }}>
                    <WebhookStateBadge endpoint={endpoint} />
                  </Table.Td>
                  <Table.Td>
                    <Group justify="flex-end">
                      <Text
                        size="sm"
                        fw={endpoint.pendingDeliveries > 0 ? 700 : undefined}
                        c={endpoint.pendingDeliveries > 0 ? "orange.8" : "dimmed"}
                      >
                        {endpoint.pendingDeliveries}
                      </Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </DataTable>
        </ListState>
      </ListPage>
      <WebhookCreateModal opened={creating} onClose={create.close} onCreated={setCreated} />
      <WebhookSecretModal
        created={created}
        kind="created"
        onClose={() => {
          const id = created?.id;
          setCreated(null);
          if (id) navigate(webhookPath(id));
        }}
      />
    </>
  );
};
