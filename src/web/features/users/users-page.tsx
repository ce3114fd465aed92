import {
  ActionIcon,
  Button,
  Group,
  Paper,
  Select,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import { IconPencil, IconUserPlus, IconUsers } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { STAFF_ROLES, type StaffRole, staffRoleSchema } from "../../../api/roles";
import type { StaffUser } from "../../../api/users";
import { ListState, LoadMore } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { ActiveBadge, RoleBadge } from "../../components/role-badge";
import { SearchInput } from "../../components/search-input";
import { UserFormModal } from "./user-form-modal";
import { useStaffUsers } from "./users-api";

export const UsersPage = () => {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const parsedRole = staffRoleSchema.safeParse(params.get("role"));
  const role: StaffRole | null = parsedRole.success ? parsedRole.data : null;
  const list = useStaffUsers({ q, role });
  const [editing, setEditing] = useState<StaffUser | "new" | null>(null);

  const setFilter = (key: "q" | "role", value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t("users.title")}
        description={t("users.description")}
        actions={
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setEditing("new")}>
            {t("users.new")}
          </Button>
        }
      />
      <Paper p={{ base: "sm", sm: "md" }} radius="md">
        <Group mb="md" gap="sm">
          <SearchInput
            label={t("users.search")}
            clearLabel={t("common.clearSearch")}
            value={q}
            onSearch={(value) => setFilter("q", value)}
          />
          <Select
            aria-label={t("users.filterByRole")}
            placeholder={t("users.allRoles")}
            clearable
            value={role}
            onChange={(value) => setFilter("role", value)}
            data={STAFF_ROLES.map((item) => ({ value: item, label: t(`roles.${item}`) }))}
            style={{ flex: "0 1 220px" }}
          />
        </Group>
        <ListState
          query={list}
          isEmpty={list.items.length === 0}
          empty={{
            title: q || role ? t("common.noResults") : t("users.empty"),
            icon: <IconUsers size={28} stroke={1.5} />,
          }}
        >
          <Table.ScrollContainer minWidth={320}>
            <Table className="soporte-table" aria-label={t("users.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("users.fields.name")}</Table.Th>
                  <Table.Th visibleFrom="md">{t("users.fields.email")}</Table.Th>
                  <Table.Th visibleFrom="sm">{t("users.fields.role")}</Table.Th>
                  <Table.Th visibleFrom="sm">{t("users.fields.status")}</Table.Th>
                  <Table.Th w={48}>
                    <VisuallyHidden>{t("common.actions")}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((user) => (
                  <Table.Tr key={user.id}>
                    <Table.Td>
                      <UnstyledButton className="soporte-row-link" fz="sm" onClick={() => setEditing(user)}>
                        {user.name}
                      </UnstyledButton>
                      <Text hiddenFrom="md" size="xs" c="dimmed">
                        {user.email}
                      </Text>
                      <Text hiddenFrom="sm" size="xs" c="dimmed">
                        {user.active
                          ? t(`roles.${user.role}`)
                          : `${t(`roles.${user.role}`)} · ${t("common.inactive")}`}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="md">{user.email}</Table.Td>
                    <Table.Td visibleFrom="sm">
                      <RoleBadge role={user.role} />
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      <ActiveBadge active={user.active} />
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={t("common.edit")} withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t("users.editNamed", { name: user.name })}
                          onClick={() => setEditing(user)}
                        >
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
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
      <UserFormModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        user={editing && editing !== "new" ? editing : undefined}
      />
    </>
  );
};
