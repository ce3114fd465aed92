import { Alert, Badge, Button, Group, Radio, Skeleton, Stack, Text } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { IconClockPause, IconPhone, IconUserCheck, IconUsersGroup } from "@tabler/icons-react";
import { useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type { Contact } from "../../../api/organizations";
import { ApiError } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";
import { FormAlert } from "../../components/form-alert";
import { ListState } from "../../components/list-state";
import { notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { applyServerErrors } from "../../components/server-errors";
import { OrganizationPicker } from "../organizations/organization-picker";
import { useSystemOptions } from "../systems/systems-api";
import {
  type Entitlement,
  type HeldIntake,
  recordRefusedCall,
  useEntitlementsOf,
  useOpenCase,
} from "./cases-api";
import {
  ChecklistFields,
  FormStep,
  INTAKE_FIELDS,
  type IntakeFormValues,
  initialIntakeValues,
  intakeFormSchema,
  ProblemFields,
  RefusalScript,
  SystemChoice,
  scrollToFirstError,
  toCreateCaseBody,
  useIntakeMessage,
} from "./intake-form";

const isRefused = (entitlement: Entitlement | null) =>
  entitlement?.outcome === "refused_not_authorized" || entitlement?.outcome === "refused_unknown";

/** Where a person may open cases: "Autorizado en SIGAP producción", or not authorized at all. */
const AuthorizationSummary = ({ entitlements }: { entitlements: Entitlement[] | null }) => {
  const { t } = useTranslation();
  if (!entitlements) return <Skeleton height={18} width={180} radius="sm" />;
  const accepted = entitlements.filter((item) => item.outcome === "accepted");
  if (accepted.length === 0) {
    const held = entitlements.every((item) => item.outcome === "held_po_required");
    return (
      <Badge miw="max-content" variant="light" color={held ? "orange" : "red"} radius="sm" tt="none" fw={600}>
        {held && entitlements.length > 0
          ? t("cases.phone.noCurrentContract")
          : t("cases.phone.notAuthorized")}
      </Badge>
    );
  }
  return (
    <Group gap={4}>
      {accepted.map((item) => (
        <Badge
          key={item.systemId}
          miw="max-content"
          variant="light"
          color="teal"
          radius="sm"
          tt="none"
          fw={500}
          leftSection={<IconUserCheck size={12} />}
        >
          {t("cases.phone.authorizedFor", { system: item.systemName })}
        </Badge>
      ))}
    </Group>
  );
};

/** Specialists: record a call — who calls, is the caller authorized, the checklist, the problem. */
export const PhoneLogPage = () => {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const message = useIntakeMessage();
  const open = useOpenCase();
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const [contactId, setContactId] = useState<string | null>(null);
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [held, setHeld] = useState<HeldIntake | null>(null);
  const idPrefix = useId();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => intakeFormSchema(t), [t, i18n.language]);
  const form = useForm<IntakeFormValues>({
    initialValues: initialIntakeValues(),
    validate: schemaResolver(schema, { sync: true }),
  });

  const contacts = usePaginatedList<Contact>(
    `/organizations/${organizationId}/contacts`,
    {},
    { enabled: Boolean(organizationId), limit: 100 },
  );
  const people = contacts.items.filter((contact) => contact.active);
  const entitlementsByContact = useEntitlementsOf(people.map((contact) => contact.id));
  const systems = useSystemOptions(organizationId);
  const caller = people.find((contact) => contact.id === contactId) ?? null;
  const callerEntitlements = contactId ? (entitlementsByContact.get(contactId) ?? null) : null;
  const chosen = callerEntitlements?.find((item) => item.systemId === form.values.systemId) ?? null;
  const refused = isRefused(chosen);
  useEffect(() => {
    if (caller && chosen && refused) recordRefusedCall(caller.id, chosen.systemId);
  }, [caller, chosen, refused]);

  const reset = () => {
    form.setValues({ systemId: null });
    setGeneralError(null);
    setHeld(null);
  };

  const submit = form.onSubmit(async (values) => {
    if (!caller || refused) return;
    setGeneralError(null);
    try {
      const result = await open.mutateAsync(
        toCreateCaseBody({ ...values, proposedPriority: null }, caller.id),
      );
      if (result.kind === "held") {
        setHeld(result.held);
        return;
      }
      notifySuccess(t("cases.phone.logged", { number: result.case.number }));
      navigate(`/cases/${result.case.id}`);
    } catch (error) {
      setGeneralError(
        error instanceof ApiError && error.code === "not_authorized_contact"
          ? message("intake.refused.notAuthorized")
          : applyServerErrors(form, error, { fields: INTAKE_FIELDS }),
      );
    }
  }, scrollToFirstError);

  return (
    <>
      <PageHeader
        title={t("cases.phone.title")}
        description={t("cases.phone.description")}
        back={{ to: "/cases", label: t("nav.cases") }}
      />
      <form onSubmit={submit} noValidate aria-label={t("cases.phone.title")}>
        <Stack gap="lg">
          <FormStep
            step={1}
            title={t("cases.phone.stepCaller")}
            description={t("cases.phone.stepCallerHelp")}
          >
            <Stack gap="md">
              {/* a block of its own: the picker's flex basis would be a height in this column */}
              <div>
                <OrganizationPicker
                  label={t("cases.fields.organization")}
                  placeholder={t("contracts.placeholders.organization")}
                  required
                  clearable={false}
                  value={organizationId}
                  onChange={(value) => {
                    setOrganizationId(value);
                    setContactId(null);
                    reset();
                  }}
                />
              </div>
              {organizationId && (
                <ListState
                  query={contacts}
                  isEmpty={people.length === 0}
                  rows={2}
                  compact
                  empty={{
                    title: t("cases.phone.noContacts"),
                    icon: <IconUsersGroup size={24} stroke={1.5} />,
                  }}
                >
                  <Radio.Group
                    label={t("cases.phone.person")}
                    required
                    value={contactId}
                    onChange={(value) => {
                      setContactId(value);
                      reset();
                    }}
                  >
                    <Stack gap="xs" mt="xs">
                      {people.map((contact) => (
                        <Radio.Card
                          key={contact.id}
                          value={contact.id}
                          radius="md"
                          p="sm"
                          aria-label={contact.name}
                          aria-describedby={`${idPrefix}-${contact.id}`}
                        >
                          <Group wrap="nowrap" align="flex-start" gap="sm">
                            <Radio.Indicator mt={2} />
                            <Stack gap={4} style={{ minWidth: 0, flex: 1 }} id={`${idPrefix}-${contact.id}`}>
                              <Group gap="xs" justify="space-between">
                                <Text fw={600} size="sm">
                                  {contact.name}
                                </Text>
                                <AuthorizationSummary
                                  entitlements={entitlementsByContact.get(contact.id) ?? null}
                                />
                              </Group>
                              <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                                {contact.email}
                                {contact.phone && (
                                  <>
                                    {" · "}
                                    <span style={{ whiteSpace: "nowrap" }}>{contact.phone}</span>
                                  </>
                                )}
                              </Text>
                            </Stack>
                          </Group>
                        </Radio.Card>
                      ))}
                    </Stack>
                  </Radio.Group>
                </ListState>
              )}
            </Stack>
          </FormStep>

          {caller && (
            <FormStep
              step={2}
              title={t("cases.phone.stepSystem")}
              description={t("cases.phone.stepSystemHelp")}
            >
              {callerEntitlements === null ? (
                <Skeleton height={60} radius="md" />
              ) : callerEntitlements.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t("cases.phone.noSystems")}
                </Text>
              ) : (
                <SystemChoice
                  entitlements={callerEntitlements}
                  form={form}
                  mode="phone"
                  onPick={(entitlement) => {
                    const system = systems.data?.items.find((item) => item.id === entitlement.systemId);
                    form.setValues({
                      systemId: entitlement.systemId,
                      environment: entitlement.environment,
                      installedVersion: system?.installedVersion ?? "",
                    });
                    form.clearFieldError("systemId");
                    setGeneralError(null);
                  }}
                />
              )}
              {chosen && refused && (
                <Stack mt="md">
                  <RefusalScript
                    text={message(chosen.messageKey, caller.preferredLanguage)}
                    name={caller.name}
                  />
                </Stack>
              )}
              {chosen?.outcome === "held_po_required" && (
                <Alert color="orange" variant="light" mt="md" icon={<IconClockPause size={18} />}>
                  {t("cases.phone.heldWarning")}
                </Alert>
              )}
            </FormStep>
          )}

          {held && (
            <Alert
              color="orange"
              variant="light"
              icon={<IconClockPause size={20} />}
              title={t("cases.intake.heldTitle")}
              role="status"
            >
              <Text size="sm" mb="sm">
                {t("cases.phone.heldBody", { system: chosen?.systemName ?? "" })}
              </Text>
              <Button component={Link} to="/held-requests" size="xs" variant="white" color="orange">
                {t("nav.heldRequests")}
              </Button>
            </Alert>
          )}

          {caller && chosen && !refused && !held && (
            <>
              <FormStep step={3} title={t("cases.intake.stepChecklist")}>
                <ChecklistFields form={form} phone />
              </FormStep>
              <FormStep
                step={4}
                title={t("cases.intake.stepProblem")}
                description={t("cases.phone.stepProblemHelp")}
              >
                <ProblemFields form={form} />
              </FormStep>
              <FormAlert message={generalError} />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" component={Link} to="/cases">
                  {t("common.cancel")}
                </Button>
                <Button
                  type="submit"
                  size="md"
                  loading={form.submitting}
                  leftSection={<IconPhone size={18} />}
                >
                  {t("cases.phone.submit")}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </form>
    </>
  );
};
