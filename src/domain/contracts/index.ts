/** Contracts (pólizas): plans, fees, terms, renewal, reinstatement, authorized contacts and entitlement. */
export * from "./authorized-contacts";
export * from "./contract-kinds";
export * from "./contract-term";
export * from "./entitlement";
export * from "./local-date";
export * from "./plan";
export * from "./pricing";
export * from "./reinstatement";
export * from "./renewal";
