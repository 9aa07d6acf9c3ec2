/**
 * The units the demo seeds at every site. The PTI gateway emulator's demo gives every site at
 * least units A101–A108 in building A (door alarm channels 1–8, in that order) and drive-ups
 * DU01–DU06, so these names are known to the gateway whatever else a site has. The mix is what
 * an installer meets on a real site: units already mapped, drive-ups waiting to be mapped (their
 * labels match PTI names, so "match by name" finds them), and lockers the gateway does not know
 * under their labels.
 */
export interface DemoUnit {
  label: string;
  ptiUnitName: string | null;
  building: string | null;
  accessArea: number | null;
  doorAlarmChannel: number | null;
}

export const demoUnits: readonly DemoUnit[] = [
  ...Array.from({ length: 8 }, (_, i) => ({
    label: `A${101 + i}`,
    ptiUnitName: `A${101 + i}`,
    building: 'A',
    accessArea: 1,
    doorAlarmChannel: i + 1,
  })),
  ...Array.from({ length: 6 }, (_, i) => ({
    label: `DU${String(i + 1).padStart(2, '0')}`,
    ptiUnitName: null,
    building: 'Drive-up',
    accessArea: null,
    doorAlarmChannel: null,
  })),
  ...Array.from({ length: 4 }, (_, i) => ({
    label: `Locker ${i + 1}`,
    ptiUnitName: null,
    building: 'Office',
    accessArea: null,
    doorAlarmChannel: null,
  })),
];
