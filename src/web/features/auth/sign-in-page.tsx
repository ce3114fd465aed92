import {
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDocumentTitle } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import { ApiError } from "../../app/api-client";
import { useAuth } from "../../app/auth-context";
import { BrandMark } from "../../app/brand-mark";
import { FormAlert } from "../../components/form-alert";
import { LanguageSwitch } from "../../components/language-switch";
import { PageLoader } from "../../components/list-state";
import { describeError } from "../../components/notify";

const signInErrorKey = (error: unknown) => {
  if (error instanceof ApiError && (error.code === "invalid_credentials" || error.status === 401)) {
    return "signIn.invalidCredentials" as const;
  }
  if (error instanceof ApiError && (error.code === "too_many_requests" || error.status === 429)) {
    return "signIn.tooManyAttempts" as const;
  }
  return null;
};

export const SignInPage = () => {
  const { t } = useTranslation();
  const { user, loading, signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const [error, setError] = useState<unknown>(null);
  useDocumentTitle(`${t("signIn.title")} · ${t("app.name")}`);

  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: {
      email: (value) => (value.trim() ? null : t("signIn.emailRequired")),
      password: (value) => (value ? null : t("signIn.passwordRequired")),
    },
  });

  if (loading) return <PageLoader />;
  if (user) return <Navigate to={from} replace />;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await signIn(values.email.trim(), values.password);
      navigate(from, { replace: true });
    } catch (caught) {
      setError(caught);
    }
  });

  const errorKey = error ? signInErrorKey(error) : null;

  return (
    <Box
      mih="100dvh"
      style={{
        background:
          "radial-gradient(1200px 500px at 10% -10%, var(--mantine-color-brand-1), transparent 60%), var(--mantine-color-gray-0)",
      }}
    >
      <Group justify="space-between" px={{ base: "md", sm: "xl" }} py="md">
        <BrandMark />
        <LanguageSwitch />
      </Group>
      <Center px="md" pt={{ base: 24, sm: 72 }} pb="xl">
        <Paper w="100%" maw={420} p={{ base: "lg", sm: 36 }} radius="lg" shadow="sm">
          <Stack gap={4} mb="lg">
            <Title order={1} fz={26}>
              {t("signIn.title")}
            </Title>
            <Text c="dimmed" size="sm">
              {t("signIn.subtitle")}
            </Text>
          </Stack>
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <FormAlert message={error !== null && (errorKey ? t(errorKey) : describeError(error))} />
              <TextInput
                label={t("signIn.email")}
                type="email"
                autoComplete="username"
                autoFocus
                required
                {...form.getInputProps("email")}
              />
              <PasswordInput
                label={t("signIn.password")}
                autoComplete="current-password"
                required
                {...form.getInputProps("password")}
              />
              <Button type="submit" size="md" fullWidth loading={form.submitting} mt="xs">
                {t("signIn.submit")}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Center>
      <Text ta="center" size="xs" c="dimmed" pb="lg">
        {t("signIn.footer")}
      </Text>
    </Box>
  );
};
