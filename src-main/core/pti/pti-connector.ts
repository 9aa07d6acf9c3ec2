import type {
  AccessResponse,
  DeleteCustomerResponse,
  EventsResponse,
  KeypadEntryResponse,
  LockResponse,
  PtiUnit,
  PtiUser,
  RentalResyncRequest,
  RentalResyncResponse,
  RentRequest,
  RentResponse,
  ResyncRequest,
  ResyncResponse,
  SiteDefaults,
  SiteInfo,
  SiteSnapshot,
  UserResponse,
  VacateResponse,
} from '../../../src-shared/pti/protocol.js';

/** How a site's PTI system is reached. Kept in memory by the connector; never logged or echoed. */
export interface PtiCredentials {
  siteKey: string;
  username: string;
  password: string;
}

/**
 * Why a call failed, as the caller acts on it:
 * - offline: no answer at all, a timeout, or the gateway says it is offline (−503): queue and retry;
 * - unavailable: a server error (−500), or an answer in a shape this version does not read (−502):
 *   retry later;
 * - unauthorized: the site key, username or password was refused (−1): fix the site's settings;
 * - rejected: the gateway refused this request (−3, −7, −22, −404, …), or the address answers
 *   with something that is not a gateway (−502): a person must change something.
 */
export type PtiFailureKind = 'offline' | 'unavailable' | 'unauthorized' | 'rejected';

export interface PtiFailure {
  ok: false;
  /** The PTI code (negative), e.g. −22 for unlocking a unit that is not locked. */
  code: number;
  /** A sentence for a site manager: what went wrong and what to do. No secrets in it. */
  message: string;
  kind: PtiFailureKind;
  /** Sending the same command again later (with the same idempotency key) may succeed. */
  retryable: boolean;
}

export interface PtiSuccess<T> {
  ok: true;
  value: T;
  /** The gateway had already applied this idempotency key and answered its stored result. */
  replayed: boolean;
}

export type PtiResult<T> = PtiSuccess<T> | PtiFailure;

/**
 * Every change carries the key that makes it idempotent. A queued operation keeps one key for
 * all its attempts, so a retry after a lost answer is applied once.
 */
export interface PtiCommand {
  idempotencyKey: string;
}

export interface PtiConnectionCheck {
  site: SiteInfo;
  /** Round trip of the check, in milliseconds. */
  latencyMs: number;
}

/**
 * A site's PTI access control as the client uses it. The HTTP connector speaks the gateway
 * protocol (docs/pti-gateway-protocol.md) to the emulator or a real gateway; a connector for
 * PTI's partner API can implement the same interface.
 */
export interface PtiConnector {
  readonly siteCode: string;

  /** Signs in with the site's credentials and reads the site: "test connection". */
  testConnection(): Promise<PtiResult<PtiConnectionCheck>>;

  /** Everything the client mirrors, read in one consistent snapshot. */
  pullSite(): Promise<PtiResult<SiteSnapshot>>;
  listUnits(): Promise<PtiResult<PtiUnit[]>>;
  listAccess(): Promise<PtiResult<AccessResponse>>;
  listUsers(): Promise<PtiResult<PtiUser[]>>;

  /** Move-in: creates the user and code; a known customer's other units share their code. */
  rent(
    unitName: string,
    request: RentRequest,
    command: PtiCommand,
  ): Promise<PtiResult<RentResponse>>;
  /** Move-out: vacates the unit; a customer left with no unit loses their code. */
  vacate(unitName: string, command: PtiCommand): Promise<PtiResult<VacateResponse>>;
  /** Overlock: the tenant's code answers ACCESS SUSPENDED. */
  lock(unitName: string, command: PtiCommand): Promise<PtiResult<LockResponse>>;
  /** Fails with −22 when the unit is not locked. */
  unlock(unitName: string, command: PtiCommand): Promise<PtiResult<LockResponse>>;
  /** Pushes one rental again; the gateway converges the unit and its customer to it. */
  resyncRental(
    unitName: string,
    request: RentalResyncRequest,
    command: PtiCommand,
  ): Promise<PtiResult<RentalResyncResponse>>;
  /** A new code for the customer (the given one, or one the gateway picks) on all their units. */
  regenerateCode(
    customerRef: string,
    accessCode: string | undefined,
    command: PtiCommand,
  ): Promise<PtiResult<UserResponse>>;
  /** Per-user access level; null returns the customer to the site's default. */
  setAccessLevel(
    customerRef: string,
    accessLevel: number | null,
    command: PtiCommand,
  ): Promise<PtiResult<UserResponse>>;
  /** Per-user zone (time schedule); null returns the customer to the site's default. */
  setZone(
    customerRef: string,
    zone: number | null,
    command: PtiCommand,
  ): Promise<PtiResult<UserResponse>>;
  deleteCustomer(
    customerRef: string,
    command: PtiCommand,
  ): Promise<PtiResult<DeleteCustomerResponse>>;
  setDefaults(
    defaults: SiteDefaults,
    command: PtiCommand,
  ): Promise<PtiResult<{ defaults: SiteDefaults }>>;
  /** Full resync: the whole desired state; the gateway converges to it, all or nothing. */
  resyncSite(desired: ResyncRequest, command: PtiCommand): Promise<PtiResult<ResyncResponse>>;

  /** Tries a code at a keypad ("test a code at a keypad"); not every gateway can simulate this. */
  enterCode?(keypadId: number, code: string, at?: Date): Promise<PtiResult<KeypadEntryResponse>>;
  /** Keypad entries after `after` (a sequence number from an earlier answer). */
  listEvents?(after?: number, limit?: number): Promise<PtiResult<EventsResponse>>;

  /** Signs out, if signed in. */
  close(): Promise<void>;
}
