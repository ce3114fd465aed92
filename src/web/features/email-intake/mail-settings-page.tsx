import {
  Alert,
  Button,
  Grid,
  Group,
  Input,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { IconAlertCircle, IconCircleCheck, IconInfoCircle, IconPlugConnected } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../app/auth-context";
import { PageLoader, QueryError } from "../../components/list-state";
import { describeError, notifyError, notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { SaveBar } from "../../components/save-bar";
import { Section } from "../../components/section";
import {
  type ImapTestResult,
  type MailSettingsView,
  useMailSettings,
  useSaveMailSettings,
  useTestImap,
} from "./mail-settings-api";
import {
  formValuesOf,
  type MailSettingsFormValues,
  mailSettingsFormSchema,
  placeServerErrors,
  settingsOf,
} from "./mail-settings-form";

/** The answer of "test connection": the mailbox's size, or the server's error as sent. */
const ImapTestAnswer = ({ result }: { result: ImapTestResult }) => {
  const { t } = useTranslation();
  return result.ok ? (
    <Alert variant="light" color="teal" icon={<IconCircleCheck size={18} />} role="status">
      {result.messages === null
        ? t("mailSettings.test.ok")
        : t("mailSettings.test.okMessages", { count: result.messages })}
    </Alert>
  ) : (
    <Alert
      variant="light"
      color="red"
      icon={<IconAlertCircle size={18} />}
      title={t("mailSettings.test.failed")}
      role="alert"
    >
      <Text size="sm" ff="monospace" style={{ overflowWrap: "anywhere" }}>
        {result.error ?? "—"}
      </Text>
    </Alert>
  );
};

const MailSettingsEditor = ({ view, canWrite }: { view: MailSettingsView; canWrite: boolean }) => {
  const { t, i18n } = useTranslation();
  const save = useSaveMailSettings();
  const test = useTestImap();
  const [stored, setStored] = useState(view);
  const [failure, setFailure] = useState<string | null>(null);
  const [testResult, setTestResult] = useState<ImapTestResult | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => mailSettingsFormSchema(t), [t, i18n.language]);
  const readOnly = !canWrite;

  const form = useForm<MailSettingsFormValues>({
    initialValues: formValuesOf(view),
    validate: schemaResolver(schema, { sync: true }),
    validateInputOnBlur: true,
    onValuesChange: () => setFailure(null),
  });
  const dirty = form.isDirty();
  const imapEnabled = form.values.imapEnabled;
  const passwordSet = stored.imap?.passwordSet ?? false;

  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      try {
        const saved = await save.mutateAsync(settingsOf(values));
        setStored(saved);
        const next = formValuesOf(saved);
        form.setInitialValues(next);
        form.setValues(next);
        form.resetDirty(next);
        setTestResult(null);
        notifySuccess(t("mailSettings.saved"));
      } catch (error) {
        const placed = placeServerErrors(error);
        form.setErrors(placed.errors);
        const general = describeError(error);
        setFailure(placed.unplaced.length ? `${general} ${placed.unplaced.join(" · ")}` : general);
      }
    },
    () => setFailure(t("mailSettings.validation.fix")),
  );

  const discard = () => {
    form.reset();
    form.clearErrors();
    setFailure(null);
  };

  const runTest = async () => {
    setTestResult(null);
    try {
      setTestResult(await test.mutateAsync());
    } catch (error) {
      notifyError(error);
    }
  };

  const testButton =
    canWrite && stored.imap ? (
      <Button
        variant="default"
        leftSection={<IconPlugConnected size={16} />}
        loading={test.isPending}
        disabled={dirty}
        onClick={runTest}
      >
        {t("mailSettings.test.button")}
      </Button>
    ) : null;

  return (
    <form onSubmit={submit} noValidate aria-label={t("mailSettings.title")}>
      <Stack gap="lg">
        <Section
          title={t("mailSettings.sections.addresses")}
          description={t("mailSettings.sections.addressesHelp")}
        >
          <TagsInput
            label={t("mailSettings.fields.supportAddresses")}
            description={t("mailSettings.help.supportAddresses")}
            placeholder={readOnly ? undefined : t("mailSettings.placeholders.supportAddresses")}
            splitChars={[",", " ", ";"]}
            acceptValueOnBlur
            clearable={!readOnly}
            readOnly={readOnly}
            {...form.getInputProps("supportAddresses")}
          />
        </Section>

        <Section title={t("mailSettings.sections.trust")} description={t("mailSettings.sections.trustHelp")}>
          <TagsInput
            label={t("mailSettings.fields.trustedAuthServIds")}
            description={t("mailSettings.help.trustedAuthServIds")}
            placeholder={readOnly ? undefined : t("mailSettings.placeholders.trustedAuthServIds")}
            splitChars={[",", " ", ";"]}
            acceptValueOnBlur
            clearable={!readOnly}
            readOnly={readOnly}
            {...form.getInputProps("trustedAuthServIds")}
          />
        </Section>

        <Section
          title={t("mailSettings.sections.limits")}
          description={t("mailSettings.sections.limitsHelp")}
        >
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
            <NumberInput
              label={t("mailSettings.fields.autoRepliesPerAddressPerDay")}
              description={t("mailSettings.help.autoRepliesPerAddressPerDay")}
              min={0}
              max={100}
              allowDecimal={false}
              allowNegative={false}
              readOnly={readOnly}
              maw={360}
              {...form.getInputProps("autoRepliesPerAddressPerDay")}
            />
            <Input.Wrapper
              labelElement="div"
              label={t("mailSettings.fields.loopThreshold")}
              description={t("mailSettings.help.loopThreshold")}
            >
              <Group gap="xs" align="flex-start" wrap="nowrap" mt={5}>
                <NumberInput
                  aria-label={t("mailSettings.fields.loopMessages")}
                  min={1}
                  max={10_000}
                  allowDecimal={false}
                  allowNegative={false}
                  readOnly={readOnly}
                  w={110}
                  {...form.getInputProps("loopThreshold.messages")}
                />
                <Text size="sm" mt={8} style={{ whiteSpace: "nowrap" }}>
                  {t("mailSettings.fields.loopMessagesIn")}
                </Text>
                <NumberInput
                  aria-label={t("mailSettings.fields.loopMinutes")}
                  min={1}
                  max={1440}
                  allowDecimal={false}
                  allowNegative={false}
                  readOnly={readOnly}
                  w={110}
                  {...form.getInputProps("loopThreshold.minutes")}
                />
                <Text size="sm" mt={8} style={{ whiteSpace: "nowrap" }}>
                  {t("mailSettings.fields.loopMinutesUnit")}
                </Text>
              </Group>
            </Input.Wrapper>
          </SimpleGrid>
        </Section>

        <Section
          title={t("mailSettings.sections.imap")}
          description={t("mailSettings.sections.imapHelp")}
          actions={testButton}
        >
          <Stack gap="md">
            <Switch
              label={t("mailSettings.fields.imapEnabled")}
              description={t("mailSettings.help.imapEnabled")}
              disabled={readOnly}
              {...form.getInputProps("imapEnabled", { type: "checkbox" })}
            />
            {imapEnabled && (
              <>
                <Grid gap="md">
                  <Grid.Col span={{ base: 12, sm: 8 }}>
                    <TextInput
                      label={t("mailSettings.fields.host")}
                      placeholder="imap.empresa.com.mx"
                      required={!readOnly}
                      readOnly={readOnly}
                      {...form.getInputProps("imap.host")}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 4 }}>
                    <NumberInput
                      label={t("mailSettings.fields.port")}
                      min={1}
                      max={65535}
                      allowDecimal={false}
                      allowNegative={false}
                      thousandSeparator={false}
                      required={!readOnly}
                      readOnly={readOnly}
                      {...form.getInputProps("imap.port")}
                    />
                  </Grid.Col>
                </Grid>
                <Switch
                  label={t("mailSettings.fields.secure")}
                  description={
                    form.values.imap.secure
                      ? t("mailSettings.help.secureOn")
                      : t("mailSettings.help.secureOff")
                  }
                  disabled={readOnly}
                  {...form.getInputProps("imap.secure", { type: "checkbox" })}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                  <TextInput
                    label={t("mailSettings.fields.user")}
                    required={!readOnly}
                    autoComplete="off"
                    readOnly={readOnly}
                    {...form.getInputProps("imap.user")}
                  />
                  <PasswordInput
                    label={t("mailSettings.fields.password")}
                    description={
                      readOnly
                        ? undefined
                        : passwordSet
                          ? t("mailSettings.help.passwordSet")
                          : t("mailSettings.help.passwordNew")
                    }
                    placeholder={passwordSet ? t("mailSettings.placeholders.passwordSet") : undefined}
                    autoComplete="new-password"
                    required={!passwordSet && !readOnly}
                    visibilityToggleButtonProps={{ hidden: readOnly }}
                    readOnly={readOnly}
                    {...form.getInputProps("imap.password")}
                  />
                  <TextInput
                    label={t("mailSettings.fields.mailbox")}
                    description={t("mailSettings.help.mailbox")}
                    required={!readOnly}
                    readOnly={readOnly}
                    {...form.getInputProps("imap.mailbox")}
                  />
                  <TextInput
                    label={t("mailSettings.fields.processedMailbox")}
                    description={t("mailSettings.help.processedMailbox")}
                    placeholder={readOnly ? undefined : t("mailSettings.placeholders.processedMailbox")}
                    readOnly={readOnly}
                    {...form.getInputProps("imap.processedMailbox")}
                  />
                </SimpleGrid>
              </>
            )}
            {canWrite && stored.imap && dirty && (
              <Text size="xs" c="dimmed">
                {t("mailSettings.test.saveFirst")}
              </Text>
            )}
            {testResult && <ImapTestAnswer result={testResult} />}
          </Stack>
        </Section>

        {canWrite && <SaveBar dirty={dirty} saving={save.isPending} failure={failure} onDiscard={discard} />}
      </Stack>
    </form>
  );
};

/** The email channel's settings (SPEC §6): admins change them, the rest of the staff read them. */
export const MailSettingsPage = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const settings = useMailSettings();
  const canWrite = can("settings:write");
  return (
    <>
      <PageHeader title={t("mailSettings.title")} description={t("mailSettings.description")} />
      <Stack gap="lg">
        {!canWrite && (
          <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />}>
            {t("mailSettings.readOnly")}
          </Alert>
        )}
        {settings.isPending ? (
          <PageLoader />
        ) : settings.isError ? (
          <QueryError error={settings.error} onRetry={settings.refetch} />
        ) : (
          // set up once from the first answer: a refetch in the background does not wipe unsaved input
          <MailSettingsEditor view={settings.data} canWrite={canWrite} />
        )}
      </Stack>
    </>
  );
};
