import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { IconBell, IconBellOff, IconChecks } from "@tabler/icons-react";
import { useState } from "react";
import "./notifications.css";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { QueryError } from "../../components/list-state";
import { notifyError } from "../../components/notify";
import { useNow } from "../cases/sla-format";
import { NotificationIcon, useNotificationText, useRelativeTime } from "./notification-text";
import { type Notification, useLatestNotifications, useMarkRead, useUnreadCount } from "./notifications-api";

/** How many of the newest the bell lists; the rest are on /notifications. */
const LATEST = 8;

/** Where a notification leads: its case, or the full list when it names none. */
export const notificationTarget = (notification: Notification) =>
  notification.caseId ? `/cases/${notification.caseId}` : "/notifications";

/** One notification as a row that opens its case (and marks it read on the way). */
export const NotificationRow = ({
  notification,
  now,
  onOpen,
  compact = false,
  tint = true,
}: {
  notification: Notification;
  now: number;
  onOpen: (notification: Notification) => void;
  compact?: boolean;
  /** Tint an unread row (off where the list item around it is tinted instead). */
  tint?: boolean;
}) => {
  const describe = useNotificationText();
  const relative = useRelativeTime();
  const { title, detail } = describe(notification);
  const unread = notification.readAt === null;
  return (
    <UnstyledButton
      onClick={() => onOpen(notification)}
      px={compact ? "sm" : "md"}
      py={compact ? 8 : 10}
      w="100%"
      className="soporte-notification-row"
      data-unread={(tint && unread) || undefined}
      aria-label={title}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <NotificationIcon kind={notification.kind} size={compact ? 28 : 32} />
        <Box style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={unread ? 650 : 400} style={{ overflowWrap: "anywhere" }} lineClamp={2}>
            {title}
          </Text>
          {detail && (
            <Text size="xs" c="dimmed" truncate>
              {detail}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {relative(notification.createdAt, now)}
          </Text>
        </Box>
        {unread && (
          <Box w={8} h={8} mt={6} bg="brand.6" style={{ borderRadius: "50%", flexShrink: 0 }} aria-hidden />
        )}
      </Group>
    </UnstyledButton>
  );
};

/** Marks a notification read (when it was not) and opens its case. */
export const useOpenNotification = (after?: () => void) => {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  return (notification: Notification) => {
    if (notification.readAt === null) markRead.mutate({ ids: [notification.id] }, { onError: notifyError });
    after?.();
    navigate(notificationTarget(notification));
  };
};

/** The header's bell: the unread count (asked every 30 s) and the newest notifications in a popover. */
export const NotificationBell = () => {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const unread = useUnreadCount();
  const latest = useLatestNotifications(LATEST, opened);
  const markRead = useMarkRead();
  const now = useNow(60_000);
  const close = () => setOpened(false);
  const open = useOpenNotification(close);
  const count = unread.data ?? 0;
  const items = latest.data?.items ?? [];

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width="min(400px, calc(100vw - 16px))"
      shadow="md"
      radius="md"
      withArrow
      arrowPosition="center"
      trapFocus={false}
    >
      <Popover.Target>
        <Indicator
          label={count > 99 ? "99+" : count}
          size={18}
          color="red"
          offset={6}
          disabled={count === 0}
          inline
          styles={{ indicator: { fontWeight: 700, fontSize: 11, paddingInline: 5 } }}
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            radius="xl"
            onClick={() => setOpened((value) => !value)}
            aria-label={count > 0 ? t("notifications.bellUnread", { count }) : t("notifications.bell")}
            aria-expanded={opened}
            aria-haspopup="dialog"
          >
            <IconBell size={20} stroke={1.7} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} aria-label={t("notifications.title")} role="dialog">
        <Group justify="space-between" px="md" py="sm" wrap="nowrap" gap="sm">
          <Group gap={8} wrap="nowrap">
            <Text fw={650} size="sm">
              {t("notifications.title")}
            </Text>
            {count > 0 && (
              <Badge
                size="sm"
                color="red"
                variant="light"
                radius="xl"
                aria-label={t("notifications.unreadCount", { count })}
              >
                {count}
              </Badge>
            )}
          </Group>
          <Button
            variant="subtle"
            size="compact-xs"
            leftSection={<IconChecks size={14} />}
            disabled={count === 0}
            loading={markRead.isPending}
            onClick={() => markRead.mutate({ all: true }, { onError: notifyError })}
          >
            {t("notifications.markAllRead")}
          </Button>
        </Group>
        <Divider />
        {latest.isPending ? (
          <Stack gap={6} p="md" aria-busy="true" aria-label={t("common.loading")}>
            <Skeleton height={40} radius="sm" />
            <Skeleton height={40} radius="sm" />
            <Skeleton height={40} radius="sm" />
          </Stack>
        ) : latest.isError ? (
          <Box p="md">
            <QueryError error={latest.error} onRetry={latest.refetch} />
          </Box>
        ) : items.length === 0 ? (
          <Stack align="center" gap={4} py="xl" px="md">
            <IconBellOff size={26} stroke={1.5} color="var(--mantine-color-gray-5)" aria-hidden />
            <Text size="sm" fw={600}>
              {t("notifications.empty")}
            </Text>
            <Text size="xs" c="dimmed" ta="center">
              {t("notifications.emptyDescription")}
            </Text>
          </Stack>
        ) : (
          <ScrollArea.Autosize mah={440} type="auto">
            <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
              {items.map((notification) => (
                <li key={notification.id}>
                  <NotificationRow notification={notification} now={now} onOpen={open} compact />
                </li>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
        <Divider />
        <Group justify="center" py={8}>
          <Anchor component={Link} to="/notifications" size="sm" fw={500} onClick={close}>
            {t("notifications.viewAll")}
          </Anchor>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
};
