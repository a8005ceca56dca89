/** Every write that stamps a time takes a clock, so tests can fix it. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
export const stamp = (clock: Clock): string => clock().toISOString();
