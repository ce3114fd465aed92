import { Table, Text } from "@mantine/core";
import { useFormatters } from "./formatters";

/** A table cell with an instant on two short lines, the day then the time, so the column stays narrow. */
export const DayAndTimeCell = ({ iso, visibleFrom }: { iso: string; visibleFrom?: "sm" }) => {
  const format = useFormatters();
  return (
    <Table.Td visibleFrom={visibleFrom} style={{ whiteSpace: "nowrap", verticalAlign: "top" }}>
      <Text size="sm">{format.day(iso)}</Text>
      <Text size="xs" c="dimmed">
        {format.time(iso)}
      </Text>
    </Table.Td>
  );
};
