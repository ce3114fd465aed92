import {
  Anchor,
  Badge,
  Button,
  EmptyState,
  Group,
  Modal,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
} from "@mantine/core";
import { IconCertificate, IconTrash, IconUserCheck, IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Contract } from "../../../api/contracts";
import type { Contact } from "../../../api/organizations";
import { useAuth } from "../../app/auth-context";
import { ConfirmModal } from "../../components/confirm-modal";
import { ActionsHeader, DataTable } from "../../components/data-table";
import { FormAlert } from "../../components/form-alert";
import { useFormatters } from "../../components/formatters";
import { ListState } from "../../components/list-state";
import { todayLocalDate } from "../../components/local-date";
import { describeProblem, notifySuccess } from "../../components/notify";
import { RowAction } from "../../components/row-action";
import { useOrganizationContacts } from "../contacts/contacts-api";
import { isTrainingValidOn, useTrainingOf } from "../contacts/training-api";
import { useAuthorizeContact, useRemoveAuthorizedContact } from "./contracts-api";
import { SeatsIndicator } from "./seats-indicator";

type AuthorizedContact = Contract["authorizedContacts"][number];

/** The contract's authorized contacts: seats used of the plan's limit, add (trained contacts only) and remove. */
export const AuthorizedContactsSection = ({ contract }: { contract: Contract }) => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const format = useFormatters();
  const canWrite = can("authorized-contacts:write") && contract.status !== "expired";
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<AuthorizedContact | null>(null);
  const remove = useRemoveAuthorizedContact(contract.id);

  const addButton = canWrite ? (
    <Button
      variant="light"
      size="sm"
      leftSection={<IconUserPlus size={16} />}
      onClick={() => setAdding(true)}
    >
      {t("contracts.contacts.add")}
    </Button>
  ) : null;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div style={{ flex: "1 1 240px" }}>
          <SeatsIndicator used={contract.seats.used} limit={contract.seats.limit} />
        </div>
        {contract.authorizedContacts.length > 0 && addButton}
      </Group>
      {contract.authorizedContacts.length === 0 ? (
        <EmptyState
          py={24}
          size="sm"
          icon={<IconUserCheck size={28} stroke={1.5} />}
          withIndicatorBackground
          title={t("contracts.contacts.empty")}
          description={t("contracts.contacts.emptyDescription")}
        >
          {addButton && <EmptyState.Actions>{addButton}</EmptyState.Actions>}
        </EmptyState>
      ) : (
        <DataTable
          label={t("contracts.contacts.title")}
          minWidth={300}
          head={
            <>
              <Table.Th>{t("contacts.fields.name")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("contracts.contacts.authorizedAt")}</Table.Th>
              {canWrite && <ActionsHeader />}
            </>
          }
        >
          {contract.authorizedContacts.map((contact) => (
            <Table.Tr key={contact.id}>
              <Table.Td>
                <Anchor component={Link} to={`/contacts/${contact.id}`} className="soporte-row-link">
                  {contact.name}
                </Anchor>
                {contact.email && (
                  <Text size="xs" c="dimmed">
                    {contact.email}
                  </Text>
                )}
              </Table.Td>
              <Table.Td visibleFrom="sm">{format.dateTime(contact.authorizedAt)}</Table.Td>
              {canWrite && (
                <Table.Td>
                  <RowAction
                    tooltip={t("contracts.contacts.remove")}
                    label={t("contracts.contacts.removeNamed", { name: contact.name })}
                    color="red"
                    onClick={() => setRemoving(contact)}
                  >
                    <IconTrash size={16} />
                  </RowAction>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </DataTable>
      )}

      <Modal
        opened={adding}
        onClose={() => setAdding(false)}
        title={t("contracts.contacts.addTitle", { number: contract.number })}
        size="lg"
      >
        {adding && <AddAuthorizedContact contract={contract} />}
      </Modal>

      <ConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t("contracts.contacts.removeTitle")}
        message={t("contracts.contacts.removeConfirm", {
          name: removing?.name ?? "",
          number: contract.number,
        })}
        confirmLabel={t("contracts.contacts.remove")}
        loading={remove.isPending}
        onConfirm={async () => {
          if (!removing) return;
          await remove.mutateAsync(removing.id);
          notifySuccess(t("contracts.contacts.removed", { name: removing.name }));
        }}
      />
    </Stack>
  );
};

/** The organization's active contacts, each with its training status and an "authorize" button. */
const AddAuthorizedContact = ({ contract }: { contract: Contract }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const contacts = useOrganizationContacts(contract.organizationId);
  const authorized = new Set(contract.authorizedContacts.map((contact) => contact.id));
  const candidates = contacts.items.filter((contact) => contact.active && !authorized.has(contact.id));
  const training = useTrainingOf(candidates.map((contact) => contact.id));
  const authorize = useAuthorizeContact(contract.id);
  const [error, setError] = useState<string | null>(null);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const today = todayLocalDate();

  const trainedOn = (contact: Contact) => {
    const records = training.byContact.get(contact.id);
    if (!records) return null;
    return records.filter((record) => isTrainingValidOn(record, today));
  };

  const submit = async (contact: Contact) => {
    setError(null);
    setPendingId(contact.id);
    try {
      await authorize.mutateAsync(contact.id);
      notifySuccess(t("contracts.contacts.authorized", { name: contact.name }));
    } catch (failure) {
      setError(describeProblem(failure));
    } finally {
      setPendingId(null);
    }
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t("contracts.contacts.addHelp")}
      </Text>
      <SeatsIndicator used={contract.seats.used} limit={contract.seats.limit} />
      <FormAlert message={error} />
      <ListState
        query={contacts}
        isEmpty={candidates.length === 0}
        rows={3}
        compact
        empty={{
          title: t("contracts.contacts.noCandidates"),
          description: t("contracts.contacts.noCandidatesDescription"),
          action: (
            <Button component={Link} variant="light" to={`/organizations/${contract.organizationId}`}>
              {contract.organizationName}
            </Button>
          ),
        }}
      >
        <Table className="soporte-table" aria-label={t("contracts.contacts.candidates")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("contacts.fields.name")}</Table.Th>
              <ActionsHeader w={110} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {candidates.map((contact) => {
              const valid = trainedOn(contact);
              const latest = valid?.[0];
              return (
                <Table.Tr key={contact.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {contact.name}
                    </Text>
                    <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                      {contact.email}
                    </Text>
                    <Group gap={8} mt={4}>
                      {valid === null ? (
                        <Skeleton height={20} width={110} radius="sm" />
                      ) : latest ? (
                        <Tooltip label={latest.course} withArrow>
                          <Badge
                            miw="max-content"
                            variant="light"
                            color="teal"
                            radius="sm"
                            tt="none"
                            fw={500}
                            leftSection={<IconCertificate size={12} />}
                          >
                            {t("contracts.contacts.trainedOn", {
                              date: format.localDate(latest.completedOn),
                            })}
                          </Badge>
                        </Tooltip>
                      ) : (
                        <>
                          <Badge
                            miw="max-content"
                            variant="light"
                            color="orange"
                            radius="sm"
                            tt="none"
                            fw={500}
                          >
                            {t("contracts.contacts.untrained")}
                          </Badge>
                          <Anchor component={Link} to={`/contacts/${contact.id}`} size="xs">
                            {t("contracts.contacts.recordTraining")}
                          </Anchor>
                        </>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      disabled={!latest || (pendingId !== null && pendingId !== contact.id)}
                      loading={pendingId === contact.id}
                      aria-label={t("contracts.contacts.authorizeNamed", { name: contact.name })}
                      onClick={() => submit(contact)}
                    >
                      {t("contracts.contacts.authorize")}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ListState>
    </Stack>
  );
};
