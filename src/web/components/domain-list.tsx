import { Badge, Group, Text, Tooltip } from "@mantine/core";

/** Email domains as small badges; more than `max` collapse into "+N". */
export const DomainList = ({ domains, max = 2 }: { domains: string[]; max?: number }) => {
  if (domains.length === 0) return <Text c="dimmed">—</Text>;
  const shown = domains.slice(0, max);
  const rest = domains.slice(max);
  return (
    <Group gap={4}>
      {shown.map((domain) => (
        <Badge miw="max-content" key={domain} variant="light" color="gray" radius="sm" tt="none" fw={500}>
          {domain}
        </Badge>
      ))}
      {rest.length > 0 && (
        <Tooltip label={rest.join(", ")} withArrow>
          <Badge miw="max-content" variant="outline" color="gray" radius="sm" tt="none" fw={500}>
            +{rest.length}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
};
