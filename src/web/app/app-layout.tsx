import {
  AppShell,
  Avatar,
  Box,
  Burger,
  Divider,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconExternalLink, IconLogout, IconUserCircle } from "@tabler/icons-react";
import { Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { LanguageSwitch } from "../components/language-switch";
import { PageLoader } from "../components/list-state";
import { RoleBadge } from "../components/role-badge";
import { NotificationBell } from "../features/notifications/notification-bell";
import { useAuth, useCurrentUser } from "./auth-context";
import { BrandMark } from "./brand-mark";
import { type NavItem, navigationFor } from "./navigation";

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join("");

const isUnder = (path: string, pathname: string) => pathname === path || pathname.startsWith(`${path}/`);

const isActive = (item: NavItem, pathname: string) =>
  item.to === "/"
    ? pathname === "/"
    : isUnder(item.to, pathname) ||
      (item.alsoActiveUnder !== undefined && isUnder(item.alsoActiveUnder, pathname));

const UserMenu = () => {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={t("shell.userMenu")} px={6} py={4} style={{ borderRadius: 8 }}>
          <Group gap="xs" wrap="nowrap">
            <Avatar color="brand" radius="xl" size={32}>
              {initials(user.name)}
            </Avatar>
            <Box visibleFrom="sm" style={{ lineHeight: 1.2, maxWidth: 200 }}>
              <Text size="sm" fw={600} truncate>
                {user.name}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {t(`roles.${user.role}`)}
              </Text>
            </Box>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Box px="sm" py={6}>
          <Text size="sm" fw={600} truncate>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate mb={6}>
            {user.email}
          </Text>
          <RoleBadge role={user.role} />
        </Box>
        <Menu.Divider />
        <Menu.Item leftSection={<IconUserCircle size={16} />} component={Link} to="/profile">
          {t("nav.profile")}
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} />}
          onClick={async () => {
            await signOut();
            navigate("/sign-in", { replace: true });
          }}
        >
          {t("shell.signOut")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
};

export const AppLayout = () => {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const items = navigationFor(user);

  // a tap on a link closes the phone menu
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation
  useEffect(() => close(), [pathname, close]);

  const renderItem = (item: NavItem) => {
    const Icon = item.icon;
    const common = {
      label: t(item.labelKey),
      leftSection: <Icon size={18} stroke={1.6} />,
      style: { borderRadius: 8 },
    };
    if (item.external) {
      return (
        <NavLink
          key={item.to}
          {...common}
          href={item.to}
          target="_blank"
          rel="noreferrer"
          rightSection={<IconExternalLink size={14} aria-hidden />}
        />
      );
    }
    return (
      <NavLink key={item.to} {...common} component={Link} to={item.to} active={isActive(item, pathname)} />
    );
  };

  const adminItems = items.filter((item) => item.section === "admin");

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "md", sm: "xl" }}
      styles={{ main: { background: "var(--mantine-color-gray-0)" } }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t("shell.closeMenu") : t("shell.openMenu")}
            />
            <Link to="/" style={{ textDecoration: "none", color: "inherit" }} aria-label={t("shell.home")}>
              <BrandMark />
            </Link>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <NotificationBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t("shell.navigation")}>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>{items.filter((item) => item.section === "main").map(renderItem)}</Stack>
          {adminItems.length > 0 && (
            <>
              <Divider my="sm" />
              <Text
                size="xs"
                fw={700}
                c="dimmed"
                tt="uppercase"
                px="sm"
                mb={4}
                style={{ letterSpacing: 0.5 }}
              >
                {t("nav.administration")}
              </Text>
              <Stack gap={2}>{adminItems.map(renderItem)}</Stack>
            </>
          )}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Box maw={1240} mx="auto">
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
};
