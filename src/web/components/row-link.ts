import type { MouseEvent } from "react";
import { type NavigateFunction, useNavigate } from "react-router";

const open = (navigate: NavigateFunction, to: string) => (event: MouseEvent<HTMLElement>) => {
  // links and buttons inside the row keep their own meaning
  if ((event.target as HTMLElement).closest("a, button, input")) return;
  if (window.getSelection()?.toString()) return; // the viewer is selecting text
  navigate(to);
};

/** Props that make a whole table row open a page (the row's name stays a real link for keyboards). */
export const useRowLink = () => {
  const navigate = useNavigate();
  return (to: string) => ({ onClick: open(navigate, to), style: { cursor: "pointer" } });
};
