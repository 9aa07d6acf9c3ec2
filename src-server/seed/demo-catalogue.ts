import type { Category, ProductLine } from '../../src-shared/domain/ticket.js';
import type { Role } from '../../src-shared/sync-protocol.js';
import { DEMO_ADMIN, DEMO_INSTALLER, DEMO_SITE_MANAGER, DEMO_TECHNICIAN } from './demo-accounts.js';

/**
 * The people, places and problems of the demo. The site codes are also listed in the PTI gateway
 * emulator's demo data; the two lists must name the same sites.
 */

export interface DemoOrganisation {
  key: string;
  name: string;
  address: string;
  phone: string;
  tier: 'free' | 'preferred';
}

export const demoOrganisations: readonly DemoOrganisation[] = [
  {
    key: 'harbor',
    name: 'Harbor Point Self Storage',
    address: '410 Wharf Street, Quincy, MA 02169',
    phone: '+1 617-555-0142',
    tier: 'preferred',
  },
  {
    key: 'redmesa',
    name: 'Red Mesa Storage Co.',
    address: '2250 W University Drive, Tempe, AZ 85281',
    phone: '+1 480-555-0177',
    tier: 'free',
  },
  {
    key: 'prairie',
    name: 'Prairie Lock & Store',
    address: '8801 Dodge Street, Omaha, NE 68114',
    phone: '+1 402-555-0119',
    tier: 'preferred',
  },
  {
    key: 'cascade',
    name: 'Cascade Vault Storage',
    address: '1320 Pacific Avenue, Tacoma, WA 98402',
    phone: '+1 253-555-0163',
    tier: 'free',
  },
];

export interface DemoSite {
  organisation: string;
  code: string;
  name: string;
  timezone: string;
}

export const demoSites: readonly DemoSite[] = [
  {
    organisation: 'harbor',
    code: 'HPS101',
    name: 'Harbor Point Quincy',
    timezone: 'America/New_York',
  },
  {
    organisation: 'harbor',
    code: 'HPS102',
    name: 'Harbor Point Salem',
    timezone: 'America/New_York',
  },
  {
    organisation: 'harbor',
    code: 'HPS103',
    name: 'Harbor Point Portsmouth',
    timezone: 'America/New_York',
  },
  { organisation: 'redmesa', code: 'RMS201', name: 'Red Mesa Tempe', timezone: 'America/Phoenix' },
  {
    organisation: 'redmesa',
    code: 'RMS202',
    name: 'Red Mesa Albuquerque',
    timezone: 'America/Denver',
  },
  {
    organisation: 'prairie',
    code: 'PLS301',
    name: 'Prairie Lock & Store Omaha',
    timezone: 'America/Chicago',
  },
  {
    organisation: 'prairie',
    code: 'PLS302',
    name: 'Prairie Lock & Store Wichita',
    timezone: 'America/Chicago',
  },
  {
    organisation: 'prairie',
    code: 'PLS303',
    name: 'Prairie Lock & Store Sioux Falls',
    timezone: 'America/Chicago',
  },
  {
    organisation: 'cascade',
    code: 'CVS401',
    name: 'Cascade Vault Tacoma',
    timezone: 'America/Los_Angeles',
  },
  {
    organisation: 'cascade',
    code: 'CVS402',
    name: 'Cascade Vault Boise',
    timezone: 'America/Boise',
  },
];

export interface DemoPerson {
  name: string;
  email: string;
  role: Role;
  /** Organisation key, or null for support staff. */
  organisation: string | null;
  timezone: string;
  /** Only the demo accounts can sign in. */
  password: string | null;
  /** How much of the queue a technician carries. */
  workload?: number;
}

export const demoPeople: readonly DemoPerson[] = [
  {
    name: 'Dana Whitfield',
    email: DEMO_TECHNICIAN.email,
    role: 'technician',
    organisation: null,
    timezone: 'America/New_York',
    password: DEMO_TECHNICIAN.password,
    workload: 4,
  },
  {
    name: 'Marcus Oyelaran',
    email: 'marcus.oyelaran@support.gatedesk.test',
    role: 'technician',
    organisation: null,
    timezone: 'America/New_York',
    password: null,
    workload: 3,
  },
  {
    name: 'Priya Raman',
    email: 'priya.raman@support.gatedesk.test',
    role: 'technician',
    organisation: null,
    timezone: 'America/Chicago',
    password: null,
    workload: 3,
  },
  {
    name: 'Tom Kowalczyk',
    email: 'tom.kowalczyk@support.gatedesk.test',
    role: 'technician',
    organisation: null,
    timezone: 'America/Denver',
    password: null,
    workload: 2,
  },
  {
    name: 'Helen Ortiz',
    email: DEMO_ADMIN.email,
    role: 'admin',
    organisation: null,
    timezone: 'America/New_York',
    password: DEMO_ADMIN.password,
  },
  {
    name: 'Jordan Ellis',
    email: DEMO_SITE_MANAGER.email,
    role: 'site_manager',
    organisation: 'harbor',
    timezone: 'America/New_York',
    password: DEMO_SITE_MANAGER.password,
  },
  {
    name: 'Sam Patel',
    email: 'sam.patel@harborpoint.example',
    role: 'site_manager',
    organisation: 'harbor',
    timezone: 'America/New_York',
    password: null,
  },
  {
    name: 'Luis Herrera',
    email: DEMO_INSTALLER.email,
    role: 'installer',
    organisation: 'harbor',
    timezone: 'America/New_York',
    password: DEMO_INSTALLER.password,
  },
  {
    name: 'Rosa Delgado',
    email: 'rosa.delgado@redmesastorage.example',
    role: 'site_manager',
    organisation: 'redmesa',
    timezone: 'America/Phoenix',
    password: null,
  },
  {
    name: 'Kevin Brandt',
    email: 'kevin.brandt@prairielock.example',
    role: 'site_manager',
    organisation: 'prairie',
    timezone: 'America/Chicago',
    password: null,
  },
  {
    name: 'Alicia Nguyen',
    email: 'alicia.nguyen@prairielock.example',
    role: 'site_manager',
    organisation: 'prairie',
    timezone: 'America/Chicago',
    password: null,
  },
  {
    name: 'Owen McCarthy',
    email: 'owen.mccarthy@cascadevault.example',
    role: 'site_manager',
    organisation: 'cascade',
    timezone: 'America/Los_Angeles',
    password: null,
  },
];

export interface TicketTemplate {
  subject: string;
  productLine: ProductLine;
  category: Category;
  helpTopic: string;
  /** {site}, {unit}, {gate}, {code} and {days} are filled in per ticket. */
  description: string;
  /** Weights for low, normal, high, critical. */
  urgency: readonly [number, number, number, number];
}

const routine = [2, 6, 2, 0] as const;
const pressing = [0, 4, 5, 1] as const;
const outage = [0, 1, 5, 4] as const;
const minor = [6, 4, 0, 0] as const;

export const ticketTemplates: readonly TicketTemplate[] = [
  {
    subject: 'Gate keypad offline',
    productLine: 'pti_hardware',
    category: 'technical',
    helpTopic: 'PTI Keypads',
    urgency: outage,
    description:
      'The {gate} keypad at {site} shows OFFLINE in StorLogix and does not respond to codes. Tenants are being let in from the office. We power-cycled the keypad and reseated the network cable in the gate box; no change.',
  },
  {
    subject: 'Keypad shows ACCESS DENIED for a valid code',
    productLine: 'pti_hardware',
    category: 'technical',
    helpTopic: 'PTI Keypads',
    urgency: pressing,
    description:
      'A tenant in unit {unit} at {site} gets ACCESS DENIED at the {gate} keypad with code {code}. The code shows as active in StorLogix and their account is paid up. Other tenants are getting in fine.',
  },
  {
    subject: 'Door alarm false triggers in building B',
    productLine: 'pti_hardware',
    category: 'technical',
    helpTopic: 'Door Alarms',
    urgency: pressing,
    description:
      'Door alarms in building B at {site} keep going into alarm overnight with nobody on site. Unit {unit} triggered six times last night. We checked the door contacts and they look aligned.',
  },
  {
    subject: 'Elevator controller not releasing upper floors',
    productLine: 'pti_hardware',
    category: 'technical',
    helpTopic: 'Elevators',
    urgency: outage,
    description:
      'Since this morning the elevator at {site} only goes to the ground floor for every code. Tenants with units on floors 2 and 3 cannot reach them. The elevator controller LEDs are green.',
  },
  {
    subject: 'Gate stays open after vehicle exits',
    productLine: 'pti_hardware',
    category: 'technical',
    helpTopic: 'Gates',
    urgency: pressing,
    description:
      'The {gate} at {site} stays open for several minutes after cars leave. The installer checked the operator and thinks the relay from the PTI controller is held closed.',
  },
  {
    subject: 'Keypad display blank after storm',
    productLine: 'pti_hardware',
    category: 'technical',
    helpTopic: 'PTI Keypads',
    urgency: outage,
    description:
      'After a thunderstorm the {gate} keypad at {site} has a blank display and no beep. Power at the pedestal reads normal. Do we need an RMA for the keypad?',
  },
  {
    subject: 'Intercom at gate not ringing the office',
    productLine: 'pti_hardware',
    category: 'technical',
    helpTopic: 'Intercoms',
    urgency: routine,
    description:
      'Visitors press the call button on the {gate} intercom at {site} but the office station never rings. It stopped working {days} days ago.',
  },
  {
    subject: 'Wireless door alarm batteries reported low',
    productLine: 'pti_hardware',
    category: 'technical',
    helpTopic: 'Door Alarms',
    urgency: minor,
    description:
      'StorLogix lists low batteries on a dozen wireless door alarms at {site}, including unit {unit}. Which replacement batteries are approved and is there a way to clear the warning after replacing them?',
  },
  {
    subject: 'Request RMA for failed keypad',
    productLine: 'pti_hardware',
    category: 'general',
    helpTopic: 'RMA (Return Merchandise Authorization)',
    urgency: routine,
    description:
      'The {gate} keypad at {site} failed and our installer confirmed it is the unit itself. Please issue an RMA number so we can send it back.',
  },
  {
    subject: 'Lighting controls not following the schedule',
    productLine: 'pti_hardware',
    category: 'technical',
    helpTopic: 'Lighting Controls',
    urgency: minor,
    description:
      'Hallway lights at {site} stay on all night although the schedule turns them off at 10 pm. This started after the time change.',
  },
  {
    subject: 'StorLogix sync failing',
    productLine: 'pti_software',
    category: 'technical',
    helpTopic: 'StorLogix',
    urgency: outage,
    description:
      'StorLogix has not synced with our management software for {site} since yesterday afternoon. The last sync time is stuck and new move-ins are not getting codes.',
  },
  {
    subject: 'StorLogix offline message',
    productLine: 'pti_software',
    category: 'technical',
    helpTopic: 'StorLogix',
    urgency: pressing,
    description:
      'The site dashboard for {site} shows "Storlogix offline" several times a day. It comes back by itself after 10 to 20 minutes. Our internet connection has been stable.',
  },
  {
    subject: 'Overlock not applying to delinquent units',
    productLine: 'pti_software',
    category: 'technical',
    helpTopic: 'StorLogix',
    urgency: pressing,
    description:
      'Unit {unit} at {site} is {days} days past due and marked overlocked in our software, but the tenant still gets ACCESS GRANTED at the keypad instead of ACCESS SUSPENDED.',
  },
  {
    subject: 'Access code not working after move-in',
    productLine: 'pti_software',
    category: 'technical',
    helpTopic: 'StorLogix',
    urgency: pressing,
    description:
      'A new tenant moved into unit {unit} at {site} this morning and was given code {code}. The keypad says ACCESS DENIED. The rental shows as synced to PTI.',
  },
  {
    subject: 'Move-out did not remove access',
    productLine: 'pti_software',
    category: 'technical',
    helpTopic: 'StorLogix',
    urgency: pressing,
    description:
      'The tenant of unit {unit} at {site} moved out {days} days ago but their code still opens the {gate}. We need access removed today.',
  },
  {
    subject: 'Access levels missing after full resync',
    productLine: 'pti_software',
    category: 'technical',
    helpTopic: 'StorLogix',
    urgency: pressing,
    description:
      'We ran a full resync for {site} and several tenants now have no access level, so they are stored but denied at the keypad. Unit {unit} is one of them.',
  },
  {
    subject: 'Gate hours wrong after daylight saving change',
    productLine: 'pti_software',
    category: 'technical',
    helpTopic: 'StorLogix',
    urgency: routine,
    description:
      'Since the clocks changed, tenants at {site} get AREA CLOSED at 6:00 am although gate hours start at 6:00. It works from 7:00. Is the site time zone set correctly?',
  },
  {
    subject: 'Duplicate access codes after import',
    productLine: 'pti_software',
    category: 'technical',
    helpTopic: 'StorLogix',
    urgency: pressing,
    description:
      'After importing rentals from CSV, two tenants at {site} ended up with the same code {code}. Codes should be unique per site. How do we regenerate one of them?',
  },
  {
    subject: 'Gate activity report shows wrong times',
    productLine: 'pti_software',
    category: 'technical',
    helpTopic: 'StorLogix',
    urgency: minor,
    description:
      'The gate activity report for {site} shows entries several hours off from when tenants actually came in. We need accurate times for an insurance claim.',
  },
  {
    subject: 'Cannot add new units to the site map',
    productLine: 'pti_software',
    category: 'technical',
    helpTopic: 'PTI Site Graphics',
    urgency: routine,
    description:
      'We added 24 new drive-up units at {site} (starting at {unit}) and cannot place them on the site map. The editor shows them as unmapped.',
  },
  {
    subject: 'Licence renewal for StorLogix Cloud',
    productLine: 'pti_software',
    category: 'licence',
    helpTopic: 'StorLogix',
    urgency: routine,
    description:
      'Our StorLogix Cloud licence for {site} expires in {days} days. Please send a renewal quote and let us know if anything changes at renewal.',
  },
  {
    subject: 'Licence key not accepted after server replacement',
    productLine: 'pti_software',
    category: 'licence',
    helpTopic: 'StorLogix',
    urgency: outage,
    description:
      'We replaced the office PC at {site} and the StorLogix licence key is rejected on the new machine. The old PC is retired. Can you move the activation?',
  },
  {
    subject: 'Need an additional site licence',
    productLine: 'pti_software',
    category: 'licence',
    helpTopic: 'StorLogix',
    urgency: minor,
    description:
      'We are opening a new location next month and need one more site licence on our account. Which plan should we choose?',
  },
  {
    subject: 'Invoice question for preferred support renewal',
    productLine: 'pti_software',
    category: 'billing',
    helpTopic: 'Upgrade to Preferred Support',
    urgency: minor,
    description:
      'Our latest invoice lists preferred support twice for {site}. Can you confirm which charge is correct and credit the other?',
  },
  {
    subject: 'Upgrade to preferred support',
    productLine: 'pti_software',
    category: 'billing',
    helpTopic: 'Upgrade to Preferred Support',
    urgency: minor,
    description:
      'We would like preferred support so we can book callbacks. Please upgrade our account and tell us how the yearly fee is invoiced.',
  },
  {
    subject: 'Card on file expired',
    productLine: 'pti_software',
    category: 'billing',
    helpTopic: 'Upgrade to Preferred Support',
    urgency: routine,
    description:
      'We received a notice that the card on file failed. How can we update payment details without losing our support agreement?',
  },
  {
    subject: 'Training for a new site manager',
    productLine: 'pti_software',
    category: 'general',
    helpTopic: 'StorLogix',
    urgency: minor,
    description:
      'We have a new manager starting at {site}. Is there a recorded training session on StorLogix basics: move-ins, overlocks and gate reports?',
  },
  {
    subject: 'How do I export gate activity?',
    productLine: 'pti_software',
    category: 'general',
    helpTopic: 'StorLogix',
    urgency: minor,
    description:
      'The police asked for gate activity for unit {unit} at {site} over the last {days} days. How do we export it to a spreadsheet?',
  },
  {
    subject: 'DigiGate keypad not powering on',
    productLine: 'digigate_hardware',
    category: 'technical',
    helpTopic: 'DigiGate Hardware',
    urgency: outage,
    description:
      'The DigiGate keypad at the {gate} of {site} has no power. The breaker is on and the transformer reads normal. Tenants cannot enter.',
  },
  {
    subject: 'DigiGate controller keeps rebooting',
    productLine: 'digigate_hardware',
    category: 'technical',
    helpTopic: 'DigiGate Hardware',
    urgency: pressing,
    description:
      'The DigiGate controller at {site} reboots every few minutes. The status light cycles amber then green. It started after a power cut {days} days ago.',
  },
  {
    subject: 'DigiGate gate relay stuck closed',
    productLine: 'digigate_hardware',
    category: 'technical',
    helpTopic: 'Gates',
    urgency: outage,
    description:
      'The relay on the DigiGate board for the {gate} at {site} seems stuck: the gate does not open on a granted code, but opens from the office button.',
  },
  {
    subject: 'Replacement DigiGate keypad overlay',
    productLine: 'digigate_hardware',
    category: 'general',
    helpTopic: 'DigiGate Hardware',
    urgency: minor,
    description:
      'The printed overlay on the DigiGate keypad at {site} is sun-faded and the digits are hard to read. Can we order a replacement overlay?',
  },
  {
    subject: 'DigiGate app not showing units',
    productLine: 'digigate_software',
    category: 'technical',
    helpTopic: 'Digigate',
    urgency: pressing,
    description:
      'Tenants at {site} report the DigiGate app lists no units after the last update, so they cannot open the gate from their phone. Unit {unit} is one example.',
  },
  {
    subject: 'DigiGate mobile access not opening gate',
    productLine: 'digigate_software',
    category: 'technical',
    helpTopic: 'Digigate',
    urgency: pressing,
    description:
      'Mobile access in the DigiGate app shows "opening" but the {gate} at {site} never opens. Keypad codes work normally.',
  },
  {
    subject: 'DigiGate cloud sync delayed',
    productLine: 'digigate_software',
    category: 'technical',
    helpTopic: 'Digigate',
    urgency: routine,
    description:
      'Changes we make in the DigiGate portal for {site} take over an hour to reach the gate. New tenants wait in the lot for their code to start working.',
  },
  {
    subject: 'DigiGate subscription renewal',
    productLine: 'digigate_software',
    category: 'licence',
    helpTopic: 'Digigate',
    urgency: minor,
    description:
      'Our DigiGate subscription for {site} renews in {days} days. Can we move it to the same renewal date as our other sites?',
  },
  {
    subject: 'DigiGate invoice shows wrong site count',
    productLine: 'digigate_software',
    category: 'billing',
    helpTopic: 'Digigate',
    urgency: minor,
    description:
      'Our DigiGate invoice bills four sites but we only run DigiGate at {site}. Please correct the invoice.',
  },
];

export const gateNames = [
  'front gate',
  'main entrance',
  'exit gate',
  'building A door',
  'RV lot gate',
] as const;
