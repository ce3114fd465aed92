/** Cases: priority suggestion and the status state machine. */

export * from "./attachments";
export * from "./case-status";
export * from "./priority";
