import { Alert, Badge, Button, Checkbox, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconKey, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiToken } from "../../../api/auth";
import { ConfirmModal } from "../../components/confirm-modal";
import { ActionsHeader, DataTable } from "../../components/data-table";
import { useFormatters } from "../../components/formatters";
import { ListState } from "../../components/list-state";
import { notifyError, notifySuccess } from "../../components/notify";
import { RowAction } from "../../components/row-action";
import { SecretValue } from "../../components/secret-value";
import { type CreatedApiToken, useApiTokens, useCreateApiToken, useRevokeApiToken } from "./profile-api";

export const ApiTokensSection = () => {
  const { t } = useTranslation();
  const format = useFormatters();
  const tokens = useApiTokens();
  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const [name, setName] = useState("");
  const [readOnly, setReadOnly] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [revokeOpened, revokeModal] = useDisclosure(false);
  const items = tokens.data?.items ?? [];

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setNameError(t("validation.required"));
      return;
    }
    if (trimmed.length > 100) {
      setNameError(t("validation.tooLong", { max: 100 }));
      return;
    }
    try {
      setCreated(await create.mutateAsync({ name: trimmed, scope: readOnly ? "read_only" : "read_write" }));
      setName("");
      setReadOnly(false);
      setNameError(null);
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Stack gap="md">
      <form onSubmit={submit} noValidate aria-label={t("profile.tokens.create")}>
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t("profile.tokens.name")}
            placeholder={t("profile.tokens.namePlaceholder")}
            value={name}
            error={nameError}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setNameError(null);
            }}
            style={{ flex: "1 1 240px", maxWidth: 360 }}
          />
          <Checkbox
            mt={33}
            label={t("profile.tokens.readOnly")}
            description={t("profile.tokens.readOnlyHelp")}
            checked={readOnly}
            onChange={(event) => setReadOnly(event.currentTarget.checked)}
          />
          <Button type="submit" mt={25} leftSection={<IconPlus size={16} />} loading={create.isPending}>
            {t("profile.tokens.create")}
          </Button>
        </Group>
      </form>

      {created && (
        <Alert
          color="teal"
          variant="light"
          icon={<IconKey size={18} />}
          title={t("profile.tokens.createdTitle")}
        >
          <Text size="sm" mb="xs">
            {t("profile.tokens.createdHelp")}
          </Text>
          <SecretValue value={created.token} label={t("profile.tokens.secret")} />
          <Button variant="subtle" size="xs" mt="xs" onClick={() => setCreated(null)}>
            {t("profile.tokens.dismiss")}
          </Button>
        </Alert>
      )}

      <ListState
        query={tokens}
        isEmpty={items.length === 0}
        rows={2}
        compact
        empty={{
          title: t("profile.tokens.empty"),
          description: t("profile.tokens.emptyDescription"),
          icon: <IconKey size={28} stroke={1.5} />,
        }}
      >
        <DataTable
          label={t("profile.tokens.title")}
          head={
            <>
              <Table.Th>{t("profile.tokens.name")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("profile.tokens.prefix")}</Table.Th>
              <Table.Th>{t("profile.tokens.scope")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("common.createdAt")}</Table.Th>
              <Table.Th>{t("profile.tokens.lastUsed")}</Table.Th>
              <ActionsHeader />
            </>
          }
        >
          {items.map((token) => (
            <Table.Tr key={token.id}>
              <Table.Td fw={600}>{token.name}</Table.Td>
              <Table.Td visibleFrom="sm" ff="monospace" fz="sm">
                {token.prefix}…
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={token.scope === "read_only" ? "gray" : "blue"}>
                  {t(`profile.tokens.scopes.${token.scope}`)}
                </Badge>
              </Table.Td>
              <Table.Td visibleFrom="sm">{format.dateTime(token.createdAt)}</Table.Td>
              <Table.Td>
                {token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t("profile.tokens.never")}
              </Table.Td>
              <Table.Td>
                <RowAction
                  tooltip={t("profile.tokens.revoke")}
                  label={t("profile.tokens.revokeNamed", { name: token.name })}
                  color="red"
                  onClick={() => {
                    setRevoking(token);
                    revokeModal.open();
                  }}
                >
                  <IconTrash size={16} />
                </RowAction>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </ListState>

      <ConfirmModal
        opened={revokeOpened}
        onClose={revokeModal.close}
        title={t("profile.tokens.revokeTitle")}
        message={t("profile.tokens.revokeConfirm", { name: revoking?.name ?? "" })}
        confirmLabel={t("profile.tokens.revoke")}
        loading={revoke.isPending}
        onConfirm={async () => {
          if (!revoking) return;
          await revoke.mutateAsync(revoking.id);
          notifySuccess(t("profile.tokens.revoked", { name: revoking.name }));
        }}
      />
    </Stack>
  );
};
