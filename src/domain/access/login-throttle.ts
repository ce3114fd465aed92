/** Failed sign-ins allowed in the window before further attempts are refused. */
export const LOGIN_THROTTLE = {
  windowMinutes: 15,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 30,
} as const;

export type LoginThrottleInput = { accountFailures: number; addressFailures: number };

/** Counted per email whether or not an account exists, so a refusal says nothing about existence. */
export const isLoginThrottled = ({ accountFailures, addressFailures }: LoginThrottleInput): boolean =>
  accountFailures >= LOGIN_THROTTLE.maxFailuresPerAccount ||
  addressFailures >= LOGIN_THROTTLE.maxFailuresPerAddress;
