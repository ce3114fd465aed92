import { Button, Select, Table, Text, UnstyledButton } from "@mantine/core";
import { IconPencil, IconUserPlus, IconUsers } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { STAFF_ROLES, type StaffRole, staffRoleSchema } from "../../../api/roles";
import type { StaffUser } from "../../../api/users";
import { ActionsHeader, DataTable } from "../../components/data-table";
import { ListPage, ListToolbar } from "../../components/list-page";
import { PagedList } from "../../components/paged-list";
import { ActiveBadge, RoleBadge } from "../../components/role-badge";
import { RowAction } from "../../components/row-action";
import { useUrlFilters } from "../../components/use-url-filters";
import { UserFormModal } from "./user-form-modal";
import { useStaffUsers } from "./users-api";

export const UsersPage = () => {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const { q } = filters;
  const parsedRole = staffRoleSchema.safeParse(filters.get("role"));
  const role: StaffRole | null = parsedRole.success ? parsedRole.data : null;
  const list = useStaffUsers({ q, role });
  const [editing, setEditing] = useState<StaffUser | "new" | null>(null);

  return (
    <>
      <ListPage
        title={t("users.title")}
        description={t("users.description")}
        actions={
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setEditing("new")}>
            {t("users.new")}
          </Button>
        }
      >
        <ListToolbar search={{ filters, label: t("users.search") }}>
          <Select
            aria-label={t("users.filterByRole")}
            placeholder={t("users.allRoles")}
            clearable
            value={role}
            onChange={(value) => filters.setFilter("role", value)}
            data={STAFF_ROLES.map((item) => ({ value: item, label: t(`roles.${item}`) }))}
            style={{ flex: "0 1 220px" }}
          />
        </ListToolbar>
        <PagedList
          list={list}
          filtered={Boolean(q || role)}
          noResults={{ icon: <IconUsers size={28} stroke={1.5} /> }}
          empty={{ title: t("users.empty"), icon: <IconUsers size={28} stroke={1.5} /> }}
        >
          <DataTable
            label={t("users.title")}
            head={
              <>
                <Table.Th>{t("users.fields.name")}</Table.Th>
                <Table.Th visibleFrom="md">{t("users.fields.email")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("users.fields.role")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("users.fields.status")}</Table.Th>
                <ActionsHeader />
              </>
            }
          >
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
                  <RowAction
                    tooltip={t("common.edit")}
                    label={t("users.editNamed", { name: user.name })}
                    onClick={() => setEditing(user)}
                  >
                    <IconPencil size={16} />
                  </RowAction>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </PagedList>
      </ListPage>
      <UserFormModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        user={editing && editing !== "new" ? editing : undefined}
      />
    </>
  );
};
