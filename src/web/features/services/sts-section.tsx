import { Anchor, Card, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconCalendarEvent, IconUserCog } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../components/formatters";
import { QueryError } from "../../components/list-state";
import { Section } from "../../components/section";
import { useCurrentSts, useStsService } from "../sts/sts-api";
import { ServiceStatusBadge, useVisitName } from "../sts/sts-parts";
import { VisitCard } from "../sts/sts-service-page";

const Label = ({ children }: { children: string }) => (
  <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4 }}>
    {children}
  </Text>
);

/** The service's visits, as the organization sees them (held ones with their minutes). */
const Visits = ({ serviceId }: { serviceId: string }) => {
  const { t } = useTranslation();
  const service = useStsService(serviceId);
  if (service.isPending) return <Skeleton height={80} radius="md" />;
  if (service.isError) return <QueryError error={service.error} onRetry={service.refetch} />;
  return (
    <Stack gap="sm" aria-label={t("sts.portal.visits")}>
      <Title order={3} fz="md">
        {t("sts.portal.visits")}
      </Title>
      {service.data.visits.map((visit) => (
        <VisitCard key={visit.id} visit={visit} />
      ))}
    </Stack>
  );
};

/** "Mis servicios": the organization's on-site engineer, how to reach them, and the next business review. */
export const StsSection = () => {
  const { t } = useTranslation();
  const format = useFormatters();
  const visitName = useVisitName();
  const current = useCurrentSts(null);
  const service = current.data?.service ?? null;
  const review = current.data?.nextReview ?? null;

  return (
    <Section
      title={t("sts.portal.title")}
      description={
        service
          ? t("sts.portal.period", {
              start: format.localDate(service.startDate),
              end: format.localDate(service.endDate),
            })
          : t("sts.portal.description")
      }
      actions={service ? <ServiceStatusBadge status={service.status} /> : undefined}
    >
      {current.isPending ? (
        <Skeleton height={96} radius="md" />
      ) : current.isError ? (
        <QueryError error={current.error} onRetry={current.refetch} />
      ) : !service ? (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t("sts.portal.none")}
          </Text>
          <Text size="sm" c="dimmed">
            {t("sts.portal.noneDescription")}
          </Text>
        </Stack>
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Card withBorder radius="md" padding="lg" aria-label={t("sts.portal.engineer")}>
              <Stack gap={6}>
                <ThemeIcon variant="light" radius="xl" size={36}>
                  <IconUserCog size={20} />
                </ThemeIcon>
                <Label>{t("sts.portal.engineer")}</Label>
                <Text fw={600}>{service.engineer.name}</Text>
                <Anchor href={`mailto:${service.engineer.email}`} size="sm">
                  {service.engineer.email}
                </Anchor>
                {service.engineer.phone && (
                  <Anchor href={`tel:${service.engineer.phone.replace(/[^\d+]/g, "")}`} size="sm">
                    {service.engineer.phone}
                  </Anchor>
                )}
              </Stack>
            </Card>
            <Card withBorder radius="md" padding="lg" aria-label={t("sts.portal.nextReview")}>
              <Stack gap={6}>
                <ThemeIcon variant="light" radius="xl" size={36} color="teal">
                  <IconCalendarEvent size={20} />
                </ThemeIcon>
                <Label>{t("sts.portal.nextReview")}</Label>
                {review ? (
                  <>
                    <Text fw={600}>{format.localDateLong(review.scheduledOn)}</Text>
                    <Text size="sm" c="dimmed">
                      {visitName(review)}
                    </Text>
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t("sts.portal.noReview")}
                  </Text>
                )}
                {service.status === "upcoming" && (
                  <Text size="xs" c="dimmed">
                    {t("sts.portal.startsOn", { date: format.localDate(service.startDate) })}
                  </Text>
                )}
              </Stack>
            </Card>
          </SimpleGrid>
          <Visits serviceId={service.id} />
        </Stack>
      )}
    </Section>
  );
};
