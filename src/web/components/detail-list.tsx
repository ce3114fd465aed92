import { SimpleGrid, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

export interface DetailItem {
  label: string;
  value: ReactNode;
}

/** Label / value pairs, two columns on wide screens. */
export const DetailList = ({ items, cols = 2 }: { items: DetailItem[]; cols?: number }) => (
  <SimpleGrid cols={{ base: 1, sm: cols }} spacing="lg" verticalSpacing="md">
    {items.map((item) => (
      <Stack key={item.label} gap={2}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4 }}>
          {item.label}
        </Text>
        <Text component="div" size="sm" style={{ overflowWrap: "anywhere" }}>
          {item.value === null || item.value === undefined || item.value === "" ? "—" : item.value}
        </Text>
      </Stack>
    ))}
  </SimpleGrid>
);
