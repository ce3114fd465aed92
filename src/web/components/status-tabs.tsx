import { Badge, Group, type MantineColor, Select, Tabs } from "@mantine/core";
import type { ReactNode } from "react";

/** A tab's count: a number or a text ("100+"); null while counting; undefined for a tab without one. */
type Count = number | string | null | undefined;

interface StatusTabsProps<V extends string> {
  /** Names the tabs, and the select that stands for them on narrow screens. */
  label: string;
  values: readonly V[];
  value: V;
  onChange: (value: string | null) => void;
  tabLabel: (value: V) => string;
  count: (value: V) => Count;
  /** The colour of a tab's count that wants attention while it is not zero; the others stay gray. */
  loud?: (value: V) => MantineColor | undefined;
  /** Below this width a select replaces the tabs. */
  breakpoint?: "sm" | "md";
  /** Beside the tabs (and beside the select), e.g. a link to a related list; `false` keeps its place empty. */
  aside?: ReactNode;
}

const CountBadge = ({ count, color }: { count: number | string | null; color: MantineColor | undefined }) => {
  // a placeholder of the same size while counting, so the tabs do not shift under the pointer
  if (count === null)
    return (
      <Badge size="sm" variant="light" color="gray" radius="xl" miw={24} aria-hidden>
        ·
      </Badge>
    );
  const loud = color !== undefined && count !== 0 && count !== "0";
  return (
    <Badge size="sm" variant={loud ? "filled" : "light"} color={loud ? color : "gray"} radius="xl" miw={24}>
      {count}
    </Badge>
  );
};

/** A list's status filter: pill tabs with a count each on wide screens, a select with the counts on phones. */
export const StatusTabs = <V extends string>({
  label,
  values,
  value,
  onChange,
  tabLabel,
  count,
  loud = () => undefined,
  breakpoint = "sm",
  aside,
}: StatusTabsProps<V>) => {
  // beside something, the tabs and the select each share a row with it
  const alone = aside === undefined;
  const tabs = (
    <Tabs
      value={value}
      onChange={onChange}
      variant="pills"
      radius="md"
      mb={alone ? "md" : undefined}
      visibleFrom={alone ? breakpoint : undefined}
      aria-label={label}
    >
      <Tabs.List style={{ flexWrap: "wrap", rowGap: 6 }}>
        {values.map((tab) => {
          const n = count(tab);
          return (
            <Tabs.Tab
              key={tab}
              value={tab}
              rightSection={n === undefined ? undefined : <CountBadge count={n} color={loud(tab)} />}
            >
              {tabLabel(tab)}
            </Tabs.Tab>
          );
        })}
      </Tabs.List>
    </Tabs>
  );
  const select = (
    <Select
      hiddenFrom={alone ? breakpoint : undefined}
      mb={alone ? "sm" : undefined}
      aria-label={label}
      value={value}
      allowDeselect={false}
      onChange={onChange}
      data={values.map((tab) => {
        const n = count(tab);
        return {
          value: tab,
          label: n === null || n === undefined ? tabLabel(tab) : `${tabLabel(tab)} (${n})`,
        };
      })}
      style={alone ? undefined : { flex: "1 1 200px" }}
    />
  );
  if (alone)
    return (
      <>
        {tabs}
        {select}
      </>
    );
  return (
    <>
      <Group justify="space-between" align="flex-end" gap="sm" mb="md" visibleFrom={breakpoint} wrap="nowrap">
        {tabs}
        {aside}
      </Group>
      <Group hiddenFrom={breakpoint} gap="sm" mb="sm" align="flex-end">
        {select}
        {aside}
      </Group>
    </>
  );
};
