/**
 * The demo knowledge base: the sections of PTI's support portal, each with a few articles of the
 * kind site managers and installers look for. Plain text; paragraphs separated by blank lines.
 */
export interface DemoKbSection {
  slug: string;
  title: string;
  description: string;
  articles: readonly DemoKbArticle[];
}

export interface DemoKbArticle {
  slug: string;
  title: string;
  summary: string;
  body: string;
  /** Views so far, for the "top articles" list. */
  views: number;
}

export const demoKnowledgeBase: readonly DemoKbSection[] = [
  {
    slug: 'how-to-use-the-customer-portal',
    title: 'How to Use the Customer Portal',
    description: 'Accounts, tickets, statuses and your settings.',
    articles: [
      {
        slug: 'create-your-support-account',
        title: 'STEP 1 - Create Your Account',
        summary: 'Request an account, confirm your email and activate it.',
        views: 1840,
        body: 'Choose Request Account, enter your name and email address, and submit. You will receive an account confirmation email: click the link in it to confirm your account.\n\nYou are then asked for your company, contact name, contact phone and address to activate the account. Tickets can only be raised from an activated account.',
      },
      {
        slug: 'how-do-i-submit-support-tickets',
        title: 'How Do I Submit Support Tickets?',
        summary: 'Sign in, choose Submit Ticket and pick the product line.',
        views: 1622,
        body: 'Sign in and choose Submit Ticket. Pick the product line you need help with (DigiGate hardware, DigiGate software, PTI hardware or PTI software), the help topic, a subject and a message describing the problem. Attach screenshots or log files if you have them.\n\nYou receive an email confirming the ticket number. To add information later, reply on the same ticket rather than opening a new one.',
      },
      {
        slug: 'what-do-ticket-statuses-mean',
        title: 'What Do the Ticket Statuses Mean?',
        summary: 'NEW, OPEN, ANSWERED, SCHEDULED, RESOLVED and CLOSED explained.',
        views: 1210,
        body: 'NEW (yellow): we have your ticket and a technician will pick it up. OPEN (orange): a technician is working on it. ANSWERED (green): we replied and are waiting for you; your reply puts it back to OPEN. SCHEDULED (blue): a callback is booked. RESOLVED (grey): we believe the problem is fixed; you can reopen it within 7 days. CLOSED (black): final; open a follow-up ticket if the problem returns.',
      },
    ],
  },
  {
    slug: 'software',
    title: 'Software',
    description: 'StorLogix, StorLogix Cloud and the PTI software suite.',
    articles: [
      {
        slug: 'storlogix-offline-message',
        title: 'StorLogix shows "Storlogix offline"',
        summary: 'What the offline banner means and how to bring the site back online.',
        views: 1395,
        body: 'The banner appears when StorLogix cannot reach the site controller. Keypads keep working with the codes they already hold, but new move-ins, move-outs and overlocks wait until the connection is back.\n\nCheck that the site controller has power and a network link (the green LED beside the port), then restart the StorLogix service. Changes made while offline are sent in order as soon as the connection returns.',
      },
      {
        slug: 'full-resync-of-access-codes',
        title: 'Running a full resync of access codes',
        summary: 'Push every unit, code and access level to the site again.',
        views: 744,
        body: 'A full resync sends every tenant, access code and access level from your management software to the site again. Use it after replacing a controller or restoring a backup.\n\nRun it outside business hours: keypads may answer slowly while thousands of codes are written. Codes are unique within a site, so duplicates are reported rather than written.',
      },
    ],
  },
  {
    slug: 'digigate',
    title: 'DigiGate',
    description: 'DigiGate cloud access, mobile access and subscriptions.',
    articles: [
      {
        slug: 'digigate-mobile-access-not-opening-gate',
        title: 'Mobile access does not open the gate',
        summary: 'Bluetooth, location permission and the tenant’s access level.',
        views: 688,
        body: 'Ask the tenant to allow location and Bluetooth for the DigiGate app and to stand within a few metres of the keypad. Check that the tenant has an access level that includes the gate at this time of day: outside the schedule the keypad answers AREA CLOSED.\n\nIf only one phone fails, sign out of the app and back in so it fetches a fresh key.',
      },
      {
        slug: 'digigate-cloud-sync-delays',
        title: 'DigiGate cloud sync is delayed',
        summary: 'Why changes can take minutes to reach the site, and what to check.',
        views: 402,
        body: 'Changes travel from the cloud to the site controller over its internet connection. A delay of more than five minutes usually means the controller lost its connection or its clock drifted.\n\nCheck the controller status page for the last contact time and make sure it uses NTP for its clock.',
      },
    ],
  },
  {
    slug: 'rma',
    title: 'RMA (Return Merchandise Authorization)',
    description: 'Returning failed hardware for repair or replacement.',
    articles: [
      {
        slug: 'rma-website',
        title: 'RMA Website',
        summary: 'How to request an RMA number before shipping hardware back.',
        views: 1502,
        body: 'Every return needs an RMA number: raise a ticket with the product line PTI hardware or DigiGate hardware, the serial number and a description of the fault. We reply with the RMA number and the shipping address.\n\nWrite the RMA number on the outside of the box. Returns without one cannot be processed.',
      },
      {
        slug: 'advance-replacement',
        title: 'Advance replacement for keypads and controllers',
        summary: 'Preferred support customers can get a replacement before returning the unit.',
        views: 311,
        body: 'With preferred support, we ship a replacement keypad or controller before the failed one comes back. Return the failed unit within 30 days using the prepaid label in the box.',
      },
    ],
  },
  {
    slug: 'hardware',
    title: 'Hardware',
    description: 'Controllers, wiring, power and network for PTI hardware.',
    articles: [
      {
        slug: 'power-cycling-a-site-controller',
        title: 'Power-cycling a site controller safely',
        summary: 'The order to restart the controller, keypads and network.',
        views: 830,
        body: 'Switch off the controller, wait thirty seconds, then switch on the network switch first and the controller second. Keypads reconnect on their own within two minutes.\n\nDo not power-cycle during a full resync: the resync starts over.',
      },
      {
        slug: 'surge-protection-after-storms',
        title: 'Surge protection after a storm',
        summary: 'Blank keypad displays after lightning usually mean a blown fuse.',
        views: 517,
        body: 'A keypad whose display stays blank after a storm has usually blown its fuse or its surge protector. Check the fuse on the keypad board and the surge protector on the data line.\n\nReplace a surge protector that shows a red indicator; it has done its job and will not protect again.',
      },
    ],
  },
  {
    slug: 'upgrade-to-preferred-support',
    title: 'Upgrade to Preferred Support',
    description: 'What preferred support adds and how to renew it.',
    articles: [
      {
        slug: 'free-vs-preferred-support',
        title: 'Free and preferred support compared',
        summary: 'Response times, callbacks and advance replacement.',
        views: 960,
        body: 'Free support answers within 72 business hours by email. Preferred support answers within 24 hours, lets you book callbacks with a technician, and includes advance replacement of failed hardware.\n\nCritical problems (a site with no gate access) are answered within one hour around the clock on preferred support.',
      },
      {
        slug: 'renewing-preferred-support',
        title: 'Renewing preferred support',
        summary: 'Renew before the expiry date to keep callbacks available.',
        views: 248,
        body: 'Your tier and its expiry date are shown under My Settings. Raise a billing ticket to renew; callbacks booked after the expiry date are cancelled until the renewal is processed.',
      },
    ],
  },
  {
    slug: 'lighting-controls',
    title: 'Lighting Controls',
    description: 'Schedules and relays for hallway and yard lighting.',
    articles: [
      {
        slug: 'lighting-schedule-not-followed',
        title: 'Lights do not follow the schedule',
        summary: 'Check the controller clock and daylight saving settings.',
        views: 284,
        body: 'Lighting schedules run on the site controller’s clock, in the site’s own time zone. If the lights switch an hour early or late, check the time zone and the daylight saving setting of the controller.',
      },
      {
        slug: 'lighting-relay-wiring',
        title: 'Wiring a lighting relay',
        summary: 'Relay ratings and the contactor you need for large circuits.',
        views: 133,
        body: 'Controller relays switch at most 2 A. Drive a contactor for hallway lighting circuits; never switch the lighting load through the controller relay directly.',
      },
    ],
  },
  {
    slug: 'intercoms',
    title: 'Intercoms',
    description: 'Gate intercoms and office call stations.',
    articles: [
      {
        slug: 'intercom-not-ringing-office',
        title: 'Gate intercom does not ring the office',
        summary: 'Check the call station, the line and the forwarding number.',
        views: 376,
        body: 'Press the call button and listen for the dial tone at the gate. No tone points to the line or the power supply; a tone without ringing points to the forwarding number programmed in the call station.\n\nAfter hours, calls forward to the number set for the site; check it is still answered.',
      },
      {
        slug: 'intercom-echo',
        title: 'Echo or howling on the intercom',
        summary: 'Lower the speaker volume and check the gasket.',
        views: 121,
        body: 'Echo usually means the speaker volume is too high for the microphone gain. Lower the volume one step at a time, and check that the rubber gasket between speaker and microphone is in place.',
      },
    ],
  },
  {
    slug: 'gates',
    title: 'Gates',
    description: 'Gate operators, relays and safety loops.',
    articles: [
      {
        slug: 'gate-stays-open',
        title: 'Gate stays open after a vehicle exits',
        summary: 'Exit loops, photo eyes and the close timer.',
        views: 702,
        body: 'A gate that stays open is usually held by its exit loop or photo eye. Check the loop detector LED: if it stays lit with no vehicle, the loop needs resetting or the wire is damaged.\n\nFor problems with the gate operator itself, call your local installer: PTI supports the keypad and the relay that tells the operator to open.',
      },
      {
        slug: 'gate-hours-after-dst',
        title: 'Gate hours wrong after the clocks change',
        summary: 'Access hours follow the site’s time zone.',
        views: 455,
        body: 'Access hours (the schedules of access levels) are kept in the site’s own time zone. If they are one hour off after the clocks change, set the controller to the site’s time zone name instead of a fixed offset.',
      },
    ],
  },
  {
    slug: 'installation-guides',
    title: 'Installation Guides',
    description: 'Step-by-step guides for installers.',
    articles: [
      {
        slug: 'installing-a-keypad-pedestal',
        title: 'Installing a keypad on a gooseneck pedestal',
        summary: 'Height, conduit and grounding for a drive-up keypad.',
        views: 298,
        body: 'Mount the keypad 1.1 m above the drive lane so drivers of cars and trucks can reach it. Run data and power in separate conduits, and ground the pedestal at the base.',
      },
      {
        slug: 'mapping-units-to-pti-names',
        title: 'Mapping units to PTI unit names',
        summary: 'Unit names are 1–10 characters with no spaces.',
        views: 512,
        body: 'Each unit in your management software maps to a PTI unit name of 1 to 10 characters with no spaces, for example A101 or RV12. A name with a space is refused by the controller (error -3).\n\nMap every unit before the first full resync so door alarms and overlocks apply to the right door.',
      },
    ],
  },
  {
    slug: 'product-specifications',
    title: 'Product Specifications',
    description: 'Electrical and environmental specifications.',
    articles: [
      {
        slug: 'keypad-operating-temperature',
        title: 'Keypad operating temperature and rating',
        summary: 'Temperature range and weather rating of outdoor keypads.',
        views: 187,
        body: 'Outdoor keypads operate from -30 °C to 65 °C and are rated for rain and dust. Below -30 °C the display may respond slowly; a heater kit is available.',
      },
      {
        slug: 'controller-power-requirements',
        title: 'Controller power requirements',
        summary: 'Supply voltage and the battery backup that keeps gates working.',
        views: 142,
        body: 'The site controller needs 12–24 V DC at 2 A. A backup battery keeps keypads and gates working for about four hours during a power cut.',
      },
    ],
  },
  {
    slug: 'technical-drawings',
    title: 'Technical Drawings',
    description: 'Wiring diagrams and mounting drawings.',
    articles: [
      {
        slug: 'rs485-wiring-diagram',
        title: 'RS-485 wiring between controller and keypads',
        summary: 'Daisy-chain, termination and maximum cable length.',
        views: 365,
        body: 'Keypads connect to the controller on an RS-485 daisy chain of shielded twisted pair, up to 1,200 m in total. Terminate both ends of the chain with 120 Ω and ground the shield at the controller only.',
      },
      {
        slug: 'door-alarm-wiring-diagram',
        title: 'Door alarm wiring diagram',
        summary: 'Connecting wired door contacts to an alarm module.',
        views: 204,
        body: 'Each door contact is wired to one input of a door alarm module, normally closed. Modules connect to the controller on the same RS-485 bus as the keypads.',
      },
    ],
  },
  {
    slug: 'product-manuals',
    title: 'Product Manuals & Specifications',
    description: 'User manuals for PTI products.',
    articles: [
      {
        slug: 'keypad-user-manual',
        title: 'Keypad user manual: what the display messages mean',
        summary: 'ACCESS GRANTED, ACCESS DENIED, ACCESS SUSPENDED and AREA CLOSED.',
        views: 1104,
        body: 'ACCESS GRANTED: the code is valid now. ACCESS DENIED: the code is unknown, or the tenant has no access level. ACCESS SUSPENDED: the tenant is overlocked, usually for unpaid rent. AREA CLOSED: the code is valid but outside its schedule, in the site’s own time zone.',
      },
      {
        slug: 'overlock-and-suspension',
        title: 'Overlock: suspending a tenant’s access',
        summary: 'How overlock blocks a code and how to lift it.',
        views: 633,
        body: 'Overlocking a unit suspends its tenant’s code: the keypad shows ACCESS SUSPENDED. Lifting the overlock restores access at once. Unlocking a unit that is not overlocked is reported as an error (-22) and changes nothing.',
      },
    ],
  },
  {
    slug: 'falcon-products',
    title: 'Falcon Products',
    description: 'Falcon XT keypads and controllers.',
    articles: [
      {
        slug: 'falcon-xt-reset',
        title: 'Resetting a Falcon XT keypad',
        summary: 'Soft reset without losing its address.',
        views: 221,
        body: 'Hold the * and # keys together for ten seconds to restart a Falcon XT keypad. Its bus address and settings are kept. A factory reset clears the address and needs an installer.',
      },
      {
        slug: 'falcon-xt-address',
        title: 'Setting the bus address of a Falcon XT',
        summary: 'Every device on the bus needs its own address.',
        views: 109,
        body: 'Set each keypad to a unique address from 1 to 31 with its DIP switches before connecting it. Two devices with one address make both appear offline.',
      },
    ],
  },
  {
    slug: 'elevators',
    title: 'Elevators',
    description: 'Floor access control for storage elevators.',
    articles: [
      {
        slug: 'elevator-floor-access',
        title: 'Elevator not releasing upper floors',
        summary: 'Floor access follows the tenant’s unit and access level.',
        views: 348,
        body: 'The elevator controller releases the floors of the tenant’s units only. If a tenant cannot reach their floor, check that their unit is mapped to the right floor and that their access level includes the elevator.',
      },
      {
        slug: 'elevator-fire-recall',
        title: 'Elevator access during fire recall',
        summary: 'Fire recall always overrides access control.',
        views: 96,
        body: 'During fire recall the elevator ignores the keypad entirely. Access control resumes when the fire panel releases the recall.',
      },
    ],
  },
  {
    slug: 'digigate-hardware',
    title: 'DigiGate Hardware',
    description: 'DigiGate keypads, controllers and relays.',
    articles: [
      {
        slug: 'digigate-keypad-no-power',
        title: 'DigiGate keypad does not power on',
        summary: 'Check the supply, the fuse and the connector.',
        views: 415,
        body: 'Measure the supply at the keypad connector: it needs 12 V DC. If the supply is present, check the fuse on the keypad board. A keypad that still stays dark needs an RMA.',
      },
      {
        slug: 'digigate-controller-reboots',
        title: 'DigiGate controller keeps rebooting',
        summary: 'Usually power or heat in the enclosure.',
        views: 262,
        body: 'Repeated reboots are usually a weak power supply or an enclosure that gets too hot. Check the supply under load and ventilate the enclosure; update the firmware if the controller is more than two versions behind.',
      },
    ],
  },
  {
    slug: 'door-alarms',
    title: 'Door Alarms',
    description: 'Unit door alarms, wired and wireless.',
    articles: [
      {
        slug: 'door-alarm-false-triggers',
        title: 'Door alarms trigger when nobody is there',
        summary: 'Loose contacts, wind and the alarm delay.',
        views: 590,
        body: 'False alarms usually come from a loose door contact or a door that moves in the wind. Check the gap between magnet and contact (at most 12 mm) and raise the alarm delay if the doors rattle.',
      },
      {
        slug: 'wireless-door-alarm-batteries',
        title: 'Wireless door alarm batteries',
        summary: 'How long batteries last and how low batteries are reported.',
        views: 437,
        body: 'Wireless door alarm batteries last about three years. A low battery is reported to the controller weeks before it fails, so you can replace them on a routine walk-round.',
      },
    ],
  },
  {
    slug: 'pti-keypads',
    title: 'PTI Keypads',
    description: 'Access codes, keypad messages and troubleshooting.',
    articles: [
      {
        slug: 'keypad-offline',
        title: 'Keypad shows OFFLINE',
        summary: 'The keypad lost its connection to the controller.',
        views: 1288,
        body: 'A keypad shows OFFLINE when it cannot talk to the site controller. Check the data cable and its termination, then restart the keypad. Tenants cannot enter codes while it is offline; let them in from the office and keep a log.',
      },
      {
        slug: 'valid-code-access-denied',
        title: 'A valid code shows ACCESS DENIED',
        summary: 'The code exists but has no access level, or is not at this site.',
        views: 977,
        body: 'A code that exists but shows ACCESS DENIED usually has no access level: a user without an access level is stored but denied. Give the tenant an access level and run a sync. Codes are digits only, commonly 4 to 10 long, and unique within a site.',
      },
    ],
  },
  {
    slug: 'pti-site-graphics',
    title: 'PTI Site Graphics',
    description: 'The site map that shows units, doors and alarms.',
    articles: [
      {
        slug: 'adding-units-to-site-map',
        title: 'Adding new units to the site map',
        summary: 'Draw the units, then map them to PTI unit names.',
        views: 233,
        body: 'Open the site map editor, draw the new units on their building and floor, and give each the PTI unit name it has in your management software. Units without a name are shown grey and do not report door alarms.',
      },
      {
        slug: 'site-map-colours',
        title: 'What the site map colours mean',
        summary: 'Rented, vacant, overlocked and in alarm.',
        views: 178,
        body: 'Green units are rented, white are vacant, orange are overlocked and red have an open door alarm. A flashing unit has an alarm that nobody has acknowledged yet.',
      },
    ],
  },
];
