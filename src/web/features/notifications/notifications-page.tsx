import { ActionIcon, Box, Button, Group, Paper, SegmentedControl, Stack, Text, Tooltip } from "@mantine/core";
import { IconBell, IconCheck, IconChecks } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useFormatters } from "../../components/formatters";
import { ListState, LoadMore } from "../../components/list-state";
import { notifyError, notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { useNow } from "../cases/sla-format";
import { NotificationRow, useOpenNotification } from "./notification-bell";
import { useMarkRead, useNotifications, useUnreadCount } from "./notifications-api";
import "./notifications.css";

type Filter = "all" | "unread";

/** Every notification of the signed-in person, newest first, with an unread filter. */
export const NotificationsPage = () => {
  const { t } = useTranslation();
  const format = useFormatters();
  const [params, setParams] = useSearchParams();
  const filter: Filter = params.get("filter") === "unread" ? "unread" : "all";
  const list = useNotifications({ unreadOnly: filter === "unread" });
  const unread = useUnreadCount();
  const markRead = useMarkRead();
  const open = useOpenNotification();
  const now = useNow(60_000);
  const count = unread.data ?? 0;
  const markingOne = (id: string) => {
    const pending = markRead.isPending ? markRead.variables : undefined;
    return pending !== undefined && "ids" in pending && pending.ids.includes(id);
  };

  const setFilter = (value: string) => {
    const next = new URLSearchParams(params);
    if (value === "unread") next.set("filter", "unread");
    else next.delete("filter");
    setParams(next, { replace: true });
  };

  const markAll = async () => {
    try {
      await markRead.mutateAsync({ all: true });
      notifySuccess(t("notifications.allMarked"));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <>
      <PageHeader
        title={t("notifications.title")}
        description={t("notifications.description")}
        actions={
          <Button
            variant="default"
            leftSection={<IconChecks size={16} />}
            disabled={count === 0}
            loading={markRead.isPending}
            onClick={markAll}
          >
            {t("notifications.markAllRead")}
          </Button>
        }
      />
      <Paper p={{ base: "sm", sm: "md" }} radius="md">
        <Group mb="md" gap="sm" justify="space-between">
          <SegmentedControl
            aria-label={t("notifications.filter")}
            value={filter}
            onChange={setFilter}
            data={[
              { value: "all", label: t("notifications.all") },
              {
                value: "unread",
                label: count > 0 ? `${t("notifications.unread")} (${count})` : t("notifications.unread"),
              },
            ]}
          />
        </Group>
        <ListState
          query={list}
          isEmpty={list.items.length === 0}
          empty={{
            title: filter === "unread" ? t("notifications.emptyUnread") : t("notifications.empty"),
            description: filter === "unread" ? undefined : t("notifications.emptyDescription"),
            icon: <IconBell size={28} stroke={1.5} />,
          }}
        >
          <Paper radius="md" style={{ overflow: "hidden" }}>
            <Stack
              gap={0}
              component="ul"
              m={0}
              p={0}
              style={{ listStyle: "none" }}
              aria-label={t("notifications.title")}
            >
              {list.items.map((notification, index) => (
                <li
                  key={notification.id}
                  className="soporte-notification-item"
                  data-unread={notification.readAt === null || undefined}
                  style={index > 0 ? { borderTop: "1px solid var(--mantine-color-gray-2)" } : undefined}
                >
                  <Group gap={0} wrap="nowrap" align="stretch">
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <NotificationRow notification={notification} now={now} onOpen={open} tint={false} />
                    </div>
                    <Text
                      size="xs"
                      c="dimmed"
                      pl="md"
                      py={12}
                      visibleFrom="sm"
                      style={{ whiteSpace: "nowrap", flexShrink: 0 }}
                    >
                      {format.dateTime(notification.createdAt)}
                    </Text>
                    <Box w={52} py={8} style={{ flexShrink: 0, textAlign: "center" }}>
                      {notification.readAt === null && (
                        <Tooltip label={t("notifications.markRead")} withArrow openDelay={300}>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={t("notifications.markRead")}
                            loading={markingOne(notification.id)}
                            onClick={() =>
                              markRead.mutate({ ids: [notification.id] }, { onError: notifyError })
                            }
                          >
                            <IconCheck size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Box>
                  </Group>
                </li>
              ))}
            </Stack>
          </Paper>
          <LoadMore
            shown={list.items.length}
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
          />
        </ListState>
      </Paper>
    </>
  );
};
