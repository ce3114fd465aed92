import { Alert, Button, FileInput, Group, Stack, Text } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { IconAlertCircle, IconAlertTriangle, IconClockPause, IconPaperclip } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation, useNavigate } from "react-router";
import { ApiError, api } from "../../app/api-client";
import { useCurrentUser } from "../../app/auth-context";
import { FormAlert } from "../../components/form-alert";
import { useFormatters } from "../../components/formatters";
import { ListState } from "../../components/list-state";
import { notifyError } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { applyServerErrors } from "../../components/server-errors";
import { useSystemOptions } from "../systems/systems-api";
import type { CaseOpenedState } from "./case-detail-page";
import {
  type Attachment,
  type HeldIntake,
  MAX_ATTACHMENT_BYTES,
  useEntitlements,
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
  SystemChoice,
  scrollToFirstError,
  toCreateCaseBody,
  useIntakeMessage,
} from "./intake-form";

const MAX_FILES = 5;

/** Customer portal, "Abrir caso": entitled systems, the checklist, the problem, files. */
export const OpenCasePage = () => {
  const user = useCurrentUser();
  // "Abrir caso" clicked again (e.g. after a held request) starts a new, empty form
  const { key } = useLocation();
  if (user.role !== "customer_contact") return <Navigate to="/phone-log" replace />;
  return <OpenCase key={key} organizationId={user.organizationId} />;
};

const OpenCase = ({ organizationId }: { organizationId: string | null }) => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const navigate = useNavigate();
  const entitlements = useEntitlements(null);
  const systems = useSystemOptions(organizationId);
  const open = useOpenCase();
  const message = useIntakeMessage();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => intakeFormSchema(t), [t, i18n.language]);
  const [files, setFiles] = useState<File[]>([]);
  const [filesError, setFilesError] = useState<string | null>(null);
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [held, setHeld] = useState<HeldIntake | null>(null);
  const form = useForm<IntakeFormValues>({
    initialValues: initialIntakeValues(),
    validate: schemaResolver(schema, { sync: true }),
  });

  const items = entitlements.data?.items ?? [];
  const usable = items.filter((item) => item.outcome === "accepted" || item.outcome === "held_po_required");
  const chosen = items.find((item) => item.systemId === form.values.systemId) ?? null;
  const chosenSystem = systems.data?.items.find((item) => item.id === form.values.systemId) ?? null;

  const submit = form.onSubmit(async (values) => {
    setGeneralError(null);
    try {
      const result = await open.mutateAsync(toCreateCaseBody(values));
      if (result.kind === "held") {
        setHeld(result.held);
        window.scrollTo({ top: 0, behavior: "smooth" });
        return;
      }
      const created = result.case;
      // the files go up once the case exists; one failure does not lose the case
      for (const file of files) {
        const body = new FormData();
        body.append("file", file, file.name);
        try {
          await api.upload<Attachment>(`/cases/${created.id}/attachments`, body);
        } catch (error) {
          notifyError(error);
        }
      }
      navigate(`/cases/${created.id}`, { state: { opened: true } satisfies CaseOpenedState });
    } catch (error) {
      setGeneralError(
        error instanceof ApiError && error.code === "not_authorized_contact"
          ? message("intake.refused.notAuthorized")
          : applyServerErrors(form, error, { fields: INTAKE_FIELDS }),
      );
      window.scrollTo({ top: 0, behavior: "smooth" });
    }
  }, scrollToFirstError);

  if (held) {
    return (
      <>
        <PageHeader title={t("cases.intake.title")} />
        <Alert
          color="orange"
          variant="light"
          icon={<IconClockPause size={20} />}
          title={t("cases.intake.heldTitle")}
          role="status"
        >
          <Text size="sm" mb="md">
            {t("cases.intake.heldBody", { system: chosen?.systemName ?? "" })}
          </Text>
          <Group gap="sm">
            <Button component={Link} to="/my-cases" variant="white" color="orange">
              {t("nav.myCases")}
            </Button>
            <Button component={Link} to="/my-contracts" variant="subtle" color="orange">
              {t("nav.myContracts")}
            </Button>
          </Group>
        </Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={t("cases.intake.title")}
        description={t("cases.intake.description")}
        back={{ to: "/my-cases", label: t("nav.myCases") }}
      />
      <ListState
        query={entitlements}
        isEmpty={usable.length === 0}
        rows={3}
        empty={{
          title: t("cases.intake.noSystems"),
          description:
            items.length > 0 ? message(items[0]?.messageKey ?? null) : t("cases.intake.noSystemsDescription"),
          icon: <IconAlertCircle size={28} stroke={1.5} />,
        }}
      >
        <form onSubmit={submit} noValidate aria-label={t("cases.intake.title")}>
          <Stack gap="lg">
            <FormAlert message={generalError} />
            <FormStep
              step={1}
              title={t("cases.intake.stepSystem")}
              description={t("cases.intake.stepSystemHelp")}
            >
              <SystemChoice
                entitlements={items}
                form={form}
                mode="portal"
                onPick={(entitlement) => {
                  const system = systems.data?.items.find((item) => item.id === entitlement.systemId);
                  form.setValues({
                    systemId: entitlement.systemId,
                    environment: entitlement.environment,
                    installedVersion: system?.installedVersion ?? "",
                  });
                  form.clearFieldError("systemId");
                }}
              />
              {chosenSystem?.support.status === "unsupported" && (
                <Alert color="orange" variant="light" mt="md" icon={<IconAlertTriangle size={18} />}>
                  {t("cases.versionSupport.intakeWarning", {
                    version: chosenSystem.installedVersion,
                    date: format.localDate(chosenSystem.support.endOfSupportOn),
                  })}
                </Alert>
              )}
              {chosen?.outcome === "held_po_required" && (
                <Alert color="orange" variant="light" mt="md" icon={<IconClockPause size={18} />}>
                  {t("cases.intake.heldWarning")}
                </Alert>
              )}
            </FormStep>
            <FormStep step={2} title={t("cases.intake.stepChecklist")}>
              <ChecklistFields form={form} />
            </FormStep>
            <FormStep
              step={3}
              title={t("cases.intake.stepProblem")}
              description={t("cases.intake.stepProblemHelp")}
            >
              <ProblemFields form={form} proposePriority />
            </FormStep>
            <FormStep
              step={4}
              title={t("cases.intake.stepFiles")}
              description={t("cases.intake.stepFilesHelp", { max: "10 MB" })}
            >
              <FileInput
                label={t("cases.attachments.title")}
                placeholder={t("cases.intake.filesPlaceholder")}
                multiple
                clearable
                leftSection={<IconPaperclip size={16} />}
                value={files}
                error={filesError}
                onChange={(chosenFiles) => {
                  const tooLarge = chosenFiles.find((file) => file.size > MAX_ATTACHMENT_BYTES);
                  if (tooLarge) {
                    setFilesError(t("cases.attachments.tooLarge", { name: tooLarge.name, max: "10 MB" }));
                    return;
                  }
                  if (chosenFiles.length > MAX_FILES) {
                    setFilesError(t("cases.intake.tooManyFiles", { max: MAX_FILES }));
                    return;
                  }
                  setFilesError(null);
                  setFiles(chosenFiles);
                }}
              />
            </FormStep>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" component={Link} to="/my-cases">
                {t("common.cancel")}
              </Button>
              <Button type="submit" size="md" loading={form.submitting}>
                {t("cases.intake.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      </ListState>
    </>
  );
};
