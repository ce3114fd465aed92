import { Box, Button, Group, Paper, SegmentedControl, Stack, Text } from "@mantine/core";
import { IconBell, IconCheck, IconChecks } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../components/formatters";
import { ListPage, ListToolbar } from "../../components/list-page";
import { notifyError, notifySuccess } from "../../components/notify";
import { PagedList } from "../../components/paged-list";
import { RowAction } from "../../components/row-action";
import { useUrlFilters } from "../../components/use-url-filters";
import { useNow } from "../cases/sla-format";
import { NotificationRow, useOpenNotification } from "./notification-bell";
import { useMarkRead, useNotifications, useUnreadCount } from "./notifications-api";
import "./notifications.css";

type Filter = "all" | "unread";

/** Every notification of the signed-in person, newest first, with an unread filter. */
export const NotificationsPage = () => {
  const { t } = useTranslation();
  const format = useFormatters();
  const filters = useUrlFilters({ filter: "all" });
  const filter: Filter = filters.get("filter") === "unread" ? "unread" : "all";
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

  const markAll = async () => {
    try {
      await markRead.mutateAsync({ all: true });
      notifySuccess(t("notifications.allMarked"));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <ListPage
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
    >
      <ListToolbar>
        <SegmentedControl
          aria-label={t("notifications.filter")}
          value={filter}
          onChange={(value) => filters.setFilter("filter", value)}
          data={[
            { value: "all", label: t("notifications.all") },
            {
              value: "unread",
              label: count > 0 ? `${t("notifications.unread")} (${count})` : t("notifications.unread"),
            },
          ]}
        />
      </ListToolbar>
      <PagedList
        list={list}
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
                      <RowAction
                        tooltip={t("notifications.markRead")}
                        label={t("notifications.markRead")}
                        openDelay={300}
                        loading={markingOne(notification.id)}
                        onClick={() => markRead.mutate({ ids: [notification.id] }, { onError: notifyError })}
                      >
                        <IconCheck size={16} />
                      </RowAction>
                    )}
                  </Box>
                </Group>
              </li>
            ))}
          </Stack>
        </Paper>
      </PagedList>
    </ListPage>
  );
};
