import { ActionIcon, type MantineColor, Tooltip } from "@mantine/core";
import type { ReactNode } from "react";

interface RowActionProps {
  /** What the button does, shown on hover ("Editar"). */
  tooltip: string;
  /** Its accessible name, which says on which row it acts ("Editar Ana López"). */
  label: string;
  /** The icon. */
  children: ReactNode;
  onClick: () => void;
  /** Red for what removes something. */
  color?: MantineColor;
  loading?: boolean;
  openDelay?: number;
}

/** An icon button of a row or an item (edit, remove), with its tooltip. */
export const RowAction = ({
  tooltip,
  label,
  children,
  onClick,
  color = "gray",
  loading,
  openDelay,
}: RowActionProps) => (
  <Tooltip label={tooltip} withArrow openDelay={openDelay}>
    <ActionIcon variant="subtle" color={color} aria-label={label} loading={loading} onClick={onClick}>
      {children}
    </ActionIcon>
  </Tooltip>
);
