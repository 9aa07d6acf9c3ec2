import { TimeZoneName } from '../../../../src-shared/accounts';

/**
 * The zone shown when nothing is chosen on this computer: the account's zone from My settings
 * (it follows the person from computer to computer), else this computer's. A zone the account
 * holds that this runtime does not know is skipped rather than shown wrong.
 */
export function defaultViewerZone(accountZone: string | null | undefined, system: string): string {
  return accountZone && TimeZoneName.safeParse(accountZone).success ? accountZone : system;
}

/** The zone the viewer reads times in: the one chosen on this computer wins over the default. */
export function viewerZoneOf(
  chosen: string | null,
  accountZone: string | null | undefined,
  system: string,
): string {
  return chosen ?? defaultViewerZone(accountZone, system);
}
