import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconMailCheck, IconMailOff, IconPencil } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { Contact } from "../../../api/organizations";
import { useAuth } from "../../app/auth-context";
import { DetailList } from "../../components/detail-list";
import { useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { notifyError, notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { ActiveBadge } from "../../components/role-badge";
import { Section } from "../../components/section";
import { useOrganizationContracts } from "../contracts/contracts-api";
import { ContactFormModal } from "./contact-form-modal";
import { ContactTraining } from "./contact-training";
import { useClearMailUndeliverable, useContact } from "./contacts-api";

/** A permanent bounce marked the address: since when, the code and the remote server's words; the desk clears it. */
const MailUndeliverableAlert = ({ contact }: { contact: Contact }) => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const format = useFormatters();
  const clear = useClearMailUndeliverable(contact.id);
  const mark = contact.mailUndeliverable;
  if (!mark) return null;
  const canClear = can("contacts:mail-delivery");
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconMailOff size={18} />}
      title={t("contacts.mailUndeliverable.title")}
      role="alert"
    >
      <Stack gap={6}>
        <Text size="sm">
          {t("contacts.mailUndeliverable.body", { since: format.dateTime(mark.since), email: contact.email })}
        </Text>
        {(mark.status || mark.diagnostic) && (
          <Text size="sm">
            {t("contacts.mailUndeliverable.serverSaid")}{" "}
            {mark.status && (
              <Text span size="sm" ff="monospace" fw={700}>
                {mark.status}
              </Text>
            )}
            {mark.status && mark.diagnostic && " — "}
            {mark.diagnostic && (
              <Text span size="sm" ff="monospace" style={{ overflowWrap: "anywhere" }}>
                {mark.diagnostic}
              </Text>
            )}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {canClear
            ? t("contacts.mailUndeliverable.clearHelp")
            : t("contacts.mailUndeliverable.clearsItself")}
        </Text>
        {canClear && (
          <Group mt={4}>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconMailCheck size={14} />}
              loading={clear.isPending}
              onClick={async () => {
                try {
                  await clear.mutateAsync();
                  notifySuccess(t("contacts.mailUndeliverable.cleared", { email: contact.email }));
                } catch (error) {
                  notifyError(error);
                }
              }}
            >
              {t("contacts.mailUndeliverable.markDeliverable")}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
};

export const ContactDetailPage = () => {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const format = useFormatters();
  const { contactId = "" } = useParams();
  const contact = useContact(contactId);
  const [editing, { open, close }] = useDisclosure(false);
  const staff = user?.role !== "customer_contact";
  const contracts = useOrganizationContracts(contact.data?.organizationId, staff);

  if (contact.isPending) return <PageLoader />;
  if (contact.isError) return <QueryError error={contact.error} onRetry={contact.refetch} />;
  const c = contact.data;
  const authorizedOn = (contracts.data?.items ?? []).filter(
    (contract) =>
      contract.status !== "expired" && contract.authorizedContacts.some((person) => person.id === c.id),
  );

  return (
    <>
      <PageHeader
        title={c.name}
        description={
          <Anchor
            component={Link}
            to={staff ? `/organizations/${c.organizationId}` : "/my-organization"}
            size="sm"
          >
            {c.organizationName}
          </Anchor>
        }
        back={
          staff
            ? { to: "/contacts", label: t("nav.contacts") }
            : { to: "/my-organization", label: t("nav.myOrganization") }
        }
        actions={
          can("contacts:write") ? (
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={open}>
              {t("common.edit")}
            </Button>
          ) : null
        }
      />
      <Stack gap="lg">
        <MailUndeliverableAlert contact={c} />
        <Paper p={{ base: "md", sm: "lg" }} radius="md">
          <DetailList
            cols={3}
            items={[
              {
                label: t("contacts.fields.email"),
                value: <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor>,
              },
              { label: t("contacts.fields.phone"), value: c.phone },
              { label: t("contacts.fields.preferredLanguage"), value: t(`language.${c.preferredLanguage}`) },
              {
                label: t("contacts.fields.status"),
                value: (
                  <Group gap={6}>
                    <ActiveBadge active={c.active} />
                    <Badge
                      variant="light"
                      color={c.canSignIn ? "brand" : "gray"}
                      radius="sm"
                      tt="none"
                      fw={500}
                    >
                      {c.canSignIn ? t("contacts.canSignIn") : t("contacts.cannotSignIn")}
                    </Badge>
                  </Group>
                ),
              },
              ...(staff
                ? [
                    {
                      label: t("contacts.fields.authorizedOn"),
                      value: authorizedOn.length ? (
                        <Group gap={6}>
                          {authorizedOn.map((contract) => (
                            <Anchor
                              key={contract.id}
                              component={Link}
                              to={`/contracts/${contract.id}`}
                              size="sm"
                            >
                              {contract.number} ({contract.systemName})
                            </Anchor>
                          ))}
                        </Group>
                      ) : (
                        t("contacts.notAuthorized")
                      ),
                    },
                  ]
                : []),
              { label: t("common.createdAt"), value: format.dateTime(c.createdAt) },
              { label: t("common.updatedAt"), value: format.dateTime(c.updatedAt) },
            ]}
          />
        </Paper>
        <Section title={t("training.title")} description={t("training.description")}>
          <ContactTraining contactId={c.id} contactName={c.name} />
        </Section>
      </Stack>
      <ContactFormModal opened={editing} onClose={close} organizationId={c.organizationId} contact={c} />
    </>
  );
};
