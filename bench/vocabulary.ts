import type { Category, ProductLine } from '../src-shared/domain/ticket.js';

/**
 * The words the benchmark dataset is written with: helpdesk English about gates, keypads and
 * access software, so the full-text index sees a realistic mix of very common, domain and rare
 * terms (unit names, codes and serial numbers add a long tail of one-off terms).
 *
 * Two words are kept out of every list on purpose, because the search benchmark plants them at
 * known frequencies (see dataset.ts): nothing here may start with either.
 */
export const plantedCommonWord = 'relay';
export const plantedRareWord = 'vandermolen';

/** Ordinary English, most frequent first (the order gives the Zipf rank). */
export const commonWords = `the to and a of it is we in that for on this at with be not have you
are was as but they our can from at or will there an if one has had all so when been what which
out up please no do would about now get also after any some them more just time then again only
new other could still like know back need see day same last today morning night before work
working let us check checked see seems looks think call called told said went came going done
make made take took give gave sent send find found try tried keep kept both each every very
over under between because while since until during into through without within around next
first second third once twice few many most much less least well good fine problem issue thing
things way side part area place week month year hour minute minutes hours days weeks office
people person team thanks thank hello hi regards best sorry help sure okay soon later yesterday
tomorrow afternoon evening weekend monday tuesday wednesday thursday friday saturday sunday
here where how why who whose whom than those these such own same another enough already always
never often sometimes usually maybe probably actually really quite almost nearly right left
front rear main top bottom inside outside near far open close closed start started stop stopped
run running shows showing shown showed says saying said reply answer question update updated
note noted confirm confirmed attached attach photo picture screen screenshot message
email phone number name list report reported log logs copy file files version date time zone`
  .split(/\s+/)
  .filter((w, i, all) => w.length > 0 && all.indexOf(w) === i);

/** Helpdesk and access-control vocabulary, roughly most frequent first. */
export const domainWords = `gate keypad code access tenant unit site controller door storlogix
firmware office manager technician software licence licensed install installer installation
network cable power supply board panel display beep offline online sync synced synchronise
schedule level levels zone zones area areas alarm alarms door contacts sensor sensors loop
detector exit entry entrance vehicle car truck rv lane arm operator motor elevator floor floors
building buildings hallway lock locked unlock unlocked overlock overlocked suspended suspend
denied granted closed ticket tickets account billing invoice payment paid renewal renew key keys
serial rma replacement shipped shipping warranty battery batteries voltage volts fuse breaker
surge storm lightning outage internet router modem switch port ports ethernet wifi wireless
antenna signal intercom camera cameras video recorder dvr nvr monitor workstation server service
services database backup restore export import report reports activity history event events
audit trail user users profile profiles permission permissions password login logged reset
restart reboot rebooted reinstalled upgrade upgraded downgrade patch release build driver usb
dongle hardware digigate pti keypads gates controllers units tenants codes sites schedules
bluetooth app mobile smartphone credential credentials card cards reader readers fob fobs prox
pin pins holiday holidays hours opening closing timezone daylight saving clock wiring wire wires terminal terminals jumper jumpers dip led leds amber blinking solid
flashing steady green red yellow blue beeping buzzing humming noise rain snow ice heat cold
moisture water corrosion rust pedestal housing cover bracket mount mounting bolt screw hinge
spring chain track wheel opener eye beam reversing safety edge gap`
  .split(/\s+/)
  .filter((w) => w.length > 0)
  .filter((w, i, all) => all.indexOf(w) === i);

export const firstNames = `Dana Marcus Priya Tom Grace Luis Aisha Ben Chloe Daniel Elena Farid
Gina Hector Irene Jamal Kara Leo Maya Nate Olivia Paul Quinn Rosa Sam Tara Uma Victor Wendy
Xavier Yusuf Zoe Andre Bianca Carlos Deepa Ethan Fatima George Hana Ivan Julia Kenji Lena Mateo
Nadia Omar Petra Raj Sofia Theo Vera Will`.split(/\s+/);

export const lastNames = `Whitfield Oyelaran Shah Brennan Liu Herrera Khan Foster Martin Novak
Ortiz Petrov Quinlan Reyes Schmidt Tanaka Usman Varga Walsh Young Zimmer Adams Baker Carter
Delgado Ellis Fischer Garcia Hughes Ibrahim Jensen Kowalski Lopez Murphy Nguyen OBrien Patel
Rossi Silva Thompson Weber Yilmaz Andersen Becker Costa Dubois Evans`.split(/\s+/);

export const companyWords = `Harbor Point Red Mesa Prairie Cascade Summit Keystone Lakeside
Pinecrest Riverbend Granite Oakridge Bayview Canyon Heritage Liberty Meadow Northgate Pioneer
Silverline Sunrise Timber Westfield Evergreen Frontier Ironwood Juniper Maple Redwood Sierra`.split(
  /\s+/,
);
export const companySuffixes = [
  'Self Storage',
  'Storage Co.',
  'Lock & Store',
  'Vault Storage',
  'Mini Storage',
  'Storage Centers',
];

export const places: readonly (readonly [string, string])[] = [
  ['Quincy', 'America/New_York'],
  ['Salem', 'America/New_York'],
  ['Portsmouth', 'America/New_York'],
  ['Tempe', 'America/Phoenix'],
  ['Albuquerque', 'America/Denver'],
  ['Omaha', 'America/Chicago'],
  ['Lincoln', 'America/Chicago'],
  ['Tacoma', 'America/Los_Angeles'],
  ['Spokane', 'America/Los_Angeles'],
  ['Boise', 'America/Boise'],
  ['Austin', 'America/Chicago'],
  ['Tampa', 'America/New_York'],
  ['Raleigh', 'America/New_York'],
  ['Denver', 'America/Denver'],
  ['Reno', 'America/Los_Angeles'],
  ['Anchorage', 'America/Anchorage'],
  ['Honolulu', 'Pacific/Honolulu'],
  ['Detroit', 'America/Detroit'],
  ['Louisville', 'America/Kentucky/Louisville'],
  ['Indianapolis', 'America/Indiana/Indianapolis'],
];

export const gateNames = [
  'main gate',
  'exit gate',
  'RV gate',
  'pedestrian gate',
  'building A door',
  'building B door',
  'elevator',
  'loading bay door',
];

export interface SubjectTemplate {
  subject: string;
  productLine: ProductLine;
  category: Category;
  helpTopic: string;
}

export const subjectTemplates: readonly SubjectTemplate[] = [
  ['Gate keypad offline', 'pti_hardware', 'technical', 'PTI Keypads'],
  ['Keypad shows ACCESS DENIED for a valid code', 'pti_hardware', 'technical', 'PTI Keypads'],
  ['Keypad display blank', 'pti_hardware', 'technical', 'PTI Keypads'],
  ['Door alarm false triggers at night', 'pti_hardware', 'technical', 'Door Alarms'],
  ['Door alarm does not arm for unit {unit}', 'pti_hardware', 'technical', 'Door Alarms'],
  ['Elevator not releasing upper floors', 'pti_hardware', 'technical', 'Elevators'],
  ['Gate stays open after vehicle exits', 'pti_hardware', 'technical', 'Gates'],
  ['Gate does not open for tenants', 'pti_hardware', 'technical', 'Gates'],
  ['Controller not checking in', 'pti_hardware', 'technical', 'Controllers'],
  ['Intercom has no audio', 'pti_hardware', 'technical', 'Intercoms'],
  ['RMA request for damaged keypad', 'pti_hardware', 'general', 'RMA'],
  ['Replacement controller board', 'pti_hardware', 'billing', 'RMA'],
  ['StorLogix shows site offline', 'pti_software', 'technical', 'StorLogix'],
  ['Access codes not syncing after move-in', 'pti_software', 'technical', 'StorLogix'],
  ['Overlocked tenant still gets in', 'pti_software', 'technical', 'StorLogix'],
  ['Move-out did not remove access for unit {unit}', 'pti_software', 'technical', 'StorLogix'],
  ['Duplicate access codes after import', 'pti_software', 'technical', 'StorLogix'],
  ['Holiday schedule not applied', 'pti_software', 'technical', 'Schedules'],
  ['Area closed message during opening hours', 'pti_software', 'technical', 'Schedules'],
  ['How do I export gate activity?', 'pti_software', 'general', 'Reports'],
  ['Licence renewal for StorLogix', 'pti_software', 'licence', 'Licensing'],
  ['Licence key not accepted', 'pti_software', 'licence', 'Licensing'],
  ['Invoice question for support plan', 'pti_software', 'billing', 'Billing'],
  ['Add a second workstation', 'pti_software', 'licence', 'Licensing'],
  ['Database backup failed', 'pti_software', 'technical', 'StorLogix'],
  ['DigiGate reader not reading cards', 'digigate_hardware', 'technical', 'DigiGate Readers'],
  ['DigiGate controller LED blinking amber', 'digigate_hardware', 'technical', 'DigiGate'],
  ['Mobile credential not working at gate', 'digigate_hardware', 'technical', 'DigiGate'],
  ['Bluetooth reader range too short', 'digigate_hardware', 'technical', 'DigiGate Readers'],
  ['DigiGate hardware warranty claim', 'digigate_hardware', 'billing', 'RMA'],
  ['DigiGate app does not show my units', 'digigate_software', 'technical', 'DigiGate App'],
  ['DigiGate cloud sync delayed', 'digigate_software', 'technical', 'DigiGate Cloud'],
  ['DigiGate subscription renewal', 'digigate_software', 'licence', 'Licensing'],
  ['Tenant cannot sign in to the DigiGate app', 'digigate_software', 'general', 'DigiGate App'],
  ['DigiGate invoice does not match site count', 'digigate_software', 'billing', 'Billing'],
].map(([subject, productLine, category, helpTopic]) => ({
  subject: subject!,
  productLine: productLine as ProductLine,
  category: category as Category,
  helpTopic: helpTopic!,
}));

/** Sentences people actually write; {unit}, {code}, {gate}, {site}, {time}, {serial} are filled in. */
export const sentenceTemplates = [
  'The {gate} keypad at {site} shows OFFLINE and does not respond to codes.',
  'A tenant in unit {unit} gets ACCESS DENIED with code {code}.',
  'We power-cycled the controller and reseated the network cable in the gate box.',
  'Please check that the keypad has power at the connector and send us a photo of the LEDs.',
  'Could you restart the StorLogix service on the office PC and let us know if the banner clears?',
  'The access level for that tenant did not include the gate schedule.',
  'We need the serial number {serial} confirmed before we can open an RMA.',
  'The firmware on this controller is two versions behind; we will update it tonight.',
  'It happened again this morning around {time}, same gate.',
  'The tenant confirmed the code works again. Thank you!',
  'Any update on this? Tenants are asking at the office.',
  'Checked the gateway logs: three disconnects overnight, all around {time}.',
  'Customer is on free support; no callback possible, keep to email.',
  'Same symptom as last month at {site}. If it recurs, send an installer.',
  'Escalated to engineering with the controller logs attached.',
  'Unit {unit} was overlocked for unpaid rent but the keypad still granted access.',
  'After the storm the {gate} has a blank display and no beep.',
  'The exit loop detector LED stays lit with no vehicle present.',
  'Your licence has been renewed and the new key is active.',
  'We moved the tenant from unit {unit} and issued a new code {code}.',
  'The elevator only goes to the ground floor for every code since {time}.',
  'Photo of the controller attached; the second LED is blinking amber.',
  'The holiday schedule shows AREA CLOSED even though the office is open.',
  'Glad that sorted it. I am marking this resolved; reply within 7 days if anything comes back.',
  'The replacement part has shipped with serial {serial}; tracking is in the email.',
  'Tenants at {site} report the {gate} opens only after several tries.',
];

export const logLines = [
  '{time} controller {serial} heartbeat timeout after 30s',
  '{time} keypad 2 code {code} ACCESS DENIED (no access level)',
  '{time} keypad 1 code {code} ACCESS GRANTED unit {unit}',
  '{time} gateway sync queued 14 operations; site offline',
  '{time} door alarm zone 3 unit {unit} OPEN while armed',
  '{time} link down on port 2, retrying',
  '{time} firmware check: installed 4.2.1, available 4.3.0',
];

export const systemBodies = [
  'Status changed from NEW to OPEN.',
  'Status changed from OPEN to ANSWERED.',
  'Status changed from ANSWERED to OPEN.',
  'Status changed from OPEN to RESOLVED.',
  'Status changed from RESOLVED to CLOSED. Please rate how we did.',
  'Priority changed from normal to high.',
  'Callback booked with the site manager.',
  'Assigned to a technician.',
];

export const kbSectionTitles = [
  'StorLogix software',
  'DigiGate',
  'Keypads',
  'Gates and operators',
  'Door alarms',
  'Elevators',
  'Intercoms',
  'RMA and warranty',
  'Licensing and billing',
  'Networking',
];

export const kbTitleTemplates = [
  'How to reset a {thing}',
  'Troubleshooting a {thing} that is offline',
  'Wiring a {thing} to the controller',
  'Updating {thing} firmware',
  'Replacing a {thing} under warranty',
  'Configuring schedules for a {thing}',
];
export const kbThings = [
  'keypad',
  'controller',
  'door alarm',
  'gate operator',
  'elevator interface',
  'intercom',
  'DigiGate reader',
  'StorLogix workstation',
  'loop detector',
  'network switch',
];

// A planted word must be findable exactly where the dataset puts it: the search benchmark's
// expected match counts depend on it, so a clash is a programming error, caught at load time.
for (const list of [commonWords, domainWords, sentenceTemplates, logLines, systemBodies]) {
  for (const text of list) {
    const lower = text.toLowerCase();
    for (const planted of [plantedCommonWord, plantedRareWord]) {
      if (new RegExp(`\\b${planted}`).test(lower))
        throw new Error(`the vocabulary must not contain the planted word "${planted}": "${text}"`);
    }
  }
}
