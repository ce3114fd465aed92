import { ActionIcon, Button, Group, Table, Text, Tooltip, VisuallyHidden } from "@mantine/core";
import { IconPencil, IconPlus, IconServer } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CustomerSystem } from "../../../api/catalog";
import { useAuth } from "../../app/auth-context";
import { EnvironmentBadge } from "../../components/environment-badge";
import { ListState, LoadMore } from "../../components/list-state";
import { SystemFormModal } from "../systems/system-form-modal";
import { useSystems } from "../systems/systems-api";

export const OrganizationSystems = ({ organizationId }: { organizationId: string }) => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const list = useSystems({ organizationId });
  const [editing, setEditing] = useState<CustomerSystem | "new" | null>(null);
  const canWrite = can("systems:write");
  const addButton = canWrite ? (
    <Button variant="light" size="sm" leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
      {t("systems.add")}
    </Button>
  ) : null;

  return (
    <>
      {list.items.length > 0 && addButton && (
        <Group justify="flex-end" mb="sm">
          {addButton}
        </Group>
      )}
      <ListState
        query={list}
        isEmpty={list.items.length === 0}
        rows={3}
        compact
        empty={{
          title: t("systems.empty"),
          description: t("systems.emptyDescription"),
          icon: <IconServer size={28} stroke={1.5} />,
          action: addButton,
        }}
      >
        <Table.ScrollContainer minWidth={320}>
          <Table className="soporte-table" aria-label={t("systems.title")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("systems.fields.name")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("systems.fields.product")}</Table.Th>
                <Table.Th visibleFrom="md">{t("systems.fields.modules")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("systems.fields.installedVersion")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("systems.fields.environment")}</Table.Th>
                {canWrite && (
                  <Table.Th w={48}>
                    <VisuallyHidden>{t("common.actions")}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((system) => (
                <Table.Tr key={system.id}>
                  <Table.Td fw={600}>
                    {system.name}
                    <Text hiddenFrom="sm" size="xs" c="dimmed" fw={400}>
                      {system.productName} {system.installedVersion} ·{" "}
                      {t(`environments.${system.environment}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">{system.productName}</Table.Td>
                  <Table.Td visibleFrom="md">
                    <Text size="sm" c={system.modules.length ? undefined : "dimmed"}>
                      {system.modules.length ? system.modules.map((module) => module.name).join(", ") : "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm" ff="monospace" fz="sm">
                    {system.installedVersion}
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <EnvironmentBadge environment={system.environment} />
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Tooltip label={t("common.edit")} withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t("systems.editNamed", { name: system.name })}
                          onClick={() => setEditing(system)}
                        >
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  )}
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
      <SystemFormModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        organizationId={organizationId}
        system={editing && editing !== "new" ? editing : undefined}
      />
    </>
  );
};
